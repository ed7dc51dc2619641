/* Facilities from the GeoJSON API on a Leaflet map described by folium (JSON in the page): one clustered overlay per layer,
   a layer control, popups with details and directions, and deep links in the URL. */
(function () {
  "use strict";
  var DIRECTIONS = "https://www.openstreetmap.org/directions?route=%3B";

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function icon(layer, status) {
    var problem = status === "problem";
    return L.divIcon({
      className: "samskab-marker" + (problem ? " samskab-marker-problem" : ""),
      html: '<span style="background:' + esc(layer.colour) + '">' + esc(layer.icon) + "</span>" +
        (problem ? '<b aria-hidden="true">!</b>' : ""),
      iconSize: [30, 30],
      iconAnchor: [15, 15],
      popupAnchor: [0, -14]
    });
  }

  function popup(feature, layer, point, cfg) {
    var p = feature.properties, l = cfg.labels, rows = [];
    Object.keys(l.attributes).forEach(function (key) {
      if (p[key] !== undefined) rows.push(esc(l.attributes[key]) + ": " + (p[key] ? l.yes : l.no));
    });
    if (p.capacity) rows.push(esc(l.capacity) + ": " + esc(p.capacity));
    var target = cfg.embed ? ' target="_blank" rel="noopener"' : "";
    var html = '<div class="samskab-popup"><strong>' + esc(p.name) + "</strong><br>" +
      esc(layer.name) + (p.area ? " · " + esc(p.area) : "") + "<br>" +
      '<span class="samskab-status-' + esc(p.status) + '">' + esc(l.status[p.status] || p.status) + "</span>";
    if (rows.length) html += "<ul><li>" + rows.join("</li><li>") + "</li></ul>";
    html += '<p><a href="' + DIRECTIONS + point[0].toFixed(6) + "%2C" + point[1].toFixed(6) + '"' + target + ">" +
      esc(l.directions) + "</a> · " +
      '<a href="' + cfg.detailUrl.replace("/0/", "/" + feature.id + "/") + '"' + target + ">" + esc(l.details) + "</a></p></div>";
    return html;
  }

  function pointOf(geometry) {
    var c = geometry.coordinates;
    while (Array.isArray(c[0])) c = c[0];
    return [c[1], c[0]];
  }

  function setStatus(text) {
    document.querySelectorAll("[data-map-status]").forEach(function (el) { el.textContent = text; });
  }

  window.SamskabMap = {
    init: function (map, cfg) {
      /* One layer control: the page's own "Kortlag" checkboxes where the page has them (before the map,
         so the keyboard reaches them before the markers), else Leaflet's control (the embed). */
      var panel = document.querySelector("[data-map-layers]");
      var control = panel || cfg.control === false ? null : L.control.layers(null, {}, { collapsed: cfg.collapsed }).addTo(map);
      var groups = {}, sizes = {}, all = L.featureGroup();
      setStatus(cfg.labels.loading);

      function countShown() {
        var shown = 0;
        Object.keys(groups).forEach(function (slug) { if (map.hasLayer(groups[slug])) shown += sizes[slug]; });
        // The page's language writes the count: "1.186 steder" in Danish, "1,186 places" in English.
        var count = shown.toLocaleString(document.documentElement.lang || "da");
        setStatus((shown === 1 ? cfg.labels.shownOne : cfg.labels.shown).replace("%(count)s", count));
        map.getContainer().setAttribute("data-shown", shown);
        followDownload();
      }

      /* The page's download link asks for the layers switched on here, so the file holds what the map shows;
         with none on there is nothing to download. */
      function followDownload() {
        var link = document.querySelector("[data-map-download]");
        if (!link) return;
        var on = Object.keys(groups).filter(function (slug) { return map.hasLayer(groups[slug]); });
        var url = new URL(link.href);
        url.searchParams.set("layers", on.join(","));
        link.href = url.toString();
        link.parentNode.hidden = !on.length;
      }

      function checkbox(slug) {
        return panel && panel.querySelector('input[type=checkbox][value="' + slug + '"]');
      }

      fetch(cfg.areasUrl).then(function (r) { return r.json(); }).then(function (data) {
        var areas = L.geoJSON(data, {
          style: { color: "#333", weight: 1.5, fill: false, dashArray: "5 4" },
          interactive: false
        });
        var toggle = panel && panel.querySelector("[data-map-areas]");
        if (toggle) {
          toggle.hidden = false;
          var box = toggle.querySelector("input");
          if (box.checked) areas.addTo(map);
          box.addEventListener("change", function () {
            if (box.checked) { areas.addTo(map); areas.bringToBack(); } else { map.removeLayer(areas); }
          });
        } else {
          areas.addTo(map);
          if (control) control.addOverlay(areas, esc(cfg.labels.areas));
        }
        areas.bringToBack();
      }).catch(function () {});

      /* Every page of the answer, following its next links: a big municipality has more places than one page. */
      function loadAll(url, features) {
        return fetch(url, { headers: { Accept: "application/geo+json" } }).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        }).then(function (data) {
          for (var i = 0; i < data.features.length; i++) features.push(data.features[i]);
          var next = (data.links || []).filter(function (link) { return link.rel === "next"; })[0];
          if (next && data.features.length) return loadAll(next.href, features);
          return { features: features };
        });
      }

      loadAll(cfg.apiUrl, []).then(function (data) {
        var byLayer = {};
        data.features.forEach(function (f) {
          (byLayer[f.properties.layer] = byLayer[f.properties.layer] || []).push(f);
        });
        cfg.layers.forEach(function (layer) {
          var features = byLayer[layer.slug];
          if (!features) return;  /* empty layers are left out of the control */
          var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45 });
          var shapes = L.featureGroup();
          features.forEach(function (f) {
            var point = pointOf(f.geometry), html = popup(f, layer, point, cfg);
            if (f.geometry.type === "Point") {
              var marker = L.marker(point, { icon: icon(layer, f.properties.status), title: f.properties.name, alt: f.properties.name, keyboard: true });
              marker.bindPopup(html);
              cluster.addLayer(marker);
              all.addLayer(L.marker(point));
            } else {
              var shape = L.geoJSON(f.geometry, {
                style: { color: layer.colour, weight: 4, opacity: 0.9, fillOpacity: 0.2,
                         dashArray: f.properties.status === "problem" ? "6 6" : null }
              }).bindPopup(html);
              shapes.addLayer(shape);
              all.addLayer(shape);
            }
          });
          var group = L.layerGroup([shapes, cluster]);
          group.samskabSlug = layer.slug;
          groups[layer.slug] = group;
          sizes[layer.slug] = features.length;
          var box = checkbox(layer.slug);
          if (control) {
            control.addOverlay(group, '<span class="samskab-layer-swatch" style="background:' + esc(layer.colour) +
              '" aria-hidden="true">' + esc(layer.icon) + "</span> " + esc(layer.name) + " (" + features.length + ")");
          }
          if (box ? box.checked : cfg.shown.indexOf(layer.slug) !== -1) group.addTo(map);
        });
        if (panel) {
          /* A layer with no places has nothing to switch: its checkbox says so with a count of 0. */
          panel.querySelectorAll("input[type=checkbox][name=layers]").forEach(function (box) {
            var count = box.parentNode.querySelector("[data-layer-count]");
            if (count) count.textContent = " (" + (sizes[box.value] || 0) + ")";
            box.addEventListener("change", function () {
              var group = groups[box.value];
              if (group) {
                if (box.checked) group.addTo(map); else map.removeLayer(group);
              }
              countShown();
              map.fire("samskablayers");
            });
          });
        }
        map.on("overlayadd overlayremove", countShown);
        countShown();
        // "Loaded" once the map stands still: markers are laid out where a person can click them.
        var loaded = function () { map.getContainer().setAttribute("data-loaded", "true"); };
        if (cfg.fitBounds) {
          map.once("moveend", function () { window.setTimeout(loaded, 0); });
          map.fitBounds(cfg.fitBounds, { animate: false });
        } else {
          loaded();
        }
      }).catch(function (error) {
        setStatus(cfg.labels.failed);
        if (window.console) window.console.error(error);
      });

      if (cfg.extraUrl) {
        /* Places that are not facilities (rooms, associations' activities, volunteer tasks): own layers. */
        fetch(cfg.extraUrl).then(function (r) { return r.json(); }).then(function (data) {
          cfg.extraLayers.forEach(function (layer) {
            var features = data.features.filter(function (f) { return f.properties.layer === layer.slug; });
            if (!features.length) return;
            var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 45 });
            features.forEach(function (f) {
              var p = f.properties, point = pointOf(f.geometry);
              var html = '<div class="samskab-popup"><strong>' + esc(p.name) + "</strong><br>" + esc(layer.name) +
                (p.lines.length ? "<br>" + p.lines.map(esc).join("<br>") : "") +
                (p.url ? '<p><a href="' + esc(p.url) + '"' + (cfg.embed ? ' target="_top"' : "") + ">" + esc(p.link) + "</a></p>" : "") +
                "</div>";
              cluster.addLayer(L.marker(point, { icon: icon(layer, "open"), title: p.name, alt: p.name, keyboard: true }).bindPopup(html));
            });
            if (control) control.addOverlay(cluster, '<span class="samskab-layer-swatch" style="background:' + esc(layer.colour) +
              '" aria-hidden="true">' + esc(layer.icon) + "</span> " + esc(layer.name) + " (" + features.length + ")");
            cluster.addTo(map);
          });
          map.getContainer().setAttribute("data-places-loaded", "true");
        }).catch(function () {});
      }

      /* "Near me" only where the browser can tell: the button stays hidden otherwise. */
      var near = document.querySelector("[data-near-me]");
      if (near && navigator.geolocation) {
        near.hidden = false;
        var here = null;
        near.querySelector("button").addEventListener("click", function () {
          navigator.geolocation.getCurrentPosition(function (pos) {
            var point = [pos.coords.latitude, pos.coords.longitude];
            if (here) map.removeLayer(here);
            here = L.circleMarker(point, { radius: 9, color: "#fff", weight: 3, fillColor: "#0059b3", fillOpacity: 1 })
              .bindTooltip(cfg.labels.youAreHere).addTo(map);
            map.setView(point, 14);
            setStatus(cfg.labels.nearMe);
          }, function () {
            setStatus(cfg.labels.noPosition);
          }, { maximumAge: 60000, timeout: 10000 });
        });
      }

      if (cfg.deepLink && window.history && window.history.replaceState) {
        var update = function () {
          var url = new URL(window.location.href), c = map.getCenter();
          url.searchParams.set("center", c.lat.toFixed(5) + "," + c.lng.toFixed(5));
          url.searchParams.set("zoom", map.getZoom());
          var on = Object.keys(groups).filter(function (slug) { return map.hasLayer(groups[slug]); });
          if (Object.keys(groups).length) {
            url.searchParams.delete("layers");
            url.searchParams.set("layers", on.join(","));
          }
          window.history.replaceState(null, "", url.toString());
        };
        map.on("moveend overlayadd overlayremove samskablayers", update);
      }
    }
  };

  // Each map element names the JSON script tag that describes it (see maps/rendering.py).
  function boot() {
    /* Open by default (no script, a wide screen); on a phone the filters fold so the map is near the top. */
    if (window.matchMedia && window.matchMedia("(max-width: 575px)").matches) {
      document.querySelectorAll("details[data-fold-on-phone]").forEach(function (d) { d.open = false; });
    }
    document.querySelectorAll("[data-map-config]").forEach(function (el) {
      var spec = JSON.parse(document.getElementById(el.getAttribute("data-map-config")).textContent);
      var map = L.map(el, Object.assign({ center: spec.center }, spec.options));
      if (spec.tiles) L.tileLayer(spec.tiles.url, spec.tiles.options).addTo(map);
      window.SamskabMap.init(map, spec.layers);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
