// Saved queries: a form per query, entities picked by name (never typed as IRIs), classes from
// a list, results as a table whose entity IRIs link to their pages.
import { get } from "./api.js";
import { $, el, entityLink, status } from "./dom.js";
import { entityPicker } from "./picker.js";
import { renderAnswer } from "./table.js";

let catalogue = null;
let classes = null;
let current = null;

async function classOptions() {
  if (!classes) classes = await get("/entities");
  return classes;
}

async function field(param) {
  const label = param.name + (param.required ? " *" : "");
  const title = param.description || "";
  if (param.values && param.values.length) {
    const id = `param-${param.name}`;
    return el("div", { class: "field" }, el("label", { for: id, text: label }),
      el("select", { id, name: param.name, title, required: param.required ? true : null },
        el("option", { value: "" }, "(any)"), param.values.map((v) => el("option", { value: v }, v))));
  }
  if (param.type === "iri" && param.name === "class") {
    const id = `param-${param.name}`;
    const options = await classOptions();
    return el("div", { class: "field" }, el("label", { for: id, text: label }),
      el("select", { id, name: param.name, title }, el("option", { value: "" }, "(any class)"),
        options.map((c) => el("option", { value: c.iri }, c.label))));
  }
  if (param.type === "iri") {
    const picker = entityPicker({ name: param.name, label: param.name, required: param.required });
    picker.title = title;
    return el("div", { class: "field" }, picker, el("small", { class: "help", text: title }));
  }
  const id = `param-${param.name}`;
  const type = param.type === "date" ? "date" : ["integer", "decimal"].includes(param.type) ? "number" : "text";
  return el("div", { class: "field" }, el("label", { for: id, text: label }),
    el("input", { id, name: param.name, type, title, step: param.type === "decimal" ? "any" : null,
                  value: param.default ?? null, required: param.required ? true : null }),
    el("small", { class: "help", text: title }));
}

async function open(name) {
  const query = catalogue.find((q) => q.name === name);
  if (!query) return;
  current = name;
  document.querySelectorAll("#saved-list a").forEach((a) => a.classList.toggle("active", a.dataset.name === name));
  $("saved-title").textContent = query.name;
  $("saved-summary").textContent = query.summary || "";
  const form = $("saved-form");
  // The entity-resolution switch (docs/resolution.md): records of one actor shown as one.
  const resolved = el("label", { class: "field", title: "Show resolved actors (ipas resolve) instead of raw records" },
    el("input", { type: "checkbox", name: "resolved", value: "true" }), " resolved actors");
  form.replaceChildren(...await Promise.all((query.parameters || []).map(field)), resolved,
                       el("button", { type: "submit" }, "Run"));
  $("saved-results").replaceChildren();
  form.onsubmit = async (event) => {
    event.preventDefault();
    for (const picker of form.querySelectorAll(".picker")) {
      const input = picker.pickerInput;
      if (input.value && !picker.pickerValue()) {
        input.setCustomValidity("choose an entity from the list");
        input.reportValidity();
        return;
      }
    }
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value) params.append(key, value);
    status("running…");
    try {
      const data = await get(`/queries/${encodeURIComponent(query.name)}?${params}`);
      renderAnswer($("saved-results"), data, query.name);
      $("saved-results").append(...resolvedActors(data));
      status("");
    } catch (e) { status(e.message, true); }
  };
}

// With the switch on, the answer names each resolved actor's records (data.resolved).
function resolvedActors(data) {
  const actors = Object.entries((data && data.resolved) || {});
  if (!actors.length) return [];
  return [el("section", { class: "resolved-actors", "aria-labelledby": "resolved-actors-title" },
    el("h3", { id: "resolved-actors-title", text: `${actors.length} resolved actor${actors.length === 1 ? "" : "s"} in this answer` }),
    el("ul", {}, actors.map(([actor, members]) => el("li", {}, entityLink(actor, null), " stands for ",
      members.map((m) => el("span", { class: "member" }, entityLink(m, null), " "))))))];
}

export async function showSaved(params, name) {
  try {
    if (!catalogue) {
      catalogue = await get("/queries");
      $("saved-list").replaceChildren(...catalogue.map((q) => el("li", {},
        el("a", { href: `#/saved/${encodeURIComponent(q.name)}`, dataset: { name: q.name } },
          el("span", { text: q.name }), el("small", { text: q.summary || "" })))));
    }
    if (name && name !== current) await open(decodeURIComponent(name));
  } catch (e) { status(e.message, true); }
}
