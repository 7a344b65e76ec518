// The SPARQL editor: YASGUI wired to /sparql with the caller's token, the ontology's prefixes
// and the saved queries as examples; entity IRIs in its result tables open their pages.
import { get, session } from "./api.js";
import { $, el, isEntityIri, status } from "./dom.js";

let yasgui = null;
let examples = null;

function prefixBlock(prefixes) {
  return Object.entries(prefixes).map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join("\n");
}

function start(prefixes, initial) {
  const Yasgui = window.Yasgui;
  const endpoint = location.origin + "/sparql";
  yasgui = new Yasgui($("yasgui"), {
    requestConfig: {
      endpoint, method: "POST",
      headers: () => (session.token ? { Authorization: "Bearer " + session.token } : {}),
    },
    copyEndpointOnNewTab: false,
    persistenceId: null,  // results may be TLP:RED: never written to the browser's storage
    endpointCatalogueOptions: { getData: () => [{ endpoint }], keys: [] },
    // The UI owns the address bar's fragment (its router); YASGUI must neither read nor write it.
    populateFromUrl: false,
    consumeShareLink: null,
    createShareableLink: null,
    yasqe: { consumeShareLink: null, createShareableLink: null, value: initial || `${prefixBlock(prefixes)}\n\nSELECT ?org ?label WHERE {\n  ?org a ipas:CriminalOrganization ; rdfs:label ?label\n} LIMIT 50\n` },
  });
  // Result tables link IRIs to themselves; inside the UI an entity opens its page instead.
  $("yasgui").addEventListener("click", (event) => {
    const a = event.target.closest("a[href]");
    if (a && isEntityIri(a.getAttribute("href"))) {
      event.preventDefault();
      location.hash = "#/entity?" + new URLSearchParams({ iri: a.getAttribute("href") });
    }
  }, true);
}

export async function showSparql(params) {
  const query = params && params.get("query");
  try {
    if (!examples) {
      examples = await get("/workspace/examples");
      $("sparql-examples").replaceChildren(el("option", { value: "" }, "load a saved query as an example…"),
        ...examples.queries.map((q) => el("option", { value: q.name, title: q.summary }, `${q.name} — ${q.summary}`)));
      $("sparql-examples").onchange = (event) => {
        const q = examples.queries.find((x) => x.name === event.target.value);
        if (q && yasgui) yasgui.getTab().setQuery(q.text);
      };
    }
    if (!yasgui) start(examples.prefixes, query);
    else if (query) yasgui.getTab().setQuery(query);
    if (query) yasgui.getTab().query();
  } catch (e) { status(e.message, true); }
}
