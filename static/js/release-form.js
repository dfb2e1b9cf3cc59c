/* A release's change form (templates/admin/releases/release/change_form.html):
   - a visible label for modeltranslation's language switch, which flips every translated field;
   - the live preview: each Markdown field rendered, as it is typed, beside itself, by the same
     renderer and sanitiser as the public page (a POST to the admin's live-preview URL).
   A file, not an inline script: the Content-Security-Policy allows only the site's own scripts.
   It runs on "load", after modeltranslation has built its tabs and switch on document ready. */
(function () {
  "use strict";
  var config = document.getElementById("release-form-config");
  if (!config) return;

  function labelLanguageSwitch() {
    var select = document.getElementById("modeltranslation-main-switch");
    if (!select || document.querySelector("label[for='modeltranslation-main-switch']")) return;
    var label = document.createElement("label");
    label.htmlFor = select.id;
    label.className = "language-switch-label";
    label.textContent = config.dataset.switchLabel;
    select.parentNode.insertBefore(label, select);
  }

  // The admin's own widgets, made legible to assistive technology (axe-core finds nothing):
  function localTabsWithoutLinks() {
    // jQuery UI loads a tab whose link is not to this page over the network; the tabs of
    // modeltranslation are all on this page, links or not. False when jQuery UI is not there.
    var jq = window.jQuery || (window.django && window.django.jQuery);
    var tabs = jq && jq.ui && jq.ui.tabs;
    if (!tabs) return false;
    if (!tabs.prototype.newsroomLocal) {
      var isLocal = tabs.prototype._isLocal;
      tabs.prototype._isLocal = function (anchor) {
        return !anchor.hasAttribute("href") || isLocal.call(this, anchor);
      };
      tabs.prototype.newsroomLocal = true;
    }
    return true;
  }

  function mendTabs() {
    // jQuery UI's tabs put a link inside each tab, a second focusable control inside the first;
    // the tab itself takes focus and the arrow keys (jQuery UI's handlers stay on the link).
    var links = document.querySelectorAll("[role=tab] > a[href]");
    if (!links.length || !localTabsWithoutLinks()) return;
    links.forEach(function (link) {
      link.removeAttribute("href");
      link.setAttribute("role", "presentation");
    });
  }

  function labelOf(select) {
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    return select.getAttribute("aria-label") || (label ? label.textContent.replace(/:\s*$/, "").trim() : "");
  }

  function mendAutocompletes() {
    // select2 names its box after the value chosen, so an empty box has no name at all.
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      var name = labelOf(select);
      if (!box || !box.classList.contains("select2") || !name) return;
      box.querySelectorAll("[role=combobox]").forEach(function (combobox) {
        combobox.removeAttribute("aria-labelledby");
        combobox.setAttribute("aria-label", name);
      });
      box.querySelectorAll("[role=textbox]").forEach(function (text) { text.setAttribute("aria-label", name); });
      box.querySelectorAll(".select2-search__field").forEach(function (field) { field.setAttribute("aria-label", name); });
      box.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) { list.setAttribute("role", "presentation"); });
      box.querySelectorAll("ul.select2-selection__rendered > li").forEach(function (item) { item.setAttribute("role", "presentation"); });
    });
  }

  function nameEmptyHeaders() {
    // The inlines' first column holds each saved row's name; its header is empty.
    document.querySelectorAll("thead th.original").forEach(function (th) {
      if (th.textContent.trim()) return;
      var text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = config.dataset.rowLabel;
      th.append(text);
    });
  }

  function mend() {
    labelLanguageSwitch();
    mendTabs();
    mendAutocompletes();
    nameEmptyHeaders();
  }

  function preview(textarea, pane, language) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
    var body = new FormData();
    body.append("text", textarea.value);
    body.append("language", language);
    fetch(config.dataset.previewUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        // The server's sanitiser made this HTML (newsroom.markdown), as on the public page.
        pane.querySelector(".live-preview__content").innerHTML = html;
      })
      .catch(function () {
        pane.querySelector(".live-preview__content").textContent = config.dataset.previewFailed;
      });
  }

  function attachPreview(textarea) {
    var language = textarea.id.slice(-2);
    var pane = document.createElement("div");
    pane.className = "live-preview";
    pane.setAttribute("aria-live", "polite");
    var heading = document.createElement("p");
    heading.className = "live-preview__heading";
    heading.textContent = config.dataset.previewLabel + " (" + language.toUpperCase() + ")";
    var content = document.createElement("div");
    content.className = "live-preview__content";
    pane.append(heading, content);
    var wrapper = document.createElement("div");
    wrapper.className = "live-preview-pair";
    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.append(textarea, pane);
    var timer = null;
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { preview(textarea, pane, language); }, 300);
    });
    preview(textarea, pane, language);
  }

  function placeCheatSheet() {
    // Written after the form's fields (no JavaScript, still there); moved under the body.
    var help = document.querySelector(".markdown-help");
    var body = document.getElementById("id_body_es");
    var row = body && body.closest(".form-row");
    if (help && row) row.after(help);
  }

  window.addEventListener("load", function () {
    mend();
    // Rows added with "Add another" get their tabs and select2 boxes after this: mend them too.
    var pending = null;
    new MutationObserver(function () {
      clearTimeout(pending);
      pending = setTimeout(mend, 50);
    }).observe(document.getElementById("content"), { childList: true, subtree: true });
    placeCheatSheet();
    ["id_body_es", "id_body_en", "id_background_es", "id_background_en"].forEach(function (id) {
      var textarea = document.getElementById(id);
      if (textarea && !textarea.readOnly) attachPreview(textarea);
    });
  });
})();
