/* Choropleth of the involvement index: the area polygons only, no tiles, coloured by quintile. */
(function () {
  "use strict";
  var el = document.getElementById("involvement-map");
  if (!el || typeof L === "undefined") return;
  var groups = JSON.parse(document.getElementById("involvement-colours").textContent);
  var fill = { 5: "#08306b", 4: "#2171b5", 3: "#6baed6", 2: "#c6dbef", 1: "#f7fbff" };
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false });
  fetch(el.getAttribute("data-areas-url")).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      style: function (f) {
        var g = groups[f.properties.slug];
        return { color: "#333", weight: 1, fillOpacity: 0.85, fillColor: g ? fill[g] : "#bdbdbd" };
      },
      onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); }
    }).addTo(map);
    map.fitBounds(layer.getBounds());
    el.setAttribute("data-loaded", "true");
  });
})();
