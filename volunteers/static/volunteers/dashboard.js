(function () {
  var data = JSON.parse(document.getElementById("dashboard-chart").textContent);
  if (window.Chart) {
    var c1 = document.getElementById("chart-signups"), c2 = document.getElementById("chart-hours");
    new Chart(c1, {type: "bar", data: {labels: data.labels, datasets: [{label: c1.dataset.label, data: data.signups, backgroundColor: "#0059b3"}]}, options: {animation: false}});
    new Chart(c2, {type: "line", data: {labels: data.labels, datasets: [{label: c2.dataset.label, data: data.hours, borderColor: "#006b3c", backgroundColor: "#006b3c"}]}, options: {animation: false}});
  }
  var el = document.getElementById("area-map");
  if (!el || !window.L) return;
  var areas = JSON.parse(document.getElementById("dashboard-areas").textContent);
  var map = SamskabLeaflet.map(el, 10);
  areas.forEach(function (a) {
    // One circle per local area, sized by the count: no person is ever placed on this map.
    var label = a.name + ": " + a.volunteers + " " + el.dataset.volunteersLabel + ", " + a.needs + " " + el.dataset.needsLabel;
    L.circleMarker([a.lat, a.lon], {radius: 6 + Math.sqrt(a.volunteers + a.needs) * 2, color: "#0059b3", weight: 2, fillOpacity: 0.35}).addTo(map).bindTooltip(label);
  });
})();
