// Map and timeline: places, pathway legs and dated events on a bundled Natural Earth base map
// (no tile server), and a timeline whose brush filters the map and the link chart by date.
import { get } from "./api.js";
import { $, el, entityLink, status } from "./dom.js";
import { setDateWindow } from "./chart.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 1000;
const HEIGHT = 560;
let data = null;
let view = { x: 0, y: 0, w: WIDTH, h: HEIGHT };
const brush = { since: "", until: "" };

function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
}

// Equirectangular over the Western Hemisphere's working area, wide enough for Europe's ports.
const BOUNDS = { west: -170, east: 40, north: 72, south: -58 };
function project(lon, lat) {
  return [((lon - BOUNDS.west) / (BOUNDS.east - BOUNDS.west)) * WIDTH,
          ((BOUNDS.north - lat) / (BOUNDS.north - BOUNDS.south)) * HEIGHT];
}

// A ring as path data; a step across the antimeridian starts a new sub-path instead of
// drawing a line across the whole map, and rings wholly outside the view are left out.
function ringPath(ring) {
  if (ring.every(([lon, lat]) => lat < BOUNDS.south || lon > BOUNDS.east + 30)) return "";
  let previous = null;
  const parts = ring.map(([lon, lat]) => {
    const [x, y] = project(lon, lat);
    const jump = previous !== null && Math.abs(lon - previous) > 180;
    const move = previous === null || jump;
    previous = lon;
    return `${move ? "M" : "L"}${x.toFixed(1)},${y.toFixed(1)}`;
  });
  return parts.join("");
}

async function baseLayer(group) {
  const response = await fetch("vendor/countries-110m.geojson");
  const world = await response.json();
  for (const feature of world.features) {
    const polygons = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates] : feature.geometry.coordinates;
    const d = polygons.map((poly) => poly.map(ringPath).join("")).join("");
    const path = svg("path", { d, class: "country" });
    path.append(svg("title", {}, feature.properties.name));
    group.append(path);
  }
}

// CBP ports of entry (bundled with the UI, from the reference data's port list).
async function portsLayer(group) {
  const response = await fetch("data/cbp-ports.geojson");
  const ports = await response.json();
  for (const feature of ports.features) {
    const [x, y] = project(...feature.geometry.coordinates);
    const p = feature.properties;
    const mark = svg("rect", { x: x - 2.5, y: y - 2.5, width: 5, height: 5, class: `port port-${p.kind}` });
    mark.append(svg("title", {}, `CBP port ${p.code}: ${p.name}, ${p.state} (${p.kind})`));
    group.append(mark);
  }
}

function setView() {
  $("map-svg").setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
}

function inWindow(date) {
  return (!brush.since || date >= brush.since) && (!brush.until || date <= brush.until);
}

function drawFeatures() {
  const layer = $("map-features");
  layer.replaceChildren();
  for (const leg of data.legs) {
    const [x1, y1] = project(leg.from.lon, leg.from.lat);
    const [x2, y2] = project(leg.to.lon, leg.to.lat);
    const line = svg("line", { x1, y1, x2, y2, class: "leg" });
    line.append(svg("title", {}, `${leg.pathway_label || leg.pathway}: ${leg.label || ""} (${leg.mode || ""})`));
    layer.append(line);
  }
  for (const place of data.places) {
    const [x, y] = project(place.lon, place.lat);
    const dot = svg("circle", { cx: x, cy: y, r: 2.2, class: "place" });
    dot.append(svg("title", {}, `${place.label} (${place.type_label || "place"})`));
    layer.append(dot);
  }
  const events = data.events.filter((e) => e.place && inWindow(e.date));
  for (const event of events) {
    const [x, y] = project(event.place.lon, event.place.lat);
    const mark = svg("circle", { cx: x, cy: y, r: 4, class: `event event-${event.kind}` });
    mark.append(svg("title", {}, `${event.date} ${event.label}`));
    mark.addEventListener("click", () => { location.hash = "#/entity?" + new URLSearchParams({ iri: event.iri }); });
    layer.append(mark);
  }
  const listed = data.events.filter((e) => inWindow(e.date)).slice(0, 200);
  $("map-events").replaceChildren(...listed.map((e) => el("li", {},
    el("time", { datetime: e.date, text: e.date }), " ", el("span", { class: `kind kind-${e.kind}`, text: e.type_label || e.kind }), " ",
    entityLink(e.iri, e.label), e.place ? el("small", { text: ` at ${e.place.label || ""}` }) : null)));
  $("map-count").textContent = `${data.places.length} places, ${data.legs.length} pathway legs, ` +
    `${events.length} events on the map, ${data.events.filter((e) => inWindow(e.date)).length} in the window`;
}

