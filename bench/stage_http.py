"""HTTP figures under concurrent clients on loopback: our server vs rdflib-endpoint.

Both servers serve the same data in the same run. Workloads:

- ``sparql_saved_query``: one saved query sent to ``/sparql`` (GET, SPARQL Results JSON);
- ``point_lookup``: ``SELECT ?p ?o WHERE { <entity> ?p ?o }`` to ``/sparql``;
- ``rest_entity_get``: our REST entity GET (the peer has no REST facade, so it is compared
  with the peer's point lookup, the request a client would send it instead).

Each workload sends a bounded number of requests; nothing loops on time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from bench.load import Request, run_load
from bench.proc import emit, free_port, process_rss_mb, start_server, stop_server

ACCEPT_JSON = {"Accept": "application/sparql-results+json"}


def _sparql_get(base: str, query: str, headers: dict[str, str], path: str = "/sparql") -> Request:
    return Request("GET", f"{base}{path}?{urlencode({'query': query})}", headers)


def _budgeted(request: Request, clients: int, max_requests: int, budget_s: float) -> dict[str, Any]:
    """Size the run from one probe request so each workload stays within ``budget_s``."""
    probe = run_load(request, clients=1, per_client=1, warmup=1)
    per_request_s = max(probe.p50_ms / 1000, 1e-4)
    # The server has two cores: total throughput is about one request per probe latency.
    per_client = int(max(2, min(max_requests // clients, budget_s / per_request_s / clients)))
    result = run_load(request, clients=clients, per_client=per_client, warmup=1)
    return result.as_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True, help="the same data as N-Triples")
    parser.add_argument("--token", required=True)
    parser.add_argument("--query", required=True, help="saved query text for /sparql")
    parser.add_argument("--entity", required=True, help="IRI of an entity for point lookups")
    parser.add_argument("--rest-path", required=True, help="REST path of that entity")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=2000)
    parser.add_argument("--budget-s", type=float, default=20.0)
    args = parser.parse_args()

    ours_port, peer_port = free_port(), free_port()
    ours_base, peer_base = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{peer_port}"
    auth = {"Authorization": f"Bearer {args.token}", **ACCEPT_JSON}
    # The bench measures latency, not limits: no saved query may hit the default time limit.
    env = {"IPAS_STORE": str(args.store), "IPAS_HOME": str(args.home),
           "IPAS_QUERY_TIMEOUT_S": "600"}
    point = f"SELECT ?p ?o WHERE {{ <{args.entity}> ?p ?o }}"
    out: dict[str, Any] = {}

    started = time.perf_counter()
    ours = start_server([sys.executable, "-m", "ipas", "serve", "--host", "127.0.0.1",
                         "--port", str(ours_port)], f"{ours_base}/health", env=env)
    out["ours_startup_s"] = round(time.perf_counter() - started, 2)
    try:
        out["ours"] = {
            "sparql_saved_query": _budgeted(_sparql_get(ours_base, args.query, auth),
                                            args.clients, args.max_requests, args.budget_s),
            "point_lookup": _budgeted(_sparql_get(ours_base, point, auth), args.clients,
                                      args.max_requests, args.budget_s),
            "rest_entity_get": _budgeted(
                Request("GET", f"{ours_base}{quote(args.rest_path)}",
                        {"Authorization": f"Bearer {args.token}", "Accept": "application/json"}),
                args.clients, args.max_requests, args.budget_s),
        }
        out["ours_server_peak_rss_mb"] = round(process_rss_mb(ours.pid), 1)
    finally:
        stop_server(ours)

    started = time.perf_counter()
    peer = start_server([str(Path(sys.executable).parent / "rdflib-endpoint"), "serve",
                         "--host", "127.0.0.1", "--port", str(peer_port), str(args.data)],
                        f"{peer_base}/?query={quote('ASK {}')}", timeout_s=1800)
    out["peer_startup_s"] = round(time.perf_counter() - started, 2)
    try:
        peer_point = _budgeted(_sparql_get(peer_base, point, ACCEPT_JSON, "/"), args.clients,
                               args.max_requests, args.budget_s)
        out["peer"] = {
            "sparql_saved_query": _budgeted(_sparql_get(peer_base, args.query, ACCEPT_JSON, "/"),
                                            args.clients, args.max_requests, args.budget_s),
            "point_lookup": peer_point,
            "rest_entity_get": peer_point,
        }
        out["peer_server_peak_rss_mb"] = round(process_rss_mb(peer.pid), 1)
    finally:
        stop_server(peer)

    for side in ("ours", "peer"):
        for workload, figures in out[side].items():
            if figures["errors"]:  # a benchmark of error pages would be meaningless
                raise RuntimeError(f"{side} {workload}: {figures['errors']} failed requests")
    for workload, figures in out["ours"].items():
        peer_rps = out["peer"][workload]["rps"]
        figures["ratio_vs_peer"] = round(figures["rps"] / peer_rps, 2) if peer_rps else None
    print(json.dumps(out, indent=None), file=sys.stderr)
    emit(out)


if __name__ == "__main__":
    main()
