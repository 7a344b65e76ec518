// A typeahead that picks an entity by name (labels, aliases, identifiers), for search boxes and
// for every form field that needs an entity: the form gets the IRI, the analyst sees names.
import { get } from "./api.js";
import { el } from "./dom.js";

let counter = 0;

export function searchEntities(q, params = {}) {
  return get("/workspace/search", { q, limit: params.limit || 10, ...(params.type ? { type: params.type } : {}) });
}

// `name`: the form field that receives the IRI. `onPick(item)` is called after a choice.
export function entityPicker({ name, label, required = false, type = null, onPick = null, value = null }) {
  const id = `picker-${++counter}`;
  const hidden = el("input", { type: "hidden", name });
  const input = el("input", {
    id, type: "text", autocomplete: "off", role: "combobox", "aria-autocomplete": "list",
    "aria-expanded": "false", "aria-controls": `${id}-list`, placeholder: "type a name, alias or identifier",
    required: required ? true : null, class: "picker-input",
  });
  const list = el("ul", { id: `${id}-list`, role: "listbox", class: "picker-list", hidden: true,
                          "aria-label": `${label || name} suggestions` });
  let items = [];
  let active = -1;
  let timer = null;

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function choose(item) {
    hidden.value = item.iri;
    input.value = item.label || item.iri;
    input.dataset.iri = item.iri;
    input.setCustomValidity("");
    close();
    if (onPick) onPick(item);
  }

  function highlight(index) {
    active = index;
    [...list.children].forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", `${id}-opt-${index}`);
  }

  async function lookup() {
    const q = input.value.trim();
    hidden.value = "";
    if (q.length < 2) return close();
    try {
      const data = await searchEntities(q, { type });
      items = data.items || [];
    } catch (e) {
      items = [];
    }
    list.replaceChildren(...items.map((item, i) => el("li", {
      id: `${id}-opt-${i}`, role: "option", "aria-selected": "false",
      onmousedown: (event) => { event.preventDefault(); choose(item); },
    }, el("span", { class: "opt-label", text: item.label || item.iri }),
       el("small", { text: [(item.types || []).map((t) => t.label).join(", "),
                            item.matched && item.matched !== item.label ? `“${item.matched}”` : ""]
                            .filter(Boolean).join(" · ") }))));
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    highlight(items.length ? 0 : -1);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    delete input.dataset.iri;
    timer = setTimeout(lookup, 180);
  });
  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(items[active]); }
    else if (event.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  if (value) choose(value);

  const wrapper = el("div", { class: "picker" },
                     label ? el("label", { for: id, text: label + (required ? " *" : "") }) : null,
                     input, hidden, list);
  wrapper.pickerInput = input;
  wrapper.pickerValue = () => hidden.value;
  return wrapper;
}
