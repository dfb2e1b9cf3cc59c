// A field marked data-select-on-focus selects its text when focused, ready to copy (a file,
// not an onfocus attribute: the Content-Security-Policy refuses inline event handlers).
document.addEventListener("focusin", (event) => {
  if (event.target.matches("[data-select-on-focus]")) {
    event.target.select();
  }
});
