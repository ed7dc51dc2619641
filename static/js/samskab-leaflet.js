/* One way to start a small Leaflet map: its element carries the start point and the tile server
   (templates/_leaflet_attrs.html), so no page writes the municipality or the tiles into script. */
window.SamskabLeaflet = {
  map: function (el, zoom, options) {
    var d = el.dataset;
    var map = L.map(el, options || {}).setView([parseFloat(d.centerLat), parseFloat(d.centerLon)], zoom);
    if (d.tilesEnabled === "1") L.tileLayer(d.tilesUrl, { attribution: d.tilesAttribution }).addTo(map);
    return map;
  }
};
