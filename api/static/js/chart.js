// The link chart (cytoscape.js): start from entities, expand neighbours on click, filter by
// relation, grading, marking and date, and export PNG or GraphML.
import { get } from "./api.js";
import { $, el, entityLink, download, status } from "./dom.js";

const COLOURS = {
  "criminal-organization": "#b3261e", person: "#1f5fa8", official: "#7b3fa0", organization: "#8a5a00",
  agency: "#2e7d32", account: "#00796b", conveyance: "#5d4037", address: "#6d6d6d", identifier: "#455a64",
  report: "#9e6a00", pathway: "#c2185b", location: "#33691e", investigation: "#283593",
  commodity: "#ad1457", asset: "#4e342e", other: "#616161",
};
const GRADES = ["A1", "B2", "C3", "D4", "E5", "F6"];

let cy = null;
const filters = { relations: null, minGrade: 35, markings: null, since: "", until: "" };
const seeds = new Set();

function ensure() {
  if (cy) return cy;
  cy = window.cytoscape({
    container: $("chart-canvas"),
    minZoom: 0.05,
    maxZoom: 2,  // a few nodes fitted to the canvas would otherwise fill it
    style: [
      { selector: "node", style: {
        label: "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 120,
        "background-color": (n) => COLOURS[n.data("group")] || COLOURS.other, color: "#1b1b1b",
        "text-valign": "bottom", "text-margin-y": 3, width: 22, height: 22 } },
      { selector: "node[?seed]", style: { "border-width": 3, "border-color": "#111" } },
      { selector: "node[group = 'criminal-organization']", style: { shape: "hexagon", width: 30, height: 30 } },
      { selector: "node[group = 'account']", style: { shape: "round-rectangle" } },
      { selector: "node[group = 'location']", style: { shape: "diamond" } },
      { selector: "node[group = 'report']", style: { shape: "tag" } },
      { selector: "edge", style: {
        width: 1.5, "curve-style": "bezier", "target-arrow-shape": "triangle", "arrow-scale": 0.7,
        label: "data(label)", "font-size": 8, "text-rotation": "autorotate", color: "#444",
        "line-color": "#8a8a8a", "target-arrow-color": "#8a8a8a" } },
      { selector: "edge[grade_rank > 14]", style: { "line-style": "dashed" } },
      { selector: ".highlight", style: { "line-color": "#d32f2f", "target-arrow-color": "#d32f2f", width: 3,
                                         "border-width": 3, "border-color": "#d32f2f" } },
      { selector: ".filtered", style: { display: "none" } },
      { selector: ":selected", style: { "overlay-opacity": 0.15 } },
    ],
  });
  window.ipasChart = cy;  // for scripts and the browser tests: the chart's elements, read-only use
  cy.on("tap", "node", (event) => select(event.target, true));
  cy.on("tap", "edge", (event) => selectEdge(event.target));
  return cy;
}

function merge(data) {
  const chart = ensure();
  const added = [];
  for (const node of data.nodes) {
    if (chart.getElementById(node.id).nonempty()) continue;
    added.push({ group: "nodes", data: { ...node, seed: seeds.has(node.id) } });
  }
  for (const edge of data.edges) {
    if (chart.getElementById(edge.id).nonempty()) continue;
    added.push({ group: "edges", data: { ...edge } });
  }
  chart.add(added);
  for (const id of seeds) chart.getElementById(id).data("seed", true);
  if (added.length) chart.layout(layoutFor(chart.nodes().length)).run();
  refreshFilters();
  return added.length;
}

// A force layout for real neighbourhoods; a handful of nodes reads better on a circle.
function layoutFor(count) {
  return count < 12
    ? { name: "circle", animate: false, padding: 60 }
    : { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 90, padding: 40 };
}

export async function addToChart(iris) {
  if (!iris.length) return;
  iris.forEach((iri) => seeds.add(iri));
  status("expanding…");
  try {
    const data = await get("/workspace/chart?" + new URLSearchParams(iris.map((i) => ["iri", i])));
    const added = merge(data);
    status(`${added} element${added === 1 ? "" : "s"} added${data.truncated ? " (neighbourhood cut: too many links)" : ""}`);
  } catch (e) { status(e.message, true); }
}

// Draw an answer from link analysis (paths, convergence): its nodes and edges, highlighted.
// A link already drawn (same parties, same relationship node) is highlighted, not drawn twice.
export function showAnalysisGraph(nodes, edges) {
  const chart = ensure();
  chart.elements().removeClass("highlight");
  const fresh = edges.filter((e) => !chart.edges().some((x) => sameLink(x.data(), e)));
  merge({ nodes, edges: fresh });
  const wanted = new Set(nodes.map((n) => n.id));
  chart.nodes().filter((n) => wanted.has(n.id())).addClass("highlight");
  chart.edges().filter((x) => edges.some((e) => sameLink(x.data(), e))).addClass("highlight");
  location.hash = "#/chart";
}

function sameLink(a, b) {
  const ends = (a.source === b.source && a.target === b.target) || (a.source === b.target && a.target === b.source);
  return ends && (a.id === b.id || (a.via && a.via === b.via));
}

function select(node, expand) {
  const data = node.data();
  $("chart-side").replaceChildren(
    el("h3", { text: data.label }),
    el("p", { class: "types", text: data.type_label || data.group }),
    el("p", {}, entityLink(data.id, "open entity page")),
    el("p", { class: "hint", text: expand ? "neighbours added" : "" }));
  if (expand) addToChart([data.id]);
}