// Events per month, every month from the first to the last (empty ones included, so the
// axis is true to time).
function months(events) {
  const counts = new Map();
  for (const e of events) {
    const month = e.date.slice(0, 7);
    if (/^\d{4}-\d{2}$/.test(month)) counts.set(month, (counts.get(month) || 0) + 1);
  }
  const keys = [...counts.keys()].sort();
  if (!keys.length) return [];
  const out = [];
  let [year, month] = keys[0].split("-").map(Number);
  const [lastYear, lastMonth] = keys[keys.length - 1].split("-").map(Number);
  while (year < lastYear || (year === lastYear && month <= lastMonth)) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    out.push([key, counts.get(key) || 0]);
    month += 1;
    if (month > 12) { month = 1; year += 1; }
  }
  return out;
}

function drawTimeline() {
  const tl = $("timeline-svg");
  tl.replaceChildren();
  const bins = months(data.events);
  if (!bins.length) return;
  const w = 1000, h = 90, bw = w / bins.length;
  const max = Math.max(...bins.map(([, n]) => n));
  bins.forEach(([month, n], i) => {
    const bh = (n / max) * (h - 20);
    const bar = svg("rect", { x: i * bw + 1, y: h - 16 - bh, width: Math.max(bw - 2, 1), height: bh,
                              class: inWindow(month + "-15") ? "bar" : "bar out", "data-month": month });
    bar.append(svg("title", {}, `${month}: ${n} events`));
    tl.append(bar);
    if (i % Math.ceil(bins.length / 12) === 0) {
      tl.append(svg("text", { x: i * bw + 2, y: h - 3, class: "tick" }, month));
    }
  });
  const sel = svg("rect", { x: 0, y: 0, width: 0, height: h - 16, class: "brush" });
  tl.append(sel);
  let start = null;
  const monthAt = (event) => {
    const box = tl.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * w;
    return Math.min(bins.length - 1, Math.max(0, Math.floor(x / bw)));
  };
  tl.onmousedown = (event) => { start = monthAt(event); };
  tl.onmousemove = (event) => {
    if (start === null) return;
    const end = monthAt(event);
    sel.setAttribute("x", Math.min(start, end) * bw);
    sel.setAttribute("width", (Math.abs(end - start) + 1) * bw);
  };
  tl.onmouseup = (event) => {
    if (start === null) return;
    const end = monthAt(event);
    const [a, b] = [Math.min(start, end), Math.max(start, end)];
    start = null;
    applyWindow(bins[a][0] + "-01", bins[b][0] + "-31");
  };
}

export function applyWindow(since, until) {
  brush.since = since || "";
  brush.until = until || "";
  $("window-since").value = brush.since;
  $("window-until").value = brush.until;
  setDateWindow(brush.since, brush.until);
  if (data) { drawFeatures(); drawTimeline(); }
}

export function initMap() {
  const map = $("map-svg");
  map.addEventListener("wheel", (event) => {
    event.preventDefault();
    const factor = event.deltaY > 0 ? 1.2 : 1 / 1.2;
    const box = map.getBoundingClientRect();
    const mx = view.x + ((event.clientX - box.left) / box.width) * view.w;
    const my = view.y + ((event.clientY - box.top) / box.height) * view.h;
    view = { x: mx - (mx - view.x) * factor, y: my - (my - view.y) * factor, w: view.w * factor, h: view.h * factor };
    setView();
  }, { passive: false });
  let drag = null;
  map.addEventListener("mousedown", (event) => { drag = { x: event.clientX, y: event.clientY, view: { ...view } }; });
  window.addEventListener("mouseup", () => { drag = null; });
  map.addEventListener("mousemove", (event) => {
    if (!drag) return;
    const box = map.getBoundingClientRect();
    view.x = drag.view.x - ((event.clientX - drag.x) / box.width) * view.w;
    view.y = drag.view.y - ((event.clientY - drag.y) / box.height) * view.h;
    setView();
  });
  $("window-form").addEventListener("submit", (event) => {
    event.preventDefault();
    applyWindow($("window-since").value, $("window-until").value);
  });
  $("window-clear").addEventListener("click", () => applyWindow("", ""));
}

export async function showMap() {
  if (data) return;
  status("loading map…");
  try {
    await baseLayer($("map-base"));
    await portsLayer($("map-ports"));
    data = await get("/workspace/geo");
    setView();
    drawFeatures();
    drawTimeline();
    status(data.truncated ? "only the most recent events are shown" : "");
  } catch (e) { status(e.message, true); }
}
