"""Keeping the ontology graph in the store equal to ``ontology/`` (so queries see the T-box).

The graph is replaced in one SPARQL update (drop + insert, atomic) when the files' checksum
differs from the one recorded beside it in the catalog graph; otherwise nothing is written.
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from rdflib import Literal, URIRef

from ipas.graphs import GraphNames
from ipas.namespace import IPAS
from ipas.settings import Settings
from ipas.store.base import Scope, Store
from ipas.store.terms import to_ox
from ipas.validation.rules import ontology_files


def ontology_checksum(settings: Settings) -> str:
    digest = hashlib.sha256()
    for path in ontology_files(settings.ontology_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def ensure_ontology(store: Store, settings: Settings) -> bool:
    """Load or refresh the ontology graph; True when something was written.

    >>> from ipas.store.oxigraph import OxigraphStore
    >>> s, cfg = OxigraphStore(), Settings(store="memory")
    >>> ensure_ontology(s, cfg), ensure_ontology(s, cfg)
    (True, False)
    """
    names = GraphNames(settings.base_iri)
    files = ontology_files(settings.ontology_dir)
    if not files:
        return False
    checksum = ontology_checksum(settings)
    ns = IPAS
    graph, catalog = URIRef(names.ontology), URIRef(names.catalog)
    recorded = store.select(
        "SELECT ?c WHERE { ?g ?p ?c }",
        scope=Scope.of([names.catalog]),
        bindings={"g": graph, "p": ns.checksumSha256},
    ).rows
    if [str(r["c"]) for r in recorded] == [checksum]:
        return False
    target = to_ox(graph)
    body = []
    for path in files:
        for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            body.append(f"{q.subject} {q.predicate} {q.object} .")
    pred, cat = to_ox(ns.checksumSha256), to_ox(catalog)
    store.update(
        f"DROP SILENT GRAPH {target} ;\n"
        f"DELETE WHERE {{ GRAPH {cat} {{ {target} {pred} ?c }} }} ;\n"
        f"INSERT DATA {{ GRAPH {target} {{\n" + "\n".join(body) + "\n}\n"
        f"GRAPH {cat} {{ {target} {pred} {to_ox(Literal(checksum))} }} }}"
    )
    return True