function selectEdge(edge) {
  const d = edge.data();
  $("chart-side").replaceChildren(
    el("h3", { text: d.label }),
    d.via ? el("p", {}, entityLink(d.via, "open the relationship")) : null,
    d.date ? el("p", { text: `date: ${d.date}` }) : null,
    el("p", { text: `grade ${d.grade || "?"} · ${d.markings.join(", ")}` }),
    el("ul", { class: "evidence" }, d.evidence.map((e) => el("li", { text: `${e.source} (${e.agency || "?"}, ${e.marking}, ${e.grade})` }))));
}

function applyFilters() {
  if (!cy) return;
  cy.batch(() => {
    cy.edges().forEach((edge) => {
      const d = edge.data();
      const hidden = (filters.relations && !filters.relations.has(d.label)) ||
        d.grade_rank > filters.minGrade ||
        (filters.markings && !d.markings.some((m) => filters.markings.has(m))) ||
        (d.date && filters.since && d.date < filters.since) ||
        (d.date && filters.until && d.date > filters.until);
      edge.toggleClass("filtered", Boolean(hidden));
    });
    cy.nodes().forEach((node) => {
      const visibleEdges = node.connectedEdges().filter((e) => !e.hasClass("filtered"));
      node.toggleClass("filtered", !node.data("seed") && visibleEdges.length === 0);
    });
  });
  const shown = cy.elements().filter((e) => !e.hasClass("filtered"));
  $("chart-count").textContent = `${shown.nodes().length} nodes, ${shown.edges().length} links shown`;
}

function checkboxes(container, values, selected, onChange) {
  container.replaceChildren(...[...values].sort().map((value) => el("label", { class: "check" },
    el("input", { type: "checkbox", checked: !selected || selected.has(value),
                  onchange: (event) => onChange(value, event.target.checked) }), value)));
}

function refreshFilters() {
  if (!cy) return;
  const relations = new Set(cy.edges().map((e) => e.data("label")));
  const markings = new Set(cy.edges().flatMap((e) => e.data("markings")));
  checkboxes($("filter-relations"), relations, filters.relations, (value, on) => {
    filters.relations = filters.relations || new Set(relations);
    on ? filters.relations.add(value) : filters.relations.delete(value);
    applyFilters();
  });
  checkboxes($("filter-markings"), markings, filters.markings, (value, on) => {
    filters.markings = filters.markings || new Set(markings);
    on ? filters.markings.add(value) : filters.markings.delete(value);
    applyFilters();
  });
  applyFilters();
}

// Set by the timeline's brush (and the date inputs): links dated outside are hidden.
export function setDateWindow(since, until) {
  filters.since = since || "";
  filters.until = until || "";
  $("filter-since").value = filters.since;
  $("filter-until").value = filters.until;
  applyFilters();
}

function xml(text) {
  return String(text ?? "").replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" }[c]));
}

export function graphml() {
  const keys = [["label", "node"], ["type", "node"], ["group", "node"], ["label", "edge"], ["relation", "edge"],
                ["via", "edge"], ["date", "edge"], ["grade", "edge"], ["markings", "edge"]];
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...keys.map(([name, scope]) => `  <key id="${scope}_${name}" for="${scope}" attr.name="${name}" attr.type="string"/>`),
    '  <graph edgedefault="directed">'];
  const visible = cy ? cy.elements().filter((e) => !e.hasClass("filtered")) : [];
  for (const node of visible.nodes ? visible.nodes() : []) {
    const d = node.data();
    lines.push(`    <node id="${xml(d.id)}"><data key="node_label">${xml(d.label)}</data>` +
      `<data key="node_type">${xml(d.type_label)}</data><data key="node_group">${xml(d.group)}</data></node>`);
  }
  for (const edge of visible.edges ? visible.edges() : []) {
    const d = edge.data();
    lines.push(`    <edge source="${xml(d.source)}" target="${xml(d.target)}"><data key="edge_label">${xml(d.label)}</data>` +
      `<data key="edge_relation">${xml(d.relation)}</data><data key="edge_via">${xml(d.via)}</data>` +
      `<data key="edge_date">${xml(d.date)}</data><data key="edge_grade">${xml(d.grade)}</data>` +
      `<data key="edge_markings">${xml(d.markings.join(" "))}</data></edge>`);
  }
  lines.push("  </graph>", "</graphml>");
  return lines.join("\n") + "\n";
}

export function initChart() {
  $("filter-grade").replaceChildren(...GRADES.map((g, i) => el("option", { value: String(i * 7), selected: i === 5 }, `${g} or better`)));
  $("filter-grade").addEventListener("change", (event) => { filters.minGrade = Number(event.target.value); applyFilters(); });
  $("filter-since").addEventListener("change", (event) => setDateWindow(event.target.value, filters.until));
  $("filter-until").addEventListener("change", (event) => setDateWindow(filters.since, event.target.value));
  $("chart-png").addEventListener("click", () => {
    if (cy) download("link-chart.png", "image/png", cy.png({ full: true, output: "blob", bg: "#ffffff" }));
  });
  $("chart-graphml").addEventListener("click", () => download("link-chart.graphml", "application/xml", graphml()));
  $("chart-clear").addEventListener("click", () => { if (cy) cy.elements().remove(); seeds.clear(); refreshFilters(); });
}

export function showChart() {
  ensure().resize();
}

export function chartSize() {
  return cy ? { nodes: cy.nodes().length, edges: cy.edges().length } : { nodes: 0, edges: 0 };
}
