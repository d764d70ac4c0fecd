// Charts (Chart.js) and the actor network (Cytoscape.js), drawn from the JSON the page embeds.
"use strict";

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
  "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd"];

function stackedBars(canvas, labels, series) {
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels: labels,
      datasets: series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: PALETTE[i % PALETTE.length],
        maxBarThickness: 48 })),
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } },
    },
  });
}

// Rows of {key, group, count} as the labels (sorted keys) and one series per group.
function pivot(rows, key, group, count) {
  const labels = [...new Set(rows.map((r) => r[key]))].sort();
  const groups = [...new Set(rows.map((r) => r[group]))].sort();
  const series = groups.map((g) => ({
    label: g,
    data: labels.map((l) => rows.filter((r) => r[key] === l && r[group] === g).reduce((n, r) => n + r[count], 0)),
  }));
  return { labels, series };
}

function drawTimeline() {
  const days = pageData("timeline-data");
  const canvas = document.getElementById("timeline");
  if (!days || !canvas || typeof Chart === "undefined") return;
  // Over many days, count by month so that the bars stay readable.
  const byMonth = new Set(days.map((d) => d.day)).size > 120;
  const rows = days.map((d) => ({ when: byMonth ? d.day.slice(0, 7) : d.day, type: d.type, events: d.events }));
  const { labels, series } = pivot(rows, "when", "type", "events");
  window.datelineTimeline = stackedBars(canvas, labels, series);
}

function drawActorTimeline() {
  const months = pageData("actor-timeline-data");
  const canvas = document.getElementById("actor-timeline");
  if (!months || !canvas || typeof Chart === "undefined") return;
  const rows = months.map((m) => ({ month: m.month, role: "as " + m.role, events: m.events }));
  const { labels, series } = pivot(rows, "month", "role", "events");
  window.datelineActorTimeline = stackedBars(canvas, labels, series);
}

function drawNetwork() {
  const graph = pageData("network-data");
  const container = document.getElementById("network");
  if (!graph || !container || typeof cytoscape === "undefined") return;
  const elements = [
    ...graph.nodes.map((n) => ({ data: { id: n.id, label: n.name }, classes: n.focus ? "focus" : "" })),
    ...graph.edges.map((e, i) => ({ data: { id: "e" + i, source: e.source, target: e.target, events: e.events } })),
  ];
  const cy = cytoscape({
    container: container,
    elements: elements,
    layout: { name: "concentric", concentric: (node) => (node.hasClass("focus") ? 2 : 1), minNodeSpacing: 30 },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "background-color": "#8aa8c8",
        "text-valign": "bottom", "text-margin-y": 4, width: 18, height: 18 } },
      { selector: "node.focus", style: { "background-color": "#c0392b", width: 26, height: 26 } },
      { selector: "edge", style: { width: "mapData(events, 1, 10, 1.5, 6)", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "line-color": "#9aa", "target-arrow-color": "#9aa",
        label: "data(events)", "font-size": 9 } },
    ],
    userZoomingEnabled: true, maxZoom: 1.6, minZoom: 0.2,
  });
  cy.on("tap", "node", (event) => {
    const id = event.target.id();
    if (!event.target.hasClass("focus")) window.location.href = "/actors/" + encodeURIComponent(id);
  });
  window.datelineNetwork = cy;
}

document.addEventListener("DOMContentLoaded", () => {
  drawTimeline();
  drawActorTimeline();
  drawNetwork();
});
