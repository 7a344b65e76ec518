"""Generate ``ipas/namespace.py`` and ``ipas/namespace_terms/``: ``python -m
ipas.ontology.namespace_gen``.

The namespace IRI is read from the ``owl:Ontology`` header (never spelled here); every term the
ontology declares in it becomes an attribute of the ``IPAS`` DefinedNamespace, so a typo in
Python fails at import time. The terms are written one module per kind (classes, object
properties, datatype properties, individuals), each a DefinedNamespace base class that ``IPAS``
inherits: rdflib's ``__contains__`` walks the MRO, and ``IPAS`` merges their annotations so
``dir(IPAS)`` lists every term. ``--check`` exits 1 when a committed module is stale.
"""

from __future__ import annotations

import argparse
import keyword
import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ipas.errors import BadInput
from ipas.ontology.files import ONTOLOGY_DIR, load_ontology
from ipas.settings import PROJECT_ROOT

#: FollowTheMoney's RDF namespace (as used by followthemoney.ontology), re-exported as FTM.
_FTM_LINE = 'FTM = Namespace("https://schema.followthemoney.tech/#")'
OUTPUT = PROJECT_ROOT / "ipas" / "namespace.py"

#: (module, base class, heading, rdf:types) in the order ``IPAS`` inherits them.
_KINDS: tuple[tuple[str, str, str, tuple[URIRef, ...]], ...] = (
    ("classes", "IpasClasses", "Classes", (OWL.Class,)),
    ("object_properties", "IpasObjectProperties", "Object properties", (OWL.ObjectProperty,)),
    ("datatype_properties", "IpasDatatypeProperties", "Datatype properties",
     (OWL.DatatypeProperty,)),
    ("individuals", "IpasIndividuals", "Individuals: concept schemes and code-list concepts",
     (SKOS.ConceptScheme, SKOS.Concept)),
)
TERMS_PACKAGE = "namespace_terms"
_GENERATED = ('"""GENERATED — do not edit. Regenerate with '
              '`python -m ipas.ontology.namespace_gen`.')

_STANDARD = (
    "from rdflib.namespace import (\n"
    "    DCTERMS,\n    GEO,\n    ORG,\n    OWL,\n    PROV,\n    RDF,\n    RDFS,\n    SDO,\n"
    "    SH,\n    SKOS,\n    TIME,\n    XSD,\n    Namespace,\n)\n"
)


def ontology_header(graph: Graph) -> tuple[URIRef, URIRef | None, str | None]:
    """The ontology IRI, its version IRI and version info, from the ``owl:Ontology`` node.

    >>> from ipas.ontology import ontology_graph
    >>> ontology_header(ontology_graph())[2].count(".")  # MAJOR.MINOR.PATCH
    2
    """
    found = [s for s in graph.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)]
    if len(found) != 1:
        raise BadInput(f"expected exactly one owl:Ontology header, found {len(found)}")
    iri = found[0]
    version_iri = graph.value(iri, OWL.versionIRI)
    info = graph.value(iri, OWL.versionInfo)
    return (
        iri,
        version_iri if isinstance(version_iri, URIRef) else None,
        str(info) if isinstance(info, Literal) else None,
    )


def _first_line(graph: Graph, term: URIRef) -> str:
    label = graph.value(term, RDFS.label)
    text = str(label) if label is not None else ""
    return " ".join(text.split()).replace("\\", "/")


def _terms(graph: Graph, ns: str) -> list[tuple[str, str, str, list[URIRef]]]:
    """(module, base class, heading, terms) per kind; a term is listed under its first kind."""
    seen: set[URIRef] = set()
    out = []
    for module, base, heading, kinds in _KINDS:
        found = {s for kind in kinds for s in graph.subjects(RDF.type, kind)
                 if isinstance(s, URIRef) and str(s).startswith(ns)}
        terms = sorted(found - seen, key=str)
        seen |= found
        out.append((module, base, heading, terms))
    return out


