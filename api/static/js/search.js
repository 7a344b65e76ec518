// Search: one box across every class (names, aliases, identifiers), ranked, with type facets.
import { get } from "./api.js";
import { $, el, entityLink, status } from "./dom.js";
import { addToChart } from "./chart.js";

let lastQuery = null;

export async function runSearch(q, type) {
  $("search-text").value = q;
  if (!q) return;
  status("searching…");
  try {
    const data = await get("/workspace/search", { q, limit: 50, ...(type ? { type } : {}) });
    lastQuery = { q, type };
    renderFacets(data.facets || [], q, type);
    const hits = data.items || [];
    $("search-hits").replaceChildren(...hits.map((hit) => el("li", { class: "hit" },
      el("div", {}, entityLink(hit.iri, hit.label),
         el("span", { class: "types", text: (hit.types || []).map((t) => t.label).join(", ") })),
      hit.matched && hit.matched !== hit.label
        ? el("small", { class: "matched", text: `matched “${hit.matched}”` }) : null,
      el("button", { type: "button", class: "secondary small", "aria-label": `add ${hit.label} to the link chart`,
                     onclick: () => { addToChart([hit.iri]); location.hash = "#/chart"; } }, "chart"))));
    status(`${data.total ?? hits.length} match${hits.length === 1 ? "" : "es"} for “${q}”`);
  } catch (e) { status(e.message, true); }
}

function renderFacets(facets, q, type) {
  const all = el("button", { type: "button", class: type ? "facet" : "facet active",
                             onclick: () => navigate(q, null) }, "All types");
  $("search-facets").replaceChildren(all, ...facets.map((f) => el("button", {
    type: "button", class: f.iri === type ? "facet active" : "facet",
    "aria-pressed": String(f.iri === type), onclick: () => navigate(q, f.iri),
  }, `${f.label} (${f.count})`)));
}

function navigate(q, type) {
  const params = new URLSearchParams({ q });
  if (type) params.set("type", type);
  location.hash = "#/search?" + params;
}

export function initSearch() {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate($("search-text").value.trim(), null);
  });
}

export function showSearch(params) {
  const q = params.get("q") || "";
  const type = params.get("type");
  if (q && (!lastQuery || lastQuery.q !== q || lastQuery.type !== type)) runSearch(q, type);
  $("search-text").focus();
}
