/* The volunteer picks her exact point on a small map; it fills the hidden lat/lon fields. */
(function () {
  "use strict";
  var el = document.getElementById("pick-map");
  if (!el) return;
  var lat = document.getElementById("id_lat"), lon = document.getElementById("id_lon");
  var status = document.getElementById("pick-status");
  var map = SamskabLeaflet.map(el, 11), marker = null;
  function place(ll) {
    if (marker) marker.setLatLng(ll); else marker = L.marker(ll).addTo(map);
    lat.value = ll.lat.toFixed(6);
    lon.value = ll.lng.toFixed(6);
    status.textContent = el.dataset.pickedText;
  }
  if (lat.value && lon.value) {
    place(L.latLng(lat.value, lon.value));
    map.setView([lat.value, lon.value], 13);
  }
  map.on("click", function (e) { place(e.latlng); });
  el.closest("details").addEventListener("toggle", function () { map.invalidateSize(); });
})();
