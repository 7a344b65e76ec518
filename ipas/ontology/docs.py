"""HTML documentation of the ontology (``ipas ontology docs``, ``GET /ontology``): one
self-contained page, a section per module, an anchor per term (``#Person``), with each term's
label, definition, kind, super- and subclasses, domain and range, concepts by scheme, and the
constraints its node shape adds. No external assets: styles are inline, there is no script.

pyLODE was the first choice; 3.4.1 installs beside our pins but fails at import (it reads a
``pyproject.toml`` that its wheel does not ship), so the page is generated here.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from ipas.namespace import IPAS
from ipas.ontology.files import ONTOLOGY_DIR, SHAPES_DIR, module_files, parse_modules

STYLE = """body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;
line-height:1.45;color:#1d2430}h1{font-size:1.6rem}h2{border-bottom:2px solid #d0d7de;
margin-top:2.5rem}h3{margin:1.6rem 0 .3rem;font-size:1.05rem}code{background:#f3f4f6;
padding:0 .25rem;border-radius:3px}.kind{color:#57606a;font-size:.85rem;font-weight:normal}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.15rem .8rem;margin:.3rem 0}
dt{color:#57606a}dd{margin:0}nav a{margin-right:.6rem}.term{border-left:3px solid #d0d7de;
padding-left:.8rem}"""
PREFIXES = (("xsd", str(XSD)), ("skos", str(SKOS)), ("geo", "http://www.opengis.net/ont/geosparql#"),
            ("prov", "http://www.w3.org/ns/prov#"), ("owl", str(OWL)), ("rdfs", str(RDFS)))
KINDS = {OWL.Class: "class", OWL.ObjectProperty: "object property",
         OWL.DatatypeProperty: "datatype property", SKOS.ConceptScheme: "concept scheme",
         SKOS.Concept: "concept"}


def local(term: object) -> str:
    """The fragment of an ``ipas:`` IRI (the anchor of its entry).

    >>> local(IPAS.Person)
    'Person'
    """
    return str(term).rsplit("#", 1)[-1]


def _text(g: Graph, term: Node, prop: URIRef) -> str:
    value = g.value(term, prop)
    return str(value) if value is not None else ""


def _link(term: object) -> str:
    if isinstance(term, URIRef) and str(term).startswith(str(IPAS)):
        return f'<a href="#{escape(local(term))}"><code>ipas:{escape(local(term))}</code></a>'
    text = str(term)
    for prefix, ns in PREFIXES:
        if text.startswith(ns):
            text = f"{prefix}:{text[len(ns):]}"
            break
    return f"<code>{escape(text)}</code>"


def _classes(g: Graph, node: Node) -> str:
    union = g.value(node, OWL.unionOf)
    items = list(g.items(union)) if union is not None else [node]
    return " or ".join(_link(i) for i in items)


def _shape_rows(shapes: Graph, cls: URIRef) -> list[str]:
    rows = []
    for shape in shapes.subjects(SH.targetClass, cls):
        for prop in shapes.objects(shape, SH.property):
            path = shapes.value(prop, SH.path)
            if not isinstance(path, URIRef):
                continue
            parts = []
            for key, name in ((SH.minCount, "min"), (SH.maxCount, "max")):
                if (value := shapes.value(prop, key)) is not None:
                    parts.append(f"{name} {value}")
            for key in (SH["class"], SH.datatype):
                if (value := shapes.value(prop, key)) is not None:
                    parts.append(_link(value))
            severity = local(shapes.value(prop, SH.severity) or SH.Violation)
            rows.append(f"<li>{_link(path)} {', '.join(parts)} "
                        f"<span class=kind>({escape(severity)})</span></li>")
    return sorted(set(rows))


def _entry(g: Graph, shapes: Graph, term: URIRef, kind: URIRef) -> str:
    name = local(term)
    out = [f'<div class=term id="{escape(name)}"><h3>{escape(_text(g, term, RDFS.label) or name)} '
           f"<span class=kind>ipas:{escape(name)} · {KINDS[kind]}</span></h3>",
           f"<p>{escape(_text(g, term, SKOS.definition))}</p><dl>",
           f"<dt>IRI</dt><dd><code>{escape(str(term))}</code></dd>"]
    if kind == OWL.Class:
        for label, values in (("subclass of", g.objects(term, RDFS.subClassOf)),
                              ("subclasses", g.subjects(RDFS.subClassOf, term))):
            links = sorted(_link(v) for v in values if isinstance(v, URIRef))
            if links:
                out.append(f"<dt>{label}</dt><dd>{', '.join(links)}</dd>")
        rows = _shape_rows(shapes, term)
        if rows:
            out.append(f"<dt>shape</dt><dd><ul>{''.join(rows)}</ul></dd>")
    elif kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for label, prop in (("domain", RDFS.domain), ("range", RDFS.range)):
            if (value := g.value(term, prop)) is not None:
                out.append(f"<dt>{label}</dt><dd>{_classes(g, value)}</dd>")
        if (inverse := g.value(term, OWL.inverseOf)) is not None:
            out.append(f"<dt>inverse of</dt><dd>{_link(inverse)}</dd>")
    elif kind == SKOS.Concept:
        for label, prop in (("scheme", SKOS.inScheme), ("broader", SKOS.broader)):
            if (value := g.value(term, prop)) is not None:
                out.append(f"<dt>{label}</dt><dd>{_link(value)}</dd>")
        if (notation := g.value(term, SKOS.notation)) is not None:
            out.append(f"<dt>notation</dt><dd><code>{escape(str(notation))}</code></dd>")
    if g.value(term, OWL.deprecated) == Literal(True):
        out.append("<dt>status</dt><dd>deprecated</dd>")
    return "\n".join(out) + "</dl></div>"


def render(ontology_dir: Path = ONTOLOGY_DIR, shapes_dir: Path = SHAPES_DIR) -> str:
    """The documentation page for the modules under ``ontology_dir`` (with their shapes).

    >>> page = render()
    >>> 'id="TraffickingVictim"' in page and "http" not in page.split("<body>")[0]
    True
    """
    shapes = parse_modules(module_files(shapes_dir))
    whole = parse_modules(module_files(ontology_dir))
    onto: Node = next(iter(whole.subjects(RDF.type, OWL.Ontology)), URIRef(str(IPAS)))
    version = _text(whole, onto, OWL.versionInfo)
    title = _text(whole, onto, RDFS.label) or "IPAS ontology"
    sections, nav = [], []
    for path in module_files(ontology_dir):
        g = parse_modules([path])
        name = path.relative_to(ontology_dir).with_suffix("").as_posix()
        terms = []
        for kind in KINDS:
            for term in sorted(t for t in g.subjects(RDF.type, kind)
                               if isinstance(t, URIRef) and str(t).startswith(str(IPAS))):
                terms.append(_entry(whole, shapes, term, kind))
        if not terms:
            continue
        anchor = "module-" + name.replace("/", "-")
        nav.append(f'<a href="#{anchor}">{escape(name)}</a>')
        sections.append(f'<h2 id="{anchor}">Module <code>{escape(name)}</code></h2>\n'
                        + "\n".join(terms))
    return (f"<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
            f"<title>{escape(title)} {escape(version)}</title><style>{STYLE}</style></head>"
            f"<body><h1>{escape(title)} <span class=kind>version {escape(version)}</span></h1>"
            f"<p>{escape(_text(whole, onto, RDFS.comment))}</p>"
            f"<p>Namespace <code>{escape(str(IPAS))}</code> · version IRI "
            f"<code>{escape(_text(whole, onto, OWL.versionIRI))}</code></p>"
            f"<nav>{''.join(nav)}</nav>\n" + "\n".join(sections) + "</body></html>\n")


def write(out_dir: Path, ontology_dir: Path = ONTOLOGY_DIR, shapes_dir: Path = SHAPES_DIR
          ) -> Path:
    """Write ``index.html`` into ``out_dir`` (created); the path written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    target.write_text(render(ontology_dir, shapes_dir), encoding="utf-8")
    return target
