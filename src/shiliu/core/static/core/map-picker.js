// Map picker: tap to set the hidden latitude/longitude fields; grid boundaries drawn from the page's
// JSON so the map is useful even when the tile server cannot be reached.
(function () {
  "use strict";
  var element = document.getElementById("map-picker");
  if (!element || typeof L === "undefined") { return; }
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  var status = document.getElementById("map-status");
  var grids = JSON.parse(document.getElementById("map-grids").textContent);
  var center = JSON.parse(document.getElementById("map-center").textContent);
  var map = L.map(element).setView(center, 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  }
  var layer = L.geoJSON(grids.map(function (g) {
    return { type: "Feature", properties: { name: g.name }, geometry: g.boundary };
  }), { style: { color: "#b3261e", weight: 1, fillOpacity: 0.05 } }).addTo(map);
  layer.eachLayer(function (l) { l.bindTooltip(l.feature.properties.name); });
  if (grids.length) { map.fitBounds(layer.getBounds()); }
  var marker = null;
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    latitude.value = latlng.lat.toFixed(6);
    longitude.value = latlng.lng.toFixed(6);
    status.textContent = latitude.value + ", " + longitude.value;
  }
  if (latitude.value && longitude.value) { place(L.latLng(+latitude.value, +longitude.value)); }
  map.on("click", function (event) { place(event.latlng); });
  layer.on("click", function (event) { place(event.latlng); });
})();
