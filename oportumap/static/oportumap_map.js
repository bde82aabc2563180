/* oportumap map helpers: municipalities, canvas dots, click hit-testing, search, place
   labels and Spanish/English controls. Inlined into every exported map; no network
   access; every text from the data is set with textContent (never innerHTML). */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /* The comparable form of a typed text, as oportumap.text.normalize_text does in Python:
     lower case, accents stripped (NFKD), anything not a-z/0-9 collapsed to one space. */
  function normalize(value) {
    return String(value || "").toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "")
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  function pane(map, name, zIndex) {
    var node = map.getPane(name) || map.createPane(name);
    node.style.zIndex = zIndex;
    // Dots and labels never catch the pointer: clicks reach the map, which decides
    // (dots under the pointer first, else the municipality) in onClick below.
    node.style.pointerEvents = "none";
    return node;
  }

  function row(table, label, value) {
    var tr = el("tr");
    tr.appendChild(el("th", "", label));
    tr.appendChild(el("td", "", value));
    table.appendChild(tr);
  }

  /* ---- Municipalities ------------------------------------------------------------- */

  function ringContains(ring, x, y) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
        inside = !inside;
      }
    }
    return inside;
  }

  function geometryContains(geometry, x, y) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates]
      : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    for (var p = 0; p < polygons.length; p++) {
      var rings = polygons[p];
      if (!ringContains(rings[0], x, y)) { continue; }
      var hole = false;
      for (var h = 1; h < rings.length && !hole; h++) { hole = ringContains(rings[h], x, y); }
      if (!hole) { return true; }
    }
    return false;
  }

  function muniPopup(props, config) {
    var box = el("div", "om-popup");
    var table = el("table", "om-table");
    config.popupRows.forEach(function (r) { row(table, r[1], props[r[0]]); });
    box.appendChild(table);
    return box;
  }

  function muniTooltip(props, config) {
    var box = el("div");
    box.appendChild(el("strong", "", props.om_name + ", " + props.om_dept));
    box.appendChild(el("div", "", config.words.value + ": " + props.om_value));
    return box;
  }

  /* ---- Dots ----------------------------------------------------------------------- */

  function addKind(map, kind, renderer) {
    var group = L.featureGroup();
    var data = kind.data;
    for (var k = 0; k < data.y.length; k++) {
      group.addLayer(L.circleMarker([data.y[k], data.x[k]], {
        renderer: renderer, radius: kind.style.radius, color: kind.style.stroke, weight: 1,
        fillColor: kind.style.fill, fillOpacity: 0.85, interactive: false, omIndex: k
      }));
    }
    kind.group = group;
    return group;
  }

  /* Every dot whose drawn circle holds the clicked pixel, over the kinds shown. */
  function dotsAt(map, kinds, point) {
    var hits = [];
    var maxRadius = 0;
    kinds.forEach(function (kind) { maxRadius = Math.max(maxRadius, kind.style.radius); });
    var reach = maxRadius + 2;
    var sw = map.containerPointToLatLng([point.x - reach, point.y + reach]);
    var ne = map.containerPointToLatLng([point.x + reach, point.y - reach]);
    kinds.forEach(function (kind) {
      if (!map.hasLayer(kind.group)) { return; }
      var ys = kind.data.y, xs = kind.data.x;
      var limit = kind.style.radius + 1.5;  // the circle plus its stroke
      for (var k = 0; k < ys.length; k++) {
        var lat = ys[k], lon = xs[k];
        if (lat < sw.lat || lat > ne.lat || lon < sw.lng || lon > ne.lng) { continue; }
        var p = map.latLngToContainerPoint([lat, lon]);
        if (p.distanceTo(point) <= limit) { hits.push({kind: kind, k: k}); }
      }
    });
    return hits;
  }

  function dotBox(hit, words) {
    var data = hit.kind.data, k = hit.k;
    var box = el("div", "om-dot-entry");
    box.appendChild(el("div", "om-popup-kind", hit.kind.label));
    box.appendChild(el("div", "om-popup-title", data.t[data.ti[k]]));
    box.appendChild(el("div", "", data.v[data.vi[k]]));
    box.appendChild(el("div", "", words.capacity + ": " + data.c[k]));
    box.appendChild(el("div", "", words.place + ": " + data.m[data.mi[k]]));
    box.appendChild(el("div", "om-popup-id", "ID: " + data.i[k]));
    return box;
  }

  function dotsPopup(hits, words) {
    var box = el("div", "om-popup");
    if (hits.length > 1) {
      box.appendChild(el("div", "om-popup-count",
        words.offers_here.replace("{n}", String(hits.length))));
    }
    var list = el("div", hits.length > 1 ? "om-dot-list" : "");
    hits.forEach(function (hit) { list.appendChild(dotBox(hit, words)); });
    box.appendChild(list);
    return box;
  }

  /* ---- Search --------------------------------------------------------------------- */

  function addSearch(map, api, config) {
    var index = config.search;  // {m: key -> [codes], d: key -> dept code}
    var words = config.words;
    var Search = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var box = el("div", "leaflet-bar om-search");
        var input = el("input");
        input.type = "search";
        input.placeholder = words.search;
        input.setAttribute("aria-label", words.search);
        input.setAttribute("autocomplete", "off");
        var message = el("div", "om-search-message");
        message.setAttribute("role", "status");
        var list = el("ul", "om-suggestions");
        list.setAttribute("role", "listbox");

        function say(textValue) { message.textContent = textValue; }
        function clear() { list.textContent = ""; }
        function suggest(codes) {
          clear();
          codes.slice(0, 8).forEach(function (code) {
            var item = el("li");
            var button = el("button", "", api.labels[code]);
            button.type = "button";
            button.setAttribute("role", "option");
            button.addEventListener("click", function (e) {
              // the list is emptied below: stop here, or the map would take the click
              L.DomEvent.stop(e);
              input.value = api.labels[code]; clear(); say(""); api.openMuni(code, true);
            });
            item.appendChild(button);
            list.appendChild(item);
          });
        }
        function inDept(codes, dept) {
          return codes.filter(function (c) { return api.deptOf[c] === dept; });
        }
        /* Municipality codes (or a department) for what was typed. */
        function find(raw) {
          var q = normalize(raw);
          if (!q) { return {codes: []}; }
          var comma = raw.lastIndexOf(",");
          if (comma > 0) {
            var m = index.m[normalize(raw.slice(0, comma))];
            var d = index.d[normalize(raw.slice(comma + 1))];
            if (m && d) { return {codes: inDept(m, d)}; }
          }
          if (index.m[q]) { return {codes: index.m[q]}; }
          var read = readings(q);
          for (var r = 0; r < read.length; r++) {
            if (index.m[read[r]]) { return {codes: index.m[read[r]]}; }
            var bare = withoutArticles(read[r]);
            if (index.l[bare]) { return {codes: index.l[bare]}; }
          }
          var parts = q.split(" ");
          for (var i = parts.length - 1; i > 0; i--) {  // "chichicastenango quiche"
            var muni = index.m[parts.slice(0, i).join(" ")];
            var dept = index.d[parts.slice(i).join(" ")];
            if (muni && dept && inDept(muni, dept).length) { return {codes: inDept(muni, dept)}; }
          }
          if (index.d[q]) { return {dept: index.d[q]}; }
          return {codes: prefixed(q)};
        }
        /* The typed key as the loaders read it: abbreviations expanded ("sta" -> "santa"),
           leading words dropped ("municipio de"). */
        function readings(q) {
          var forms = [q];
          var words = q.split(" ");
          var combos = [[]];
          words.forEach(function (w) {
            var options = index.a[w] || [w];
            var next = [];
            combos.forEach(function (c) {
              options.forEach(function (o) { if (next.length < 16) { next.push(c.concat([o])); } });
            });
            combos = next;
          });
          combos.forEach(function (c) { forms.push(c.join(" ")); });
          forms.slice().forEach(function (f) {
            index.lead.forEach(function (lead) {
              if (f.indexOf(lead) === 0 && f.length > lead.length + 2) { forms.push(f.slice(lead.length)); }
            });
          });
          return forms;
        }
        function withoutArticles(key) {
          return key.split(" ").filter(function (w) { return index.art.indexOf(w) < 0; }).join(" ");
        }
        function prefixed(q) {
          if (q.length < 3) { return []; }
          var seen = {}, codes = [];
          Object.keys(index.m).forEach(function (key) {
            if (key.indexOf(q) === 0 || key.indexOf(" " + q) >= 0) {
              index.m[key].forEach(function (c) { if (!seen[c]) { seen[c] = 1; codes.push(c); } });
            }
          });
          return codes.sort(function (a, b) { return api.labels[a].localeCompare(api.labels[b], "es"); });
        }
        /* A department of the same name ("Quiché", "Huehuetenango") stays one tap away
           under the box when a municipality was opened. */
        function alsoDept(dept) {
          var item = el("li");
          var button = el("button", "om-also-dept", words.dept_word + ": " + api.deptName[dept]);
          button.type = "button";
          button.addEventListener("click", function (e) {
            L.DomEvent.stop(e); clear(); say(""); api.openDept(dept);
          });
          item.appendChild(button);
          list.appendChild(item);
        }
        function go() {
          var raw = input.value.trim();
          if (!raw) { clear(); say(""); return; }
          var found = find(raw);
          var sameName = index.d[normalize(raw)];
          clear();
          if (found.dept) { say(""); api.openDept(found.dept); return; }
          if (found.codes.length === 1) {
            // the offer goes in first, so the popup opens clear of it
            say(""); if (sameName) { alsoDept(sameName); }
            api.openMuni(found.codes[0], true);
            return;
          }
          if (found.codes.length > 1) { say(words.several); suggest(found.codes); return; }
          say(words.not_found.replace("{q}", raw));
        }
        input.addEventListener("keydown", function (e) {
          if (e.key === "Enter") { e.preventDefault(); go(); }
          else if (e.key === "Escape") { clear(); say(""); }
          else if (e.key === "ArrowDown" && list.firstChild) {
            e.preventDefault(); list.firstChild.firstChild.focus();
          }
        });
        input.addEventListener("input", function () {
          say("");
          var q = normalize(input.value);
          if (q.length >= 2) { suggest(prefixed(q)); } else { clear(); }
        });
        list.addEventListener("keydown", function (e) {
          var item = e.target.parentNode;
          if (e.key === "ArrowDown" && item.nextSibling) {
            e.preventDefault(); item.nextSibling.firstChild.focus();
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            if (item.previousSibling) { item.previousSibling.firstChild.focus(); } else { input.focus(); }
          }
        });
        box.appendChild(input);
        box.appendChild(list);
        box.appendChild(message);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    map.addControl(new Search());
  }

  /* ---- Place labels --------------------------------------------------------------- */

  function addLabels(map, places) {
    pane(map, "omLabels", 460);
    // places come most important first (capitals, then by population): a label is
    // drawn only where it does not overlap one already drawn at this zoom.
    var markers = places.map(function (p) {
      var node = el("span", "om-label-text" + (p[3] <= 0 ? " om-capital" : ""), p[2]);
      return {min: p[3], lat: p[0], lon: p[1], width: 7 * p[2].length + 6,
              marker: L.marker([p[0], p[1]], {
                pane: "omLabels", interactive: false, keyboard: false,
                icon: L.divIcon({className: "om-label", html: node, iconSize: null})})};
    });
    function update() {
      var zoom = map.getZoom();
      var placed = [];
      markers.forEach(function (m) {
        var show = zoom >= m.min;
        if (show) {
          var c = map.latLngToContainerPoint([m.lat, m.lon]);
          var box = [c.x - m.width / 2, c.y - 20, c.x + m.width / 2, c.y - 4];
          show = !placed.some(function (o) {
            return box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3];
          });
          if (show) { placed.push(box); }
        }
        if (show && !map.hasLayer(m.marker)) { m.marker.addTo(map); }
        if (!show && map.hasLayer(m.marker)) { map.removeLayer(m.marker); }
      });
    }
    map.on("zoomend moveend", update);
    update();
  }

  /* ---- Panels and controls -------------------------------------------------------- */

  function panel(map, position, markup, className) {
    var Control = L.Control.extend({options: {position: position}, onAdd: function () {
      // markup is built in Python with every data value escaped
      var div = L.DomUtil.create("div", className || "");
      div.innerHTML = markup;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    }});
    map.addControl(new Control());
  }

  function addFullscreen(map, words) {
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
        link.title = words.fullscreen;
        link.setAttribute("aria-label", words.fullscreen);
        link.setAttribute("role", "button");
        L.DomEvent.disableClickPropagation(link);
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

  /* Leaflet's own controls in the map's language: zoom, scale (metric), attribution,
     popup close buttons; call on a map created without zoom control or scale. */
  /* Inside a notebook (the map in an iframe, or on a page longer than the screen) the
     mouse wheel scrolls the page, not the map, until the map is clicked; it goes back to
     scrolling when the pointer leaves the map. A map that is the whole page zooms. */
  function wheelAfterClick(map) {
    var embedded = false;
    try { embedded = window.self !== window.top; } catch (err) { embedded = true; }
    var doc = map.getContainer().ownerDocument.documentElement;
    if (!embedded && doc.scrollHeight <= window.innerHeight + 2) { return; }
    map.scrollWheelZoom.disable();
    map.on("click focus", function () { map.scrollWheelZoom.enable(); });
    map.getContainer().addEventListener("focus", function () { map.scrollWheelZoom.enable(); });
    map.on("mouseout", function () { map.scrollWheelZoom.disable(); });
  }

  function localise(map, words) {
    if (!map._omWheel) { map._omWheel = true; wheelAfterClick(map); }
    L.control.zoom({position: "topleft", zoomInTitle: words.zoom_in,
                    zoomOutTitle: words.zoom_out}).addTo(map);
    L.control.scale({imperial: false, metric: true, position: "bottomleft"}).addTo(map);
    var credit = el("a", "", "Leaflet");
    credit.href = "https://leafletjs.com";
    credit.title = words.leaflet;
    if (map.attributionControl) { map.attributionControl.setPrefix(credit.outerHTML); }
    map.on("popupopen", function (e) {
      var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", words.close); close.title = words.close; }
    });
  }

  /* The layer control's toggle says "Layers" in Leaflet: say it in the map's language. */
  function labelLayerToggles(map, words) {
    var controls = map.getContainer().querySelectorAll(".leaflet-control-layers");
    Array.prototype.forEach.call(controls, function (control) {
      control.setAttribute("aria-label", words.layers);
      var toggle = control.querySelector(".leaflet-control-layers-toggle");
      if (toggle) { toggle.title = words.layers; toggle.setAttribute("aria-label", words.layers); }
    });
  }

  /* ---- The whole map ---------------------------------------------------------------- */

  function build(map, config) {
    var words = config.words;
    document.documentElement.lang = config.lang;
    map.options.zoomSnap = 0.25;   // fit the country closely, not to the nearest power of 2
    map.options.zoomDelta = 0.5;
    localise(map, words);
    addFullscreen(map, words);

    var munis = L.geoJSON(config.munis, {
      className: "om-muni",
      style: function (f) {
        return {fillColor: f.properties.om_fill, color: "#555555", weight: 0.6,
                fillOpacity: 0.75};
      }
    });
    munis.eachLayer(function (layer) {
      layer.bindTooltip(function () { return muniTooltip(layer.feature.properties, config); },
                        {sticky: true, direction: "top", offset: [0, -8]});
      layer.on("mouseover", function () { layer.setStyle({weight: 2.5, color: "#000000"}); });
      layer.on("mouseout", function () { munis.resetStyle(layer); });
    });
    munis.addTo(map);
    var depts = L.geoJSON(config.depts, {interactive: false, className: "om-dept",
      style: function () { return {fill: false, color: "#222222", weight: 1.6}; }}).addTo(map);

    var byCode = {}, labels = {}, deptOf = {}, deptBounds = {}, deptName = {}, deptCount = {};
    munis.eachLayer(function (layer) {
      var p = layer.feature.properties;
      byCode[p.om_code] = layer;
      labels[p.om_code] = p.om_name + ", " + p.om_dept;
      deptOf[p.om_code] = p.om_dept_code;
      deptName[p.om_dept_code] = p.om_dept;
      deptCount[p.om_dept_code] = (deptCount[p.om_dept_code] || 0) + 1;
      var b = layer.getBounds();
      deptBounds[p.om_dept_code] = deptBounds[p.om_dept_code]
        ? deptBounds[p.om_dept_code].extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
    });

    pane(map, "omPoints", 450);
    var renderer = L.canvas({padding: 0.2, pane: "omPoints"});
    var overlays = {};
    overlays[config.munisName] = munis;
    overlays[config.deptsName] = depts;
    // Largest dots first: where a centre, a programme and a service share a town seat,
    // they show as concentric rings instead of hiding each other.
    config.kinds.slice().sort(function (a, b) { return b.style.radius - a.style.radius; })
      .forEach(function (kind) { addKind(map, kind, renderer).addTo(map); });
    config.kinds.forEach(function (kind) { overlays[kind.layerName] = kind.group; });
    if (config.symbols && config.symbols.data.y.length) {
      // Counts of people as proportional circles (area ~ count) over the rate choropleth;
      // municipalities under the threshold get none (their count is protected).
      pane(map, "omSymbols", 440);
      var symbols = L.featureGroup(), sd = config.symbols.data;
      for (var s = 0; s < sd.y.length; s++) {
        symbols.addLayer(L.circleMarker([sd.y[s], sd.x[s]], {pane: "omSymbols",
          radius: sd.r[s], color: "#3b3b3b", weight: 1, fillColor: "#ffffff",
          fillOpacity: 0.35, interactive: false}));
      }
      symbols.addTo(map);
      overlays[config.symbols.name] = symbols;
    }

    var layers = L.control.layers(null, overlays, {collapsed: true, position: "topright"});
    layers.addTo(map);
    labelLayerToggles(map, words);

    // Popups open clear of the controls: never under the title or the search box, so
    // their close button can always be clicked or tapped.
    function popupOptions(width) {
      var container = map.getContainer();
      var box = container.getBoundingClientRect();
      var top = 10, left = 10, right = 10, bottom = 10;
      container.querySelectorAll(".leaflet-top .leaflet-control").forEach(function (c) {
        var r = c.getBoundingClientRect();
        top = Math.max(top, r.bottom - box.top + 8);
      });
      container.querySelectorAll(".leaflet-bottom.leaflet-right .leaflet-control")
        .forEach(function (c) {
          var r = c.getBoundingClientRect();
          bottom = Math.max(bottom, box.bottom - r.top + 8);
        });
      return {maxWidth: Math.min(width, box.width - 40), autoPan: true,
              autoPanPaddingTopLeft: L.point(left, top),
              autoPanPaddingBottomRight: L.point(right, Math.min(bottom, box.height / 3))};
    }
    function openMuni(code, zoom) {
      var layer = byCode[code];
      if (!layer) { return; }
      if (zoom) { map.fitBounds(layer.getBounds(), {maxZoom: 11, padding: [40, 40], animate: false}); }
      var p = layer.feature.properties;
      L.popup(popupOptions(320)).setLatLng([p.om_lat, p.om_lon])
        .setContent(muniPopup(p, config)).openOn(map);
    }
    function openDept(code) {
      map.fitBounds(deptBounds[code], {padding: [30, 30], animate: false});
      var box = el("div", "om-popup");
      box.appendChild(el("div", "om-popup-title", deptName[code]));
      box.appendChild(el("div", "", words.dept_munis.replace("{n}", String(deptCount[code]))));
      // its municipalities, each a button that opens the municipality's popup
      var list = el("ul", "om-dept-list");
      Object.keys(deptOf).filter(function (c) { return deptOf[c] === code; })
        .sort(function (a, b) { return labels[a].localeCompare(labels[b], "es"); })
        .forEach(function (c) {
          var item = el("li"), button = el("button", "", labels[c].split(", ")[0]);
          button.type = "button";
          button.addEventListener("click", function () { openMuni(c, true); });
          item.appendChild(button);
          list.appendChild(item);
        });
      box.appendChild(list);
      L.popup(popupOptions(280)).setLatLng(deptBounds[code].getCenter()).setContent(box)
        .openOn(map);
    }
    var api = {openMuni: openMuni, openDept: openDept, labels: labels, deptOf: deptOf,
               deptName: deptName};

    map.on("click", function (e) {
      var hits = dotsAt(map, config.kinds, e.containerPoint);
      if (hits.length) {
        L.popup(popupOptions(300)).setLatLng(e.latlng).setContent(dotsPopup(hits, words)).openOn(map);
        return;
      }
      if (!map.hasLayer(munis)) { return; }
      var found = null;
      munis.eachLayer(function (layer) {
        if (!found && layer.getBounds().contains(e.latlng) &&
            geometryContains(layer.feature.geometry, e.latlng.lng, e.latlng.lat)) {
          found = layer;
        }
      });
      if (found) {
        L.popup(popupOptions(320)).setLatLng(e.latlng)
          .setContent(muniPopup(found.feature.properties, config)).openOn(map);
      }
    });

    // Escape closes a popup, as a close button would
    map.getContainer().ownerDocument.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { map.closePopup(); }
    });
    // On a phone or a small laptop the title and the legend start folded (a tap opens
    // them), so nothing covers the search box, the map or a popup's close button.
    var small = map.getSize().x < 700 || map.getSize().y < 650;
    panel(map, "topright", config.titleHtml, "om-title-control");
    panel(map, "bottomright", config.legendHtml, "om-legend-control");
    if (small) {
      map.getContainer().classList.add("om-small");
      map.getContainer().querySelectorAll(".om-legend").forEach(function (d) {
        d.removeAttribute("open");
      });
    }
    addSearch(map, api, config);
    map.fitBounds(munis.getBounds(), {padding: [8, 8], animate: false});
    addLabels(map, config.places);
    map.oportumap = api;
    return api;
  }

  window.oportumap = {build: build, normalize: normalize, addFullscreen: addFullscreen,
                      wheelAfterClick: wheelAfterClick,
                      localise: localise, labelLayerToggles: labelLayerToggles};
})();
