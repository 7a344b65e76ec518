"""API overhead: the latency of a saved query through the server (HTTP, auth, scope, worker
process, serialization) divided by the same query on raw pyoxigraph, for the queries that
take 10 ms or more raw (below that, fixed HTTP costs dominate any ratio), or every saved
query with ``--all``.

Both sides are measured here, alternated run by run (endpoint, raw, raw, endpoint, ...) on
the same store files, so machine load weighs on both alike; ``--raw`` (the queries stage's
raw p50s) only selects which queries are slow enough to measure. ``--baseline DIR`` adds
another checkout's ``ipas serve`` (its own ``.venv``, on a copy of the store and home) to
the same rotation, to measure a change before and after in one run: each query then reports
``baseline_p50_ms`` and ``ratio_vs_baseline``, and whether both servers sent the same bytes.

Run as ``python -m bench.stage_overhead --store D --home H --params F (--raw JSON | --all)``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox

from bench.proc import PROJECT_ROOT, emit, free_port, start_server, stop_server
from ipas.query.registry import QueryRegistry
from ipas.settings import Settings

RAW_FLOOR_MS = 10.0


def _geomean(values: list[float]) -> float | None:
    return round(math.exp(sum(map(math.log, values)) / len(values)), 3) if values else None


def _serve(python: str, env: dict[str, str], cwd: Path) -> tuple[str, Any]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server([python, "-m", "ipas", "serve", "--host", "127.0.0.1", "--port",
                           str(port)], f"{base}/health", env=env, cwd=cwd)
    return base, server


def _copy_store(store: Path, home: Path) -> Path:
    """Copies of the store and home for a second server (a second writer cannot open the
    same store files)."""
    copy = Path(tempfile.mkdtemp(prefix="overhead-baseline-", dir=store.parent))
    shutil.copytree(store, copy / "store")
    marker = store.parent / f"{store.name}.generation"
    if marker.is_file():
        shutil.copy(marker, copy / "store.generation")
    shutil.copytree(home, copy / "home")
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--params", type=Path, required=True)
    parser.add_argument("--raw", default="{}", help="JSON: query -> raw p50 ms")
    parser.add_argument("--all", action="store_true", help="every saved query, however fast")
    parser.add_argument("--only", default="", help="comma-separated query names")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", action="store_true",
                        help="keep our answer cache on (repeats then measure cache hits)")
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout (with .venv) served beside ours, alternated")
    args = parser.parse_args()
    raw: dict[str, float] = json.loads(args.raw)
    params: dict[str, dict[str, str]] = json.loads(args.params.read_text())
    registry = QueryRegistry.load(Settings().queries_dir)
    names = sorted(registry.names() if args.all else
                   [n for n, ms in raw.items() if ms >= RAW_FLOOR_MS])
    if args.only:
        names = [n for n in names if n in args.only.split(",")]
    # The bench measures latency, not limits: no saved query may hit the default time limit.
    # Every run repeats one request: measured without the answer cache, which would answer
    # repeats without running the query (unless --cache asks for exactly that).
    env = {**os.environ, "IPAS_STORE": str(args.store), "IPAS_HOME": str(args.home),
           "IPAS_QUERY_TIMEOUT_S": "600", "IPAS_ANSWER_CACHE_MB": "64" if args.cache else "0"}
    token = subprocess.run(
        [sys.executable, "-m", "ipas", "token", "create", "--name",
         f"overhead-{time.time_ns()}",  # a fresh name: a resumed run finds the old token
         "--role", "analyst"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
        check=True).stdout.strip().splitlines()[-1]
    copy = _copy_store(args.store, args.home) if args.baseline is not None else None
    servers: dict[str, tuple[str, Any]] = {}
    per_query: dict[str, dict[str, Any]] = {}
    store = ox.Store.read_only(str(args.store))
    try:
        servers["endpoint"] = _serve(sys.executable, env, PROJECT_ROOT)
        if args.baseline is not None and copy is not None:
            servers["baseline"] = _serve(
                str(args.baseline / ".venv" / "bin" / "python"),
                {**env, "IPAS_STORE": str(copy / "store"), "IPAS_HOME": str(copy / "home")},
                args.baseline)
        for name in names:
            per_query[name] = _measure(name, registry, params.get(name, {}), store, servers,
                                       token, args.runs)
    finally:
        for _, server in servers.values():
            stop_server(server)
        if copy is not None:
            shutil.rmtree(copy, ignore_errors=True)
    ratios = [q["ratio"] for q in per_query.values()]
    out: dict[str, Any] = {
        "per_query": per_query,
        "ratio": _geomean(ratios),
        "max_ratio": max(ratios) if ratios else None,
        "queries_measured": len(ratios),
        "alternated": True,
        "answer_cache": args.cache,
    }
    if args.baseline is not None:
        out["baseline_ratio"] = _geomean([q["baseline_ratio"] for q in per_query.values()])
        out["ratio_vs_baseline"] = _geomean(
            [q["ratio_vs_baseline"] for q in per_query.values()])
        out["answers_differ"] = [n for n, q in per_query.items() if not q["same_answer"]]
    emit(out)


def _measure(name: str, registry: QueryRegistry, params: dict[str, str], store: ox.Store,
             servers: dict[str, tuple[str, Any]], token: str, runs: int) -> dict[str, Any]:
    """p50 latency of ``name`` on each server and raw, in rotating order."""
    query = registry.get(name).instantiate(params)
    bodies: dict[str, bytes] = {}

    def endpoint(side: str) -> Callable[[], None]:
        request = urllib.request.Request(
            f"{servers[side][0]}/queries/{name}?{urlencode(params)}",
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})

        def call() -> None:
            with urllib.request.urlopen(request, timeout=600) as response:
                bodies[side] = response.read()
        return call

    def raw_call() -> None:
        results = store.query(query, use_default_graph_as_union=True)
        assert isinstance(results, ox.QuerySolutions)
        results.serialize(format=ox.QueryResultsFormat.JSON)  # as the server does

    calls = [(side, endpoint(side)) for side in servers] + [("raw", raw_call)]
    samples: dict[str, list[float]] = {side: [] for side, _ in calls}
    for _, call in calls:
        call()  # warms the workers' snapshots
    for i in range(runs):
        turn = calls[i % len(calls):] + calls[:i % len(calls)]
        for side, call in turn if i % 2 == 0 else turn[::-1]:
            start = time.perf_counter()
            call()
            samples[side].append((time.perf_counter() - start) * 1000)
    p50 = {side: statistics.median(xs) for side, xs in samples.items()}
    out: dict[str, Any] = {"endpoint_p50_ms": round(p50["endpoint"], 2),
                           "raw_p50_ms": round(p50["raw"], 2),
                           "ratio": round(p50["endpoint"] / p50["raw"], 3)}
    if "baseline" in p50:
        out.update(baseline_p50_ms=round(p50["baseline"], 2),
                   baseline_ratio=round(p50["baseline"] / p50["raw"], 3),
                   ratio_vs_baseline=round(p50["endpoint"] / p50["baseline"], 3),
                   same_answer=bodies["endpoint"] == bodies["baseline"])
    return out


if __name__ == "__main__":
    main()
