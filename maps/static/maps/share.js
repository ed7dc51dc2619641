/* The share page: build the iframe snippet from the form and show a live preview. */
(function () {
  "use strict";
  var form = document.getElementById("share-form");
  if (!form) return;
  var code = document.getElementById("share-code"), preview = document.getElementById("share-preview");
  function update() {
    var params = new URLSearchParams(), layers = [];
    form.querySelectorAll("input[name=layers]:checked").forEach(function (el) { layers.push(el.value); });
    if (layers.length) params.set("layers", layers.join(","));
    ["area", "lang", "zoom"].forEach(function (name) {
      var el = form.elements[name];
      if (el && el.value) params.set(name, el.value);
    });
    var height = parseInt(form.elements.height.value, 10) || 450;
    var url = form.getAttribute("data-embed-url") + (params.toString() ? "?" + params.toString() : "");
    var lang = form.elements.lang.value === "en" ? "en" : "da", area = form.elements.area;
    var title = area && area.value
      ? form.getAttribute("data-title-area-" + lang).replace("__AREA__", area.options[area.selectedIndex].text)
      : form.getAttribute("data-title-" + lang);
    title = title.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
    code.value = '<iframe src="' + url + '" title="' + title + '" width="100%" height="' +
      height + '" style="border:0" loading="lazy"></iframe>';
    if (preview.getAttribute("src") !== url) preview.setAttribute("src", url);
    preview.style.height = height + "px";
  }
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
