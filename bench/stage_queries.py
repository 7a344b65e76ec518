"""Saved-query latency: p50 over N runs on the embedded on-disk store, or on rdflib in memory.

Run as ``python -m bench.stage_queries --engine oxigraph|rdflib|raw ...``; prints one JSON line
per finished query (so the parent can enforce a per-query time budget on the slow peer and
keep what finished) and a final summary line.

``oxigraph`` goes through ``ipas.store`` and the query registry (what the REST and CLI doors
use); ``raw`` calls pyoxigraph directly with the same query text (the baseline for the API
overhead figure); ``rdflib`` is the peer a user would otherwise pick.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.proc import emit
from ipas.query.registry import QueryRegistry, SavedQuery
from ipas.settings import Settings

Runner = Callable[[SavedQuery, dict[str, Any]], int]


def _oxigraph_runner(store_path: Path, registry: QueryRegistry) -> Runner:
    from ipas.store import open_store
    from ipas.store.base import Scope

    store = open_store(Settings(store=str(store_path), home=store_path.parent / "home"))

    def run(query: SavedQuery, params: dict[str, Any]) -> int:
        answer = registry.run(store, query.name, params, scope=Scope.everything())
        return len(answer.select.rows) if answer.select is not None else len(answer.triples)

    return run


def _raw_runner(store_path: Path) -> Runner:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))

    def run(query: SavedQuery, params: dict[str, Any]) -> int:
        result = store.query(query.instantiate(params), use_default_graph_as_union=True)
        return sum(1 for _ in result) if not isinstance(result, ox.QueryBoolean) else 1

    return run


def _rdflib_runner(data: Path) -> Runner:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    dataset.parse(data, format="nt")

    def run(query: SavedQuery, params: dict[str, Any]) -> int:
        result = dataset.query(query.instantiate(params))
        return sum(1 for _ in result)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=["oxigraph", "raw", "rdflib"], required=True)
    parser.add_argument("--store", type=Path, help="on-disk store (oxigraph, raw)")
    parser.add_argument("--data", type=Path, help="N-Triples file (rdflib)")
    parser.add_argument("--params", type=Path, required=True, help="JSON: query -> params")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None, help="query names to run")
    parser.add_argument("--budget-s", type=float, default=None,
                        help="stop repeating a query once its runs took this long")
    args = parser.parse_args()

    registry = QueryRegistry.load(Settings().queries_dir)
    params: dict[str, dict[str, Any]] = json.loads(args.params.read_text())
    started = time.perf_counter()
    if args.engine == "oxigraph":
        runner = _oxigraph_runner(args.store, registry)
    elif args.engine == "raw":
        runner = _raw_runner(args.store)
    else:
        runner = _rdflib_runner(args.data)
    setup_s = time.perf_counter() - started
    print(json.dumps({"loaded": round(setup_s, 2)}), flush=True)

    figures: dict[str, dict[str, float]] = {}
    for query in registry:
        if args.only is not None and query.name not in args.only:
            continue
        query_params = params.get(query.name, {})
        samples = []
        rows = 0
        for _ in range(args.runs):
            start = time.perf_counter()
            rows = runner(query, query_params)
            samples.append((time.perf_counter() - start) * 1000)
            if args.budget_s is not None and sum(samples) / 1000 > args.budget_s:
                break  # a slow peer: the median of the runs that fit the budget
        figures[query.name] = {"p50_ms": round(statistics.median(samples), 3), "rows": rows,
                               "runs": len(samples)}
        print(json.dumps({"query": query.name, **figures[query.name]}), flush=True)
    emit({"engine": args.engine, "setup_s": round(setup_s, 2), "queries": figures})


if __name__ == "__main__":
    main()
