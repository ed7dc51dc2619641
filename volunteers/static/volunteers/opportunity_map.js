(function () {
  var el = document.getElementById("opportunity-map");
  if (!el || !window.L) return;
  var points = JSON.parse(document.getElementById("opportunity-points").textContent);
  var map = SamskabLeaflet.map(el, 10);
  var bounds = [];
  points.forEach(function (p) {
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.title;
    L.marker([p.lat, p.lon], {title: p.title, alt: p.title}).addTo(map).bindPopup(link);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) map.fitBounds(bounds, {maxZoom: 13, padding: [20, 20]});
})();
