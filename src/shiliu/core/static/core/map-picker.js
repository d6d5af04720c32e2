// Map picker: tap to set the hidden latitude/longitude fields; grid boundaries drawn from the page's
// JSON so the map is useful even when the tile server cannot be reached. It opens on the grids of
// a staff member's units (map-home) or the whole city, names the grid a point falls in (a small
// JSON endpoint), finds the city's own places by name, and can use the device's position.
(function () {
  "use strict";
  var element = document.getElementById("map-picker");
  if (!element || typeof L === "undefined") { return; }
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  var status = document.getElementById("map-status");
  var grids = JSON.parse(document.getElementById("map-grids").textContent);
  var center = JSON.parse(document.getElementById("map-center").textContent);
  var homeData = document.getElementById("map-home");
  var home = homeData ? JSON.parse(homeData.textContent) : null;
  var map = L.map(element).setView(center, 13);
  if (element.dataset.tiles) {
    L.tileLayer(element.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  }
  var layer = L.geoJSON(grids.map(function (g) {
    return { type: "Feature", properties: { name: g.name }, geometry: g.boundary };
  }), { style: { color: "#b3261e", weight: 1, fillOpacity: 0.05 } }).addTo(map);
  layer.eachLayer(function (l) { l.bindTooltip(l.feature.properties.name); });
  if (home) { map.fitBounds(home); } else if (grids.length) { map.fitBounds(layer.getBounds()); }
  var marker = null;
  function describe(latlng) {
    var url = element.dataset.placeUrl + "?lat=" + latlng.lat.toFixed(6) + "&lng=" + latlng.lng.toFixed(6);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (data.label) { status.textContent = data.label; } })
      .catch(function () { /* the coordinates are kept; the name is a courtesy */ });
  }
  function place(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
    latitude.value = latlng.lat.toFixed(6);
    longitude.value = latlng.lng.toFixed(6);
    describe(latlng);
  }
  if (latitude.value && longitude.value) { place(L.latLng(+latitude.value, +longitude.value)); }
  map.on("click", function (event) { place(event.latlng); });
  layer.on("click", function (event) { place(event.latlng); });

  var locate = document.getElementById("map-locate");
  if (locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
        map.setView(latlng, 16);
        place(latlng);
      }, function () { status.textContent = element.dataset.locateError; }, { timeout: 10000 });
    });
  }

  var search = document.getElementById("map-search");
  var options = document.getElementById("map-search-results");
  if (!search || !options) { return; }
  var found = {};
  var pending = null;
  search.addEventListener("input", function () {
    var query = search.value.trim();
    if (found[query]) {  // a suggestion was chosen
      var hit = found[query];
      var latlng = L.latLng(hit.latitude, hit.longitude);
      map.setView(latlng, 16);
      place(latlng);
      return;
    }
    if (query.length < 2) { return; }
    clearTimeout(pending);
    pending = setTimeout(function () {
      fetch(search.dataset.url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          options.textContent = "";
          found = {};
          data.results.forEach(function (result) {
            var label = result.name + " · " + result.kind;
            found[label] = result;
            var option = document.createElement("option");
            option.value = label;
            options.appendChild(option);
          });
        })
        .catch(function () { /* searching is optional */ });
    }, 200);
  });
})();
