"""OWL RL reasoning, ours against the SPARQL rules it replaced, alternated on one stored batch.

The generated file is bulk-loaded as one batch graph of a fresh on-disk store (the ontology
beside it) and written once as the stage the pipeline would hold. Then ours, the SPARQL rules,
ours again (B/A/B, so machine load weighs on both alike; the slow reference runs once): *ours*
is read the stage, close it in memory (``entail_seconds``), load the entailments into the
store; *sparql* is the previous reasoner, the SPARQL rules run in the engine to a fixpoint.
The inferred graph is dropped between runs; ``same_triples`` says whether both gave the same.

Run as ``python -m bench.stage_reasoning --data F --store D``; prints one JSON line.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from bench.proc import emit
from ipas.graphs import GraphNames
from ipas.ingest import ensure_ontology
from ipas.reasoning import materialize_sparql
from ipas.reasoning.batch import entailments, quads
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore


def _ours(store: OxigraphStore, names: GraphNames, stage: Path, graph: str) -> float:
    start = time.perf_counter()
    found = entailments(stage, graph, store, names)
    entailed = time.perf_counter() - start
    store.load(quads(found, names.inferred_for(graph)), "application/n-quads")
    return entailed


def _inferred(store: OxigraphStore, names: GraphNames, graph: str) -> set[ox.Quad]:
    return set(store.engine.quads_for_pattern(None, None, None,
                                              ox.NamedNode(names.inferred_for(graph))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    shutil.rmtree(args.store, ignore_errors=True)
    settings = Settings(store=str(args.store), home=args.store.parent / "reasoning-home")
    names = GraphNames(settings.base_iri)
    graph = names.batch("bench")
    store = OxigraphStore(args.store)
    ensure_ontology(store, settings)
    store.load(args.data, "application/n-triples", graph=graph)
    stage = args.store.parent / "reasoning-stage.nq"
    with stage.open("wb") as out:
        ox.serialize(store.engine.quads_for_pattern(None, None, None, ox.NamedNode(graph)),
                     out, ox.RdfFormat.N_QUADS)
    runs: dict[str, list[float]] = {"ours": [], "sparql": []}
    entail: list[float] = []
    results: dict[str, set[ox.Quad]] = {}
    for mode in ("ours", "sparql", "ours"):
        store.drop_graph(names.inferred_for(graph))
        start = time.perf_counter()
        if mode == "ours":
            entail.append(_ours(store, names, stage, graph))
        else:
            materialize_sparql(store, names, graph)
        runs[mode].append(time.perf_counter() - start)
        results.setdefault(mode, _inferred(store, names, graph))
    store.close()
    stage.unlink()
    shutil.rmtree(args.store, ignore_errors=True)
    inferred = len(results["ours"])
    best = {mode: min(times) for mode, times in runs.items()}
    emit({
        "inferred": inferred,
        "same_triples": results["ours"] == results["sparql"],
        "ours": {"seconds": round(best["ours"], 3), "entail_seconds": round(min(entail), 3),
                 "triples_per_s": round(inferred / best["ours"], 1)},
        "sparql_rules": {"seconds": round(best["sparql"], 3),
                         "triples_per_s": round(len(results["sparql"]) / best["sparql"], 1)},
        "speedup": round(best["sparql"] / best["ours"], 2),
        "runs": {mode: [round(t, 3) for t in times] for mode, times in runs.items()},
    })


if __name__ == "__main__":
    main()
