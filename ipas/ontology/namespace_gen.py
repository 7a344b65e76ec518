"""Generate ``ipas/namespace.py`` from the ontology: ``python -m ipas.ontology.namespace_gen``.

The namespace IRI is read from the ``owl:Ontology`` header (never spelled here); every term the
ontology declares in it becomes an attribute of the ``IPAS`` DefinedNamespace, so a typo in
Python fails at import time. ``--check`` exits 1 when the committed module is stale.
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

#: (heading, rdf:type) in the order the generated module lists them.
_KINDS = (
    ("Classes", OWL.Class),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Concept schemes", SKOS.ConceptScheme),
    ("Concepts (code-list members)", SKOS.Concept),
)

_STANDARD = (
    "from rdflib.namespace import (\n"
    "    DCTERMS,\n    GEO,\n    ORG,\n    OWL,\n    PROV,\n    RDF,\n    RDFS,\n    SDO,\n"
    "    SH,\n    SKOS,\n    TIME,\n    XSD,\n    DefinedNamespace,\n    Namespace,\n)\n"
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


def render(graph: Graph) -> str:
    """The source text of ``ipas/namespace.py`` for this ontology graph."""
    iri, version_iri, info = ontology_header(graph)
    ns = f"{iri}#"
    seen: set[URIRef] = set()
    lines = [
        '"""GENERATED — do not edit. Regenerate with `python -m ipas.ontology.namespace_gen`.',
        "",
        "The IPAS ontology's terms as an rdflib DefinedNamespace (unknown names raise",
        "AttributeError), plus the standard namespaces the project uses.",
        "",
        ">>> IPAS.Facilitation.n3()",
        f"'<{ns}Facilitation>'",
        '"""',
        "",
        _STANDARD + "from rdflib.term import URIRef\n",
        _FTM_LINE,
        f'ONTOLOGY_IRI = URIRef("{iri}")',
        f'VERSION_IRI = URIRef("{version_iri}")' if version_iri else "VERSION_IRI = None",
        f'VERSION = "{info}"' if info else "VERSION = None",
        "",
        "",
        "class IPAS(DefinedNamespace):",
        '    """Every term of the IPAS ontology (core and extension modules)."""',
        "",
        "    _fail = True",
        f'    _NS = Namespace("{ns}")',
    ]
    for heading, kind in _KINDS:
        terms = sorted(
            {s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef)} - seen,
            key=str,
        )
        terms = [t for t in terms if str(t).startswith(ns)]
        if not terms:
            continue
        lines += ["", f"    # {heading}"]
        for term in terms:
            name = str(term)[len(ns) :]
            if not name.isidentifier() or keyword.iskeyword(name):
                raise BadInput(f"term {name!r} is not a Python identifier", field=str(term))
            lines.append(f"    {name}: URIRef  # {_first_line(graph, term)}")
            seen.add(term)
    lines += [
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
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) the namespace module; 0 when up to date."""
    parser = argparse.ArgumentParser(prog="python -m ipas.ontology.namespace_gen")
    parser.add_argument("--ontology-dir", type=Path, default=ONTOLOGY_DIR)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)
    text = render(load_ontology(args.ontology_dir))
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            stale = f"{args.output} is stale: run python -m ipas.ontology.namespace_gen"
            print(stale, file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
