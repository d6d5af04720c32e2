// Hot issues on a map: one circle per request with a known point, from the page's JSON.
(function () {
  "use strict";
  var element = document.getElementById("hot-map");
  var data = document.getElementById("hot-points");
  if (!element || !data || typeof L === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  var map = L.map(element);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  }
  var layer = L.featureGroup(points.map(function (p) {
    return L.circleMarker([p.lat, p.lng], { radius: 6, color: "#b3261e", weight: 1, fillOpacity: 0.5 });
  })).addTo(map);
  map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
})();
