// The map of event locations: Leaflet over the Natural Earth country outlines (world-atlas), no tiles.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const places = pageData("map-data");
  const container = document.getElementById("map");
  if (!places || !container || typeof L === "undefined") return;
  const map = L.map(container, { worldCopyJump: true, minZoom: 1, maxZoom: 8, attributionControl: true })
    .setView([30, 20], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · GeoNames");
  const response = await fetch("/static/vendor/world-atlas/countries-110m.json");
  const world = await response.json();
  const countries = topojson.feature(world, world.objects.countries);
  countries.features = countries.features.filter((f) => f.properties.name !== "Antarctica").map(unwrap);
  L.geoJSON(countries, {
    style: { color: "#8c9aa6", weight: 0.7, fillColor: "#eef1f3", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
  const most = Math.max(1, ...places.map((p) => p.events));
  const markers = places.map((p) => {
    const marker = L.circleMarker([p.latitude, p.longitude], {
      radius: 5 + 15 * Math.sqrt(p.events / most), color: "#a93226", weight: 1, fillColor: "#e74c3c", fillOpacity: 0.6,
    });
    const link = document.createElement("a");
    link.href = "/events?place=" + encodeURIComponent(p.name);
    link.textContent = p.name + " (" + p.events + (p.events === 1 ? " event)" : " events)");
    marker.bindPopup(link);  // a DOM node: the name is set as text, never parsed as HTML
    marker.bindTooltip(escapeText(p.name));  // Leaflet sets a string tooltip as HTML: escaped first
    return marker.addTo(map);
  });
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), { maxZoom: 5 });
  container.dataset.markers = String(markers.length);
  window.datelineMap = map;
});

function escapeText(text) {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

// Rings that cross the 180th meridian (Russia, Fiji) jump from +180 to -180 and would be drawn
// as lines across the whole map: keep their longitudes continuous instead.
function unwrap(feature) {
  const ring = (points) => {
    let shift = 0;
    return points.map(([lon, lat], i) => {
      if (i > 0) {
        const previous = points[i - 1][0];
        if (lon - previous > 180) shift -= 360;
        else if (previous - lon > 180) shift += 360;
      }
      return [lon + shift, lat];
    });
  };
  const geometry = feature.geometry;
  if (geometry && geometry.type === "Polygon") geometry.coordinates = geometry.coordinates.map(ring);
  if (geometry && geometry.type === "MultiPolygon") {
    geometry.coordinates = geometry.coordinates.map((polygon) => polygon.map(ring));
  }
  return feature;
}
