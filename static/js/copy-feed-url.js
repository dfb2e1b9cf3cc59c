// Copy buttons on the subscribe page. Without JavaScript they stay hidden and an address is
// selected with one click (CSS user-select: all); with it, a button copies the address and
// says so. Where the clipboard cannot be written, the button selects the address instead.
(function () {
  "use strict";
  var status = document.getElementById("copy-status");
  var copied = status.getAttribute("data-copied");
  var select = function (element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var address = document.getElementById(button.getAttribute("data-copy"));
    if (!address) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!navigator.clipboard) {
        select(address);
        return;
      }
      navigator.clipboard.writeText(address.textContent.trim()).then(
        function () {
          status.textContent = "";
          status.textContent = copied;
        },
        function () {
          select(address);
        }
      );
    });
  });
})();
