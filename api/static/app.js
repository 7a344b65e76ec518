// IPAS-KG web UI: saved queries, SPARQL and entity search over the same REST/SPARQL doors
// that other clients use. No third-party code, no outbound requests; data is only ever
// written into the page as text (never as HTML).
"use strict";

const $ = (id) => document.getElementById(id);
const state = { token: localStorage.getItem("ipas-token") || "" };

function headers(accept) {
  const h = { Accept: accept || "application/json" };
  if (state.token) h.Authorization = "Bearer " + state.token;
  return h;
}

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

async function call(url, options) {
  const response = await fetch(url, options);
  const body = await response.text();
  let data = null;
  try { data = body ? JSON.parse(body) : null; } catch (e) { data = body; }
  if (!response.ok) {
    const message = data && data.message ? data.message : response.status + " " + response.statusText;
    throw new Error(message);
  }
  return data;
}

function cell(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return value.value !== undefined ? value.value : JSON.stringify(value);
  return String(value);
}

function renderTable(columns, rows) {
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column;
    head.appendChild(th);
  }
  const tbody = table.createTBody();
  for (const row of rows) {
    const tr = tbody.insertRow();
    for (const column of columns) tr.insertCell().textContent = cell(row[column]);
  }
  $("results").replaceChildren(table);
  setStatus(rows.length + " row" + (rows.length === 1 ? "" : "s"));
}

function renderAnswer(data) {
  if (data && data.head && data.results) {  // SPARQL 1.1 Results JSON
    renderTable(data.head.vars || [], data.results.bindings || []);
  } else if (data && typeof data.boolean === "boolean") {
    $("results").replaceChildren();
    setStatus("answer: " + data.boolean);
  } else if (data && Array.isArray(data.rows)) {
    const columns = data.columns || data.variables || Object.keys(data.rows[0] || {});
    renderTable(columns, data.rows);
  } else {
    const pre = document.createElement("pre");
    pre.textContent = JSON.stringify(data, null, 2);
    $("results").replaceChildren(pre);
    setStatus("");
  }
}

async function runSparql() {
  setStatus("running…");
  try {
    const body = new URLSearchParams({ query: $("sparql-text").value });
    const data = await call("/sparql", {
      method: "POST",
      headers: { ...headers("application/sparql-results+json"),
                 "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    renderAnswer(data);
  } catch (e) { setStatus(e.message, true); }
}

function paramInput(param) {
  const label = document.createElement("label");
  const name = document.createElement("span");
  name.textContent = param.name + (param.optional ? "" : " *");
  const input = document.createElement(param.values && param.values.length ? "select" : "input");
  input.name = param.name;
  if (input.tagName === "SELECT") {
    for (const value of ["", ...param.values]) {
      const option = document.createElement("option");
      option.value = option.textContent = value;
      input.appendChild(option);
    }
  } else {
    input.placeholder = param.type || "";
    if (param.type === "date" || param.type === "xsd:date") input.type = "date";
  }
  if (param.default !== undefined && param.default !== null) input.value = param.default;
  input.title = param.description || "";
  label.append(name, input);
  return label;
}

async function showSaved(query, item) {
  document.querySelectorAll("#saved-list li").forEach((li) => li.classList.remove("active"));
  item.classList.add("active");
  $("saved-title").textContent = query.name;
  $("saved-summary").textContent = query.summary || "";
  const form = $("saved-form");
  form.replaceChildren(...(query.parameters || []).map(paramInput));
  const run = document.createElement("button");
  run.textContent = "Run";
  form.appendChild(run);
  form.onsubmit = async (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) params.append(key, value);
    setStatus("running…");
    try {
      renderAnswer(await call("/queries/" + encodeURIComponent(query.name) + "?" + params,
                              { headers: headers() }));
    } catch (e) { setStatus(e.message, true); }
  };
}

async function loadSaved() {
  try {
    const catalogue = await call("/queries", { headers: headers() });
    const list = $("saved-list");
    list.replaceChildren();
    for (const query of catalogue.queries || catalogue) {
      const li = document.createElement("li");
      li.textContent = query.name;
      const small = document.createElement("small");
      small.textContent = query.summary || "";
      li.appendChild(small);
      li.onclick = () => showSaved(query, li);
      list.appendChild(li);
    }
  } catch (e) { setStatus(e.message, true); }
}

async function loadClasses() {
  try {
    const classes = await call("/entities", { headers: headers() });
    $("search-class").replaceChildren(...classes.map((c) => {
      const option = document.createElement("option");
      option.value = c.slug;
      option.textContent = c.label;
      return option;
    }));
  } catch (e) { setStatus(e.message, true); }
}

async function search(event) {
  event.preventDefault();
  const slug = $("search-class").value;
  const q = $("search-text").value.trim();
  if (!slug || !q) return;
  try {
    const data = await call("/entities/" + slug + "/search?" + new URLSearchParams({ q }),
                            { headers: headers() });
    const hits = data.items || data.results || [];
    $("search-hits").replaceChildren(...hits.map((hit) => {
      const li = document.createElement("li");
      li.textContent = hit.label || hit.iri;
      li.onclick = async () => {
        const id = hit.id || hit.iri;
        const [entity, links] = await Promise.all([
          call("/entities/" + slug + "/" + encodeURIComponent(id), { headers: headers() }),
          call("/entities/" + slug + "/" + encodeURIComponent(id) + "/neighbours",
               { headers: headers() }),
        ]);
        $("entity").textContent = JSON.stringify({ entity, links }, null, 2);
      };
      return li;
    }));
    setStatus(hits.length + " match" + (hits.length === 1 ? "" : "es"));
  } catch (e) { setStatus(e.message, true); }
}

function showTab(name) {
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.id === "tab-" + name));
}

function readFragment() {
  // "#token=...&query=..." lets `ipas serve` print a ready link; the fragment never reaches
  // the server, and is cleared from the address bar at once.
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get("token")) {
    state.token = fragment.get("token");
    localStorage.setItem("ipas-token", state.token);
  }
  history.replaceState(null, "", location.pathname);
  return fragment;
}

function init() {
  const fragment = readFragment();
  $("token").value = state.token;
  $("token").onchange = () => {
    state.token = $("token").value.trim();
    localStorage.setItem("ipas-token", state.token);
    loadSaved();
    loadClasses();
  };
  document.querySelectorAll("nav button").forEach((b) => (b.onclick = () => showTab(b.dataset.tab)));
  $("sparql-run").onclick = runSparql;
  $("search-form").onsubmit = search;
  loadSaved();
  loadClasses();
  if (fragment.get("query")) {
    showTab("sparql");
    $("sparql-text").value = fragment.get("query");
    runSparql();
  }
}

init();
