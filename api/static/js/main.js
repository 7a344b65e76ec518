// The workspace shell: sign-in with a token, a hash router (#/search, #/entity?iri=, #/chart,
// #/map, #/saved/NAME, #/sparql), and one view per tab, each keeping its own results.
import { get, session, setToken } from "./api.js";
import { $, el, status } from "./dom.js";
import { initAnalysis } from "./analysis.js";
import { initChart, showChart } from "./chart.js";
import { showEntity } from "./entity.js";
import { initMap, showMap } from "./map.js";
import { showSaved } from "./saved.js";
import { initSearch, showSearch } from "./search.js";
import { showSparql } from "./sparql.js";

const VIEWS = {
  search: (params) => showSearch(params),
  entity: (params) => showEntity(params),
  chart: () => showChart(),
  map: () => showMap(),
  saved: (params, rest) => showSaved(params, rest),
  sparql: (params) => showSparql(params),
};

function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const [view, ...rest] = (path || "search").split("/");
  const name = VIEWS[view] ? view : "search";
  document.querySelectorAll("main > section.view").forEach((s) => { s.hidden = s.id !== `view-${name}`; });
  document.querySelectorAll("nav a[data-view]").forEach((a) => {
    if (a.dataset.view === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  });
  if (!session.token) {
    status("Paste a token to sign in (ipas serve prints a link with one).", true);
    return;
  }
  status("");
  VIEWS[name](new URLSearchParams(query || ""), rest.join("/"));
}

async function whoAmI() {
  if (!session.token) { $("who").textContent = "not signed in"; return; }
  try {
    const me = await get("/workspace/me");
    session.me = me;
    $("who").replaceChildren(el("strong", { text: me.name }), ` · ${me.role}`,
      me.agency ? ` · ${me.agency}` : "", el("span", { class: "clearance", title: "markings you are cleared for", text: ` · ${me.markings.join(", ")}` }));
  } catch (e) {
    $("who").textContent = "token not accepted";
    status(e.message, true);
  }
}

function readFragment() {
  // `ipas serve` prints /ui/#token=...; the fragment never reaches the server, and the token
  // is moved out of the address bar at once. `query=` opens the SPARQL editor with a query.
  const fragment = new URLSearchParams(location.hash.replace(/^#\/?/, ""));
  if (!fragment.get("token")) return;
  setToken(fragment.get("token"), false);
  const query = fragment.get("query");
  history.replaceState(null, "", location.pathname + (query ? "#/sparql?" + new URLSearchParams({ query }) : "#/search"));
}

function init() {
  readFragment();
  $("token").value = session.token;
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    setToken($("token").value, $("remember").checked);
    whoAmI().then(route);
  });
  initSearch();
  initChart();
  initAnalysis();
  initMap();
  window.addEventListener("hashchange", route);
  whoAmI().then(route);
}

init();
