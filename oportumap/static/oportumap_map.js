/* oportumap map helpers: canvas point layers, municipality search, fullscreen.
   Inlined into every exported map; no network access, no innerHTML with user text. */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /* Points of one kind as canvas circle markers in a feature group.
     data = {p: [[lat, lon, titleIdx, providerIdx, capacity, muniIdx, idIdx], ...],
             t: titles, v: providers, m: municipality labels, i: ids} */
  function pointsRenderer(map) {
    // Dots live in their own pane above the municipality fills, on one shared canvas.
    if (!map._omRenderer) {
      var pane = map.createPane("omPoints");
      pane.style.zIndex = 450;
      map._omRenderer = L.canvas({padding: 0.2, pane: "omPoints"});
    }
    return map._omRenderer;
  }

  function addPoints(map, group, data, style, labels) {
    var renderer = pointsRenderer(map);
    var rows = data.p;
    for (var k = 0; k < rows.length; k++) {
      var r = rows[k];
      var marker = L.circleMarker([r[0], r[1]], {
        renderer: renderer, radius: style.radius, color: style.stroke, weight: 1,
        fillColor: style.fill, fillOpacity: 0.85, omIndex: k
      });
      group.addLayer(marker);
    }
    group.on("click", function (e) {
      var r = rows[e.layer.options.omIndex];
      var box = el("div", "om-popup");
      box.appendChild(el("div", "om-popup-kind", labels.kind));
      box.appendChild(el("div", "om-popup-title", data.t[r[2]]));
      box.appendChild(el("div", "", data.v[r[3]]));
      box.appendChild(el("div", "", labels.capacity + ": " + r[4]));
      box.appendChild(el("div", "", labels.place + ": " + data.m[r[5]]));
      box.appendChild(el("div", "om-popup-id", "ID: " + data.i[r[6]]));
      L.popup({maxWidth: 280}).setLatLng(e.latlng).setContent(box).openOn(map);
    });
  }

  /* A search box that zooms to a municipality and opens its popup. */
  function addSearch(map, layer, labels) {
    var byName = {};
    var names = [];
    layer.eachLayer(function (part) {
      var label = part.feature.properties.om_search;
      if (!byName[label]) { names.push(label); byName[label] = part; }
    });
    names.sort(function (a, b) { return a.localeCompare(b, "es"); });
    var Search = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var box = el("div", "leaflet-bar om-search");
        var input = el("input");
        input.type = "search";
        input.placeholder = labels.placeholder;
        input.setAttribute("aria-label", labels.placeholder);
        input.setAttribute("list", "om-municipios");
        var list = el("datalist");
        list.id = "om-municipios";
        names.forEach(function (n) { var o = el("option"); o.value = n; list.appendChild(o); });
        function go() {
          var wanted = input.value.trim().toLowerCase();
          var hit = null;
          for (var i = 0; i < names.length && !hit; i++) {
            if (names[i].toLowerCase() === wanted) { hit = byName[names[i]]; }
          }
          for (var j = 0; j < names.length && !hit; j++) {
            if (names[j].toLowerCase().indexOf(wanted) === 0) { hit = byName[names[j]]; }
          }
          if (hit) {
            map.fitBounds(hit.getBounds(), {maxZoom: 11});
            // the popup is bound to the whole layer: a propagated click opens it here
            hit.fire("click", {latlng: hit.getBounds().getCenter()}, true);
          }
        }
        input.addEventListener("change", go);
        input.addEventListener("keydown", function (e) { if (e.key === "Enter") { go(); } });
        box.appendChild(input);
        box.appendChild(list);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    map.addControl(new Search());
  }

  /* Fullscreen toggle (Fullscreen API, with a CSS fallback). */
  function addFullscreen(map, labels) {
    var Full = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var bar = el("div", "leaflet-bar");
        var link = el("a", "om-fullscreen");
        // four corner brackets, drawn (no icon font to download)
        link.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">' +
          '<path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="#333" ' +
          'stroke-width="2"/></svg>';
        link.href = "#";
        link.title = labels.fullscreen;
        link.setAttribute("role", "button");
        link.addEventListener("click", function (e) {
          e.preventDefault();
          var box = map.getContainer();
          if (document.fullscreenElement) { document.exitFullscreen(); }
          else if (box.requestFullscreen) { box.requestFullscreen(); }
          else { box.classList.toggle("om-full"); }
          setTimeout(function () { map.invalidateSize(); }, 200);
        });
        bar.appendChild(link);
        return bar;
      }
    });
    map.addControl(new Full());
  }

  window.oportumap = {addPoints: addPoints, addSearch: addSearch, addFullscreen: addFullscreen};
})();
