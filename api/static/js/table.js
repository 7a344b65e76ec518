// Result tables: SPARQL results JSON or a saved query's rows, every entity IRI a link to its
// page, with a CSV download of exactly what is shown.
import { el, entityLink, isEntityIri, download } from "./dom.js";
import { addToChart } from "./chart.js";

function cellValue(value) {
  if (value === null || value === undefined) return { text: "" };
  if (typeof value === "object") {
    if (value.type === "uri") return { text: value.value, iri: value.value };
    if (value.value !== undefined) return { text: String(value.value) };
    if (value.iri) return { text: value.label || value.iri, iri: value.iri, label: value.label };
    return { text: JSON.stringify(value) };
  }
  const text = String(value);
  return isEntityIri(text) ? { text, iri: text } : { text };
}

function csvField(text) {
  // A leading = + - @ would run as a formula in a spreadsheet: neutralize it.
  const safe = /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
  return /[",\n\r]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

// Columns and rows from any answer shape the server gives; null when it is not tabular.
export function tabular(data) {
  if (data && data.head && data.results) {
    return { columns: data.head.vars || [], rows: data.results.bindings || [] };
  }
  if (data && Array.isArray(data.rows)) {
    const columns = data.columns || data.variables || Object.keys(data.rows[0] || {});
    return { columns, rows: data.rows };
  }
  return null;
}

export function renderTable(container, columns, rows, { name = "results", labels = {} } = {}) {
  const table = el("table", { class: "results" });
  const head = table.createTHead().insertRow();
  for (const column of columns) head.append(el("th", { scope: "col", text: column }));
  const body = table.createTBody();
  const csv = [columns.map(csvField).join(",")];
  const entities = new Set();
  for (const row of rows) {
    const tr = body.insertRow();
    const line = [];
    for (const column of columns) {
      const value = cellValue(row[column]);
      const td = tr.insertCell();
      if (value.iri && isEntityIri(value.iri)) {
        entities.add(value.iri);
        td.append(entityLink(value.iri, value.label || labels[value.iri] || null));
      } else {
        td.textContent = value.text;
      }
      line.push(csvField(value.text));
    }
    csv.push(line.join(","));
  }
  const save = el("button", { type: "button", class: "secondary",
                              onclick: () => download(`${name}.csv`, "text/csv", csv.join("\r\n") + "\r\n") },
                  "Download CSV");
  const chart = entities.size ? el("button", {
    type: "button", class: "secondary",
    onclick: () => { addToChart([...entities].slice(0, 50)); location.hash = "#/chart"; },
  }, `Chart ${Math.min(entities.size, 50)} entities`) : null;
  const count = el("p", { class: "count", text: `${rows.length} row${rows.length === 1 ? "" : "s"}` });
  container.replaceChildren(el("div", { class: "table-tools" }, count, save, chart),
                            el("div", { class: "table-wrap" }, table));
}

export function renderAnswer(container, data, name) {
  const shape = tabular(data);
  if (shape) return renderTable(container, shape.columns, shape.rows, { name });
  if (data && typeof data.boolean === "boolean") {
    return container.replaceChildren(el("p", { class: "count", text: `answer: ${data.boolean}` }));
  }
  container.replaceChildren(el("pre", { text: JSON.stringify(data, null, 2) }));
}
