// An entity page's resolution panel: the resolved actor this record belongs to, its other
// records, and every suggestion and decision about the record, with accept, reject and undo
// for the roles that may decide (analyst, admin). Decisions are data: undo retracts one.
import { call, get, session } from "./api.js";
import { el, entityLink, status } from "./dom.js";

const DECIDERS = new Set(["analyst", "admin"]);

async function decide(path, body, refresh) {
  const why = window.prompt("Why? (kept with the decision)", "") ?? null;
  if (why === null) return;
  try {
    await call(path, { method: "POST", headers: { "Content-Type": "application/json" },
                       body: JSON.stringify({ ...body, why }) });
    status("decision recorded");
    refresh();
  } catch (e) { status(e.message, true); }
}

function decisionRow(iri, d, refresh, names) {
  const other = d.left === iri ? d.right : d.left;
  const pair = { left: d.left, right: d.right };
  const canDecide = session.me && DECIDERS.has(session.me.role);
  return el("tr", {},
    el("td", {}, entityLink(other, names[other] && names[other].label)),
    el("td", { text: d.decision }),
    el("td", { text: d.score === null || d.score === undefined ? "" : d.score.toFixed(3) }),
    el("td", { class: "features", text: Object.entries(d.features || {}).map(([k, v]) => `${k} ${v}`).join(", ") }),
    el("td", { text: `${d.by || ""} ${String(d.at || "").slice(0, 10)}` }),
    el("td", { text: d.why || "" }),
    el("td", {}, canDecide ? [
      el("button", { type: "button", class: "small", onclick: () => decide("/resolution/decisions", { ...pair, decision: "positive" }, refresh) }, "same actor"),
      el("button", { type: "button", class: "small secondary", onclick: () => decide("/resolution/decisions", { ...pair, decision: "negative" }, refresh) }, "different"),
      d.decision !== "suggested"
        ? el("button", { type: "button", class: "small secondary", onclick: () => decide("/resolution/undo", pair, refresh) }, "undo") : null,
    ] : null));
}

export async function resolutionPanel(iri, container) {
  const refresh = () => resolutionPanel(iri, container);
  try {
    const [actor, decisions] = await Promise.all([
      get("/resolution/canonical", { iri }).catch(() => null),
      get("/resolution/decisions"),
    ]);
    const mine = (decisions || []).filter((d) => d.left === iri || d.right === iri);
    const others = actor ? actor.members.filter((m) => m !== iri) : [];
    if (!mine.length && !others.length) { container.replaceChildren(); return; }
    const wanted = [...new Set([...others, ...mine.map((d) => (d.left === iri ? d.right : d.left))])].slice(0, 200);
    const names = (await get("/workspace/labels?" + new URLSearchParams(wanted.map((i) => ["iri", i])))).entities;
    container.replaceChildren(el("section", { class: "facts facts-resolution", "aria-labelledby": "sec-resolution" },
      el("h3", { id: "sec-resolution", text: "Entity resolution" }),
      others.length ? el("p", {}, `One actor with ${others.length} other record(s): `,
        others.map((m) => el("span", { class: "member" }, entityLink(m, names[m] && names[m].label), " "))) : null,
      mine.length ? el("table", {},
        el("thead", {}, el("tr", {}, ["other record", "decision", "score", "features", "by", "why", ""].map((h) => el("th", { scope: "col", text: h })))),
        el("tbody", {}, mine.map((d) => decisionRow(iri, d, refresh, names)))) : null));
  } catch (e) {
    container.replaceChildren();  // resolution is optional: the page stands without it
  }
}
