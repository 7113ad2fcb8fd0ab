// The staff search's map: the page's results over offline country outlines (no tile server),
// and the search radius when one is set. The list beside it stays the accessible view.
(function () {
  "use strict";
  var element = document.getElementById("results-map");
  if (!element || typeof L === "undefined") return;
  var points = JSON.parse(document.getElementById("results-map-points").textContent);
  var centre = JSON.parse(document.getElementById("results-map-centre").textContent);
  var map = L.map(element, { worldCopyJump: true, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  map.setView([30, 60], 2); // layers need a view before they are drawn
  var bounds = L.latLngBounds([]);
  points.forEach(function (point) {
    var marker = L.circleMarker([point.lat, point.lon], {
      radius: 7, color: "#005a70", weight: 2, fillColor: "#0b8ba8", fillOpacity: 0.8,
    }).addTo(map);
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.name;
    var popup = document.createElement("div");
    popup.appendChild(link);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(point.place));
    marker.bindPopup(popup);
    bounds.extend(marker.getLatLng());
  });
  if (centre) {
    var middle = L.latLng(centre.lat, centre.lon);
    L.circle(middle, {
      radius: centre.km * 1000, color: "#a05000", weight: 1, fill: false, dashArray: "4 4",
      interactive: false,
    }).addTo(map);
    bounds.extend(middle.toBounds(centre.km * 2000));
  }
  if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 9 });
  fetch(element.getAttribute("data-outlines"), { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (outlines) {
      if (!outlines) return;
      L.geoJSON(outlines, {
        style: { color: "#8aa1ad", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
        interactive: false,
      }).addTo(map).bringToBack();
    })
    .catch(function () { /* the markers and the list still show */ });
})();
