// "Vælg alle" / "Vælg ingen" on the hours to approve; without this script the boxes are ticked one by one.
(function () {
  document.querySelectorAll("form.js-hours-select").forEach(function (form) {
    var bar = form.querySelector(".samskab-select-all");
    if (!bar) return;
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var which = event.target.closest("[data-select]");
      if (!which) return;
      var on = which.getAttribute("data-select") === "all";
      form.querySelectorAll("input[name=entries]").forEach(function (box) {
        box.checked = on;
      });
    });
  });
})();
