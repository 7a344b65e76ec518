// Link analysis on the chart: the paths between two entities (with the evidence of every hop)
// and the facilitators several networks share, drawn and highlighted on the link chart; and
// networks and pathways ranked for action with every score term shown.
import { get } from "./api.js";
import { $, el, entityLink, status } from "./dom.js";
import { showAnalysisGraph } from "./chart.js";
import { entityPicker } from "./picker.js";

const GROUPS = { network: "criminal-organization", company: "organization", place: "location" };
let pickers = null;

function node(n) {
  return { id: n.iri, label: n.label || n.iri, types: n.types || [], type_label: (n.types || [])[0] || n.category,
           group: GROUPS[n.category] || n.category || "other" };
}

function edge(link) {
  return {
    id: `${link.from}|${link.kind}|${link.to}|${link.link || ""}`, source: link.from, target: link.to,
    relation: link.kind, label: link.kind, via: link.link || null, date: link.start || null,
    markings: link.marking ? [link.marking] : [], grade: link.grade || null,
    grade_rank: link.grade ? "ABCDEF".indexOf(link.grade[0]) * 6 + "123456".indexOf(link.grade[1]) : 35,
    evidence: [{ source: link.source, agency: null, marking: link.marking, grade: link.grade }],
  };
}

function linkItem(link) {
  return el("li", {}, el("strong", { text: link.kind }), " ",
    link.link ? entityLink(link.link, "link") : null,
    ` · ${link.grade || "?"} · ${link.marking || ""} · ${link.source || ""}`,
    (link.evidence || []).length ? el("ul", {}, link.evidence.map((e) =>
      el("li", {}, entityLink(e.report, e.label), ` ${e.grade || ""} ${e.date || ""}`))) : null);
}

async function findPaths(event) {
  event.preventDefault();
  const from = pickers.from.pickerValue();
  const to = pickers.to.pickerValue();
  if (!from || !to) { status("pick both entities from the lists", true); return; }
  const params = { from, to, k: $("path-k").value };
  if ($("path-grade").value) params.min_grade = $("path-grade").value;
  status("finding paths…");
  try {
    const answer = await get("/analysis/paths", params);
    const nodes = new Map();
    const edges = [];
    for (const path of answer.paths) {
      path.nodes.forEach((n) => nodes.set(n.iri, node(n)));
      for (const hop of path.hops) edges.push(...hop.links.map(edge));
    }
    showAnalysisGraph([...nodes.values()], edges);
    $("analysis-result").replaceChildren(el("h4", { text: `${answer.paths.length} path(s)` }),
      ...answer.paths.map((path, i) => el("section", { class: "path" },
        el("h5", { text: `path ${i + 1}: ${path.length} hop(s)` }),
        el("ol", {}, path.hops.map((hop) => el("li", {},
          `${(path.nodes.find((n) => n.iri === hop.from) || {}).label || hop.from} → ` +
          `${(path.nodes.find((n) => n.iri === hop.to) || {}).label || hop.to}`,
          el("ul", { class: "links" }, hop.links.map(linkItem))))))));
    status(answer.paths.length ? "" : "no path within the constraints");
  } catch (e) { status(e.message, true); }
}

async function convergence() {
  status("computing convergence…");
  try {
    const answer = await get("/analysis/convergence", { limit: 15 });
    $("analysis-result").replaceChildren(el("h4", { text: `${answer.count} facilitator(s) shared by networks` }),
      el("ol", { class: "convergence" }, answer.facilitators.map((f) => el("li", {},
        el("button", { type: "button", class: "secondary small", onclick: () => drawFacilitator(f) }, "draw"), " ",
        entityLink(f.facilitator.iri, f.facilitator.label), ` score ${f.score.toFixed(2)}: `,
        f.terms.map((t) => `${t.term} ${t.value} × ${t.weight}`).join(", "),
        el("small", { text: ` — ${f.networks.map((n) => n.network.label).join("; ")}` })))));
    status("");
  } catch (e) { status(e.message, true); }
}

function drawFacilitator(f) {
  const nodes = [node(f.facilitator), ...f.networks.map((n) => node(n.network))];
  const edges = f.networks.flatMap((n) => n.links.map(edge));
  const ends = new Set(edges.flatMap((e) => [e.source, e.target]));
  for (const iri of ends) if (!nodes.some((n) => n.id === iri)) nodes.push({ id: iri, label: iri.split("/").pop(), group: "other" });
  showAnalysisGraph(nodes, edges);
}

// Networks or pathways ranked for action, each score shown term by term (value, weight,
// contribution), as the weights file in ipas/analysis says.
async function rank(kind) {
  status(`ranking ${kind}…`);
  try {
    const answer = await get(`/analysis/rank/${kind}`, { limit: 20 });
    const terms = Object.keys(answer.weights);
    $("analysis-result").replaceChildren(
      el("h4", { text: `${kind} ranked (as of ${answer.as_of})` }),
      el("div", { class: "table-wrap" }, el("table", { class: "results ranking" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "#" }), el("th", { scope: "col", text: kind }),
          el("th", { scope: "col", text: "score" }),
          terms.map((t) => el("th", { scope: "col", title: `weight ${answer.weights[t]}`, text: `${t} ×${answer.weights[t]}` })))),
        el("tbody", {}, answer.ranking.map((row, i) => el("tr", {},
          el("td", { text: String(i + 1) }), el("td", {}, entityLink(row.item.iri, row.item.label)),
          el("td", { text: row.score.toFixed(2) }),
          terms.map((t) => {
            const term = row.terms.find((x) => x.term === t);
            return el("td", { title: term ? JSON.stringify(term.detail || {}) : "",
                              text: term ? `${term.value} → ${term.contribution.toFixed(2)}` : "" });
          })))))));
    status("");
  } catch (e) { status(e.message, true); }
}

export function initAnalysis() {
  pickers = {
    from: entityPicker({ name: "from", label: "from" }),
    to: entityPicker({ name: "to", label: "to" }),
  };
  $("path-pickers").replaceChildren(pickers.from, pickers.to);
  $("path-form").addEventListener("submit", findPaths);
  $("convergence-run").addEventListener("click", convergence);
  $("rank-networks").addEventListener("click", () => rank("networks"));
  $("rank-pathways").addEventListener("click", () => rank("pathways"));
}
