"""API overhead: the latency of a saved query through the server (HTTP, auth, scope, worker
process, serialization) divided by the same query on raw pyoxigraph, for the queries that
take 10 ms or more raw (below that, fixed HTTP costs dominate any ratio).

Both sides are measured here, alternated run by run (endpoint, raw, raw, endpoint, ...) on
the same store files, so machine load weighs on both alike; ``--raw`` (the queries stage's
raw p50s) only selects which queries are slow enough to measure.

Run as ``python -m bench.stage_overhead --store D --home H --params F --raw JSON``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from bench.proc import PROJECT_ROOT, emit, free_port, start_server, stop_server
from ipas.query.registry import QueryRegistry
from ipas.settings import Settings

RAW_FLOOR_MS = 10.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--params", type=Path, required=True)
    parser.add_argument("--raw", required=True, help="JSON: query -> raw p50 ms")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    raw: dict[str, float] = json.loads(args.raw)
    params: dict[str, dict[str, str]] = json.loads(args.params.read_text())
    # The bench measures latency, not limits: no saved query may hit the default time limit.
    env = {**os.environ, "IPAS_STORE": str(args.store), "IPAS_HOME": str(args.home),
           "IPAS_QUERY_TIMEOUT_S": "600"}
    token = subprocess.run(
        [sys.executable, "-m", "ipas", "token", "create", "--name",
         f"overhead-{time.time_ns()}",  # a fresh name: a resumed run finds the old token
         "--role", "analyst"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
        check=True).stdout.strip().splitlines()[-1]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server([sys.executable, "-m", "ipas", "serve", "--host",
                           "127.0.0.1", "--port", str(port)], f"{base}/health", env=env)
    per_query: dict[str, dict[str, float]] = {}
    store = ox.Store.read_only(str(args.store))
    registry = QueryRegistry.load(Settings().queries_dir)
    try:
        for name, raw_ms in sorted(raw.items()):
            if raw_ms < RAW_FLOOR_MS:
                continue
            url = f"{base}/queries/{name}?{urlencode(params.get(name, {}))}"
            request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}",
                                                           "Accept": "application/json"})
            query = registry.get(name).instantiate(params.get(name, {}))

            def endpoint_call(request: urllib.request.Request = request) -> None:
                with urllib.request.urlopen(request, timeout=600) as response:
                    response.read()

            def raw_call(query: str = query) -> None:
                results = store.query(query, use_default_graph_as_union=True)
                assert isinstance(results, ox.QuerySolutions)
                results.serialize(format=ox.QueryResultsFormat.JSON)  # as the server does

            samples: dict[str, list[float]] = {"endpoint": [], "raw": []}
            endpoint_call()  # warms the worker's snapshot
            raw_call()
            for i in range(args.runs):
                order = (("endpoint", endpoint_call), ("raw", raw_call))
                for side, call in order if i % 2 == 0 else order[::-1]:
                    start = time.perf_counter()
                    call()
                    samples[side].append((time.perf_counter() - start) * 1000)
            endpoint_ms = statistics.median(samples["endpoint"])
            raw_ab_ms = statistics.median(samples["raw"])
            per_query[name] = {"endpoint_p50_ms": round(endpoint_ms, 2),
                               "raw_p50_ms": round(raw_ab_ms, 2),
                               "ratio": round(endpoint_ms / raw_ab_ms, 3)}
    finally:
        stop_server(server)
    ratios = [q["ratio"] for q in per_query.values()]
    emit({
        "per_query": per_query,
        "ratio": round(math.exp(sum(map(math.log, ratios)) / len(ratios)), 3) if ratios else None,
        "max_ratio": max(ratios) if ratios else None,
        "queries_measured": len(ratios),
        "alternated": True,
    })


if __name__ == "__main__":
    main()
