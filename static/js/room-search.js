/* Room search: show the fields of the chosen "when" (one day or every week); without JS both show.
   htmx replaces the whole form with its results, so listen on the document and look again after a swap. */
(function () {
  "use strict";
  function show() {
    var form = document.querySelector(".samskab-search");
    if (!form) return;
    var chosen = form.querySelector("input[name=mode]:checked");
    var mode = chosen ? chosen.value : "date";
    form.querySelectorAll("[data-when]").forEach(function (group) {
      group.hidden = group.getAttribute("data-when") !== mode;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "mode" && event.target.closest(".samskab-search")) show();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "room-search") return;
    show();
    // The button that had focus is gone: move focus to what is wrong, or else to the results.
    var next = event.detail.target.querySelector(".alert-error, #results h2");
    if (next) {
      next.setAttribute("tabindex", "-1");
      next.focus();
    }
  });
  show();
})();
