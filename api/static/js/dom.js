// Small DOM helpers. Data from the server is only ever written as text or attribute values,
// never parsed as HTML.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (id) => document.getElementById(id);

export function status(text, isError) {
  const node = $("status");
  node.textContent = text || "";
  node.className = isError ? "error" : "";
}

export function shortIri(iri) {
  const tail = iri.split(/[#/]/).filter(Boolean).pop();
  return tail || iri;
}

// An entity IRI as a link to its page inside the UI (the IRI itself is not fetched).
export function entityLink(iri, label) {
  return el("a", { href: "#/entity?" + new URLSearchParams({ iri }), class: "entity", title: iri },
            label || shortIri(iri));
}

export function isEntityIri(value) {
  return typeof value === "string" && /^https?:\/\//.test(value) &&
    !value.startsWith("http://www.w3.org/") && !value.includes("/ontology#");
}

export function download(name, type, content) {
  const url = URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function gradeClass(grade) {
  if (!grade) return "grade-unknown";
  const r = grade[0];
  return "ABC".includes(r) ? "grade-high" : "DE".includes(r) ? "grade-mid" : "grade-low";
}
