// Copy buttons (templates/includes/copy.html). Without JavaScript each is a disclosure that
// shows a read-only field holding the value, to select and copy by hand. Here it becomes a
// button that puts the value on the clipboard and says so; where the clipboard cannot be
// written (an old browser, a page not served over HTTPS), it opens the field, selected.
(function () {
  "use strict";
  var status = document.querySelector("[role=status][data-copied]");
  var announce = function (button) {
    var text = button.querySelector(".copy__done");
    button.classList.add("copy__button--done");
    text.hidden = false;
    if (status) {
      status.textContent = "";
      status.textContent = status.getAttribute("data-copied");
    }
    window.setTimeout(function () {
      button.classList.remove("copy__button--done");
      text.hidden = true;
    }, 2500);
  };
  var fallBack = function (details) {
    details.hidden = false;
    details.open = true;
    var field = details.querySelector(".copy__field");
    field.focus();
    field.select();
  };
  document.querySelectorAll("details.copy[data-copy-value]").forEach(function (details) {
    var summary = details.querySelector("summary");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy__button";
    button.innerHTML = summary.innerHTML;
    var done = document.createElement("span");
    done.className = "copy__done";
    done.hidden = true;
    done.setAttribute("aria-hidden", "true");
    done.textContent = status ? " ✓" : "";
    button.appendChild(done);
    details.parentNode.insertBefore(button, details);
    details.hidden = true;
    button.addEventListener("click", function () {
      var value = details.getAttribute("data-copy-value");
      if (!navigator.clipboard || !window.isSecureContext) {
        fallBack(details);
        return;
      }
      navigator.clipboard.writeText(value).then(
        function () {
          announce(button);
        },
        function () {
          fallBack(details);
        }
      );
    });
  });
})();