def _term_module(graph: Graph, ns: str, base: str, heading: str, terms: list[URIRef]) -> str:
    lines = [
        _GENERATED,
        "",
        f"The IPAS ontology's {heading.lower()}.",
        "A base class of ``ipas.namespace.IPAS``, which inherits one per kind of term.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        f"class {base}(DefinedNamespace):",
        f'    """{heading.split(":")[0]} of the IPAS ontology (core and extension modules)."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{ns}")',
        "",
    ]
    for term in terms:
        name = str(term)[len(ns) :]
        if not name.isidentifier() or keyword.iskeyword(name):
            raise BadInput(f"term {name!r} is not a Python identifier", field=str(term))
        lines.append(f"    {name}: URIRef  # {_first_line(graph, term)}")
    return "\n".join(lines) + "\n"


def render_all(graph: Graph) -> dict[str, str]:
    """The source text of every generated module, by path relative to ``ipas/``:
    ``namespace.py`` and ``namespace_terms/*.py``."""
    iri, version_iri, info = ontology_header(graph)
    ns = f"{iri}#"
    kinds = _terms(graph, ns)
    out = {
        f"{TERMS_PACKAGE}/__init__.py": "\n".join([
            _GENERATED, "", "The IPAS ontology's terms, one module per kind; "
            "``ipas.namespace.IPAS`` inherits them all.", '"""', ""]),
    }
    for module, base, heading, terms in kinds:
        out[f"{TERMS_PACKAGE}/{module}.py"] = _term_module(graph, ns, base, heading, terms)
    bases = [base for _, base, _, _ in kinds]
    lines = [
        _GENERATED,
        "",
        "The IPAS ontology's terms as an rdflib DefinedNamespace (unknown names raise",
        "AttributeError), plus the standard namespaces the project uses. The terms are declared",
        "in ``ipas.namespace_terms`` (one base class per kind), which ``IPAS`` inherits.",
        "",
        ">>> IPAS.Facilitation.n3()",
        f"'<{ns}Facilitation>'",
        ">>> IPAS.Facilitation in dir(IPAS), IPAS.alias in IPAS  # dir: the terms' IRIs",
        "(True, True)",
        '"""',
        "",
        _STANDARD + "from rdflib.term import URIRef",
        "",
        *sorted(f"from ipas.{TERMS_PACKAGE}.{module} import {base}"
                for module, base, _, _ in kinds),
        "",
        _FTM_LINE,
        f'ONTOLOGY_IRI = URIRef("{iri}")',
        f'VERSION_IRI = URIRef("{version_iri}")' if version_iri else "VERSION_IRI = None",
        f'VERSION = "{info}"' if info else "VERSION = None",
        "",
        "",
        f"class IPAS({', '.join(bases)}):",
        '    """Every term of the IPAS ontology (core and extension modules)."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{ns}")',
        "    # rdflib's __dir__ reads the class's own annotations: give it every kind's.",
        "    __annotations__ = {",
        *[f"        **{base}.__annotations__," for base in bases],
        "    }",
        "",
        "",
        "__all__ = [",
        *[
            f'    "{n}",'
            for n in (
                "DCTERMS FTM GEO IPAS ONTOLOGY_IRI ORG OWL PROV RDF RDFS SDO SH SKOS "
                "TIME VERSION VERSION_IRI XSD"
            ).split()
        ],
        "]",
        "",
    ]
    out["namespace.py"] = "\n".join(lines)
    return out


def render(graph: Graph) -> str:
    """The source text of ``ipas/namespace.py`` for this ontology graph (the term modules:
    :func:`render_all`)."""
    return render_all(graph)["namespace.py"]


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the namespace modules; 0 when up to date.
    ``--output`` names ``namespace.py``; the term modules go beside it."""
    parser = argparse.ArgumentParser(prog="python -m ipas.ontology.namespace_gen")
    parser.add_argument("--ontology-dir", type=Path, default=ONTOLOGY_DIR)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    root = args.output.parent
    texts = {root / (args.output.name if rel == "namespace.py" else rel): text
             for rel, text in render_all(load_ontology(args.ontology_dir)).items()}
    stale = [path for path, text in texts.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path} is stale: run python -m ipas.ontology.namespace_gen", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(texts[path], encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
