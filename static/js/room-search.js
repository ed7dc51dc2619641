/* Room search: show the fields of the chosen "when" (one day or every week); without JS both show. */
(function () {
  "use strict";
  var form = document.querySelector(".samskab-search");
  if (!form) return;
  function show() {
    var chosen = form.querySelector("input[name=mode]:checked");
    var mode = chosen ? chosen.value : "date";
    form.querySelectorAll("[data-when]").forEach(function (group) {
      group.hidden = group.getAttribute("data-when") !== mode;
    });
  }
  form.addEventListener("change", function (event) {
    if (event.target.name === "mode") show();
  });
  show();
})();
