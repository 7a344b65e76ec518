"""The naive pipeline a user would otherwise write: rdflib parse, pyshacl over the whole graph,
commit into an on-disk Oxigraph store. The peer for our validated ingest.

Run as ``python -m bench.stage_naive --data F --store D``; prints one JSON line.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate
from rdflib import Graph

from bench.proc import emit
from ipas.settings import Settings
from ipas.validation import load_ontology, load_shapes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    settings = Settings()
    shapes, ontology = load_shapes(settings.shapes_dir), load_ontology(settings.ontology_dir)

    stages: dict[str, float] = {}
    start = time.perf_counter()
    graph = Graph()
    graph.parse(args.data, format="nt")
    stages["parse_s"] = time.perf_counter() - start

    mark = time.perf_counter()
    conforms, _, _ = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none",
                              allow_warnings=True)
    stages["validate_s"] = time.perf_counter() - mark

    mark = time.perf_counter()
    store = ox.Store(str(args.store))
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
               to_graph=ox.NamedNode("urn:bench:naive"))
    store.flush()
    stages["commit_s"] = time.perf_counter() - mark

    total = time.perf_counter() - start
    triples = len(graph)
    emit({
        "mode": "naive",
        "triples": triples,
        "conforms": bool(conforms),
        "seconds": round(total, 2),
        "triples_per_s": round(triples / total, 1),
        "stages": {k: round(v, 2) for k, v in stages.items()},
    })


if __name__ == "__main__":
    main()
