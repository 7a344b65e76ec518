// An entity's page: its facts laid out by kind, each with its evidence; inferred facts apart.
import { get } from "./api.js";
import { $, el, entityLink, gradeClass, status } from "./dom.js";
import { addToChart } from "./chart.js";
import { resolutionPanel } from "./resolution.js";

let shown = null;

function term(value) {
  if (!value) return "";
  if (value.iri) {
    const kind = (value.type_labels || []).join(", ");
    return el("span", {}, entityLink(value.iri, value.label), kind ? el("small", { class: "types", text: ` ${kind}` }) : null);
  }
  return el("span", { class: "literal", text: value.value + (value.language ? ` @${value.language}` : "") });
}

function markingClass(marking) {
  return "marking marking-" + String(marking || "none").toLowerCase().replace(/[^a-z]+/g, "-");
}

function evidenceList(fact) {
  if (fact.inferred) return el("span", { class: "inferred-note", text: "inferred by the reasoner — not evidence" });
  return el("ul", { class: "evidence" }, (fact.evidence || []).map((e) => el("li", {},
    el("span", { class: markingClass(e.marking), text: e.marking || "unmarked" }),
    el("span", { class: "grade " + gradeClass(e.grade), title: "Admiralty grade (source reliability, information credibility)", text: e.grade }),
    el("span", { class: "source", text: e.source }),
    e.agency ? el("span", { class: "agency", text: e.agency }) : null,
    el("small", { class: "batch", title: `batch ${e.batch}`, text: (e.loaded_at || "").slice(0, 10) }))));
}

function viaValues(via) {
  return el("ul", { class: "via-values" }, (via.values || []).map((v) =>
    el("li", {}, el("span", { class: "prop", text: v.property.label }), " ", term(v.value))));
}

function factRow(fact) {
  const main = fact.via
    ? el("div", {}, el("span", { class: "prop", text: `${fact.property.label} of ` }), term(fact.via), viaValues(fact.via),
         (fact.reports || []).length ? el("div", { class: "reports" }, "reports: ",
           fact.reports.map((r) => el("span", { class: "report" }, term(r)))) : null)
    : el("div", {}, el("span", { class: "prop", text: fact.direction === "in" ? `${fact.property.label} (from) ` : `${fact.property.label} ` }), term(fact.value));
  return el("tr", { class: fact.inferred ? "inferred" : "" }, el("td", {}, main), el("td", {}, evidenceList(fact)));
}

function section(sec) {
  const id = `sec-${sec.kind}`;
  return el("section", { class: `facts facts-${sec.kind}`, "aria-labelledby": id },
    el("h3", { id, text: `${sec.title} (${sec.facts.length})` }),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "fact" }), el("th", { scope: "col", text: "evidence" }))),
       el("tbody", {}, sec.facts.map(factRow))));
}

export async function showEntity(params) {
  const iri = params.get("iri");
  if (!iri) return;
  if (shown && shown.iri === iri) return;
  status("loading…");
  const root = $("entity-page");
  try {
    const page = await get("/workspace/entity", { iri });
    shown = page;
    root.replaceChildren(...[
      el("div", { class: "entity-head" },
        el("h2", { id: "entity-title", text: page.label || iri }),
        el("p", { class: "types" }, (page.types || []).map((t) => el("span", { class: "type", text: t.label }))),
        page.labels && page.labels.length > 1 ? el("p", { class: "also", text: `also: ${page.labels.slice(1).join("; ")}` }) : null,
        el("p", { class: "iri" }, el("code", { text: iri })),
        el("div", { class: "actions" },
          el("button", { type: "button", onclick: () => { addToChart([iri]); location.hash = "#/chart"; } }, "Chart links"),
          el("button", { type: "button", class: "secondary", onclick: () => { location.hash = "#/map"; } }, "Map and timeline"))),
      page.truncated ? el("p", { class: "warning", text: "This entity has more facts than one page shows; the first ones are listed." }) : null,
      el("div", { id: "entity-resolution" }),
      ...page.sections.map(section),
      (page.inferred_types || []).length
        ? el("p", { class: "inferred-types", text: `Inferred types (not evidence): ${page.inferred_types.map((t) => t.label).join(", ")}` }) : null,
    ].filter(Boolean));
    status(`${page.sections.reduce((n, s) => n + s.facts.length, 0)} facts`);
    resolutionPanel(iri, $("entity-resolution"));
    document.title = `${page.label || "entity"} · IPAS-KG`;
  } catch (e) {
    shown = null;
    root.replaceChildren(el("p", { class: "error", text: e.message }));
    status(e.message, true);
  }
}
