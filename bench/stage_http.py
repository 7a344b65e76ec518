"""HTTP figures under concurrent clients on loopback: our server against its peers, A/B.

Every server runs at once on the same data, and each workload is sent to all of them in
alternating rounds (forward order, then reverse: A B C, C B A), so a burst of load on the
shared machine falls on every side alike; the rounds' samples are pooled per server. Peers:

- ``peer``: rdflib-endpoint on the N-Triples file (the Python SPARQL endpoint);
- ``raw``: :mod:`bench.raw_server`, FastAPI + pyoxigraph read-only on our store files (the
  floor of our stack, so ``ratio_vs_raw`` is what our layers cost);
- ``oxigraph``: Oxigraph's own server (``oxigraph serve-read-only`` from the ``oxigraph``
  wheel) on our store files (the engine's floor), when the binary is installed;
- ``virtuoso``: Virtuoso's ``/sparql`` on a dump of our store, when ``virtuoso-t`` is installed;
- ``baseline`` (``--baseline DIR``): ``ipas serve`` of another checkout with its own ``.venv``
  (e.g. main before a change) on a copy of our store and home, so a change is measured before
  and after in the same alternated rounds (``ratio_vs_baseline``).

Workloads: ``sparql_saved_query`` (a saved query's text to each SPARQL endpoint),
``point_lookup`` (``SELECT ?p ?o WHERE { <entity> ?p ?o }``) and ``rest_entity_get`` (ours
only; the peers have no REST facade, so it is compared with their point lookup, the request a
client would send them instead). Each workload sends a bounded number of requests.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from bench.load import LoadResult, Request, merge, run_load
from bench.proc import (
    PROJECT_ROOT,
    emit,
    free_port,
    process_rss_mb,
    process_tree_cpu_s,
    start_server,
    stop_server,
)

ACCEPT_JSON = {"Accept": "application/sparql-results+json"}
OXIGRAPH_BIN = Path(sys.executable).parent / "oxigraph"
SPARQL_WORKLOADS = ("sparql_saved_query", "point_lookup")


@dataclass
class Side:
    """One server under test: how to ask it a SPARQL query, and how to stop it."""

    name: str
    sparql: Callable[[str], Request]
    stop: Callable[[], None]
    pid: int | None = None
    startup_s: float = 0.0


def _sparql_get(base: str, path: str, headers: dict[str, str]) -> Callable[[str], Request]:
    return lambda query: Request("GET", f"{base}{path}?{urlencode({'query': query})}", headers)


def _start(name: str, argv: list[str], health: str, path: str, headers: dict[str, str],
           base: str, env: dict[str, str] | None = None, timeout_s: float = 600,
           cwd: Path | None = None) -> Side:
    started = time.perf_counter()
    proc = start_server(argv, f"{base}{health}", env=env, timeout_s=timeout_s, cwd=cwd)
    return Side(name, _sparql_get(base, path, headers), lambda: stop_server(proc), proc.pid,
                round(time.perf_counter() - started, 2))


def _virtuoso(store: Path) -> Side:
    """Virtuoso loaded (bulk loader) with an N-Quads dump of our store, so it serves the
    same quads, inferred ones included."""
    sys.path.insert(0, str(PROJECT_ROOT))
    from tests.virtuoso import VirtuosoServer

    started = time.perf_counter()
    server = VirtuosoServer(startup_timeout_s=120).start()
    try:
        dump = server.load_dir / "store.nq"
        ox.Store.read_only(str(store)).dump(str(dump), format=ox.RdfFormat.N_QUADS)
        server.isql(f"ld_dir('{server.load_dir}', 'store.nq', 'urn:x-ipas:unused'); "
                    "rdf_loader_run(); checkpoint;", timeout_s=3600)
    except BaseException:
        server.stop()
        raise
    pid = server._proc.pid if server._proc else None
    return Side("virtuoso", _sparql_get(server.base_url, "/sparql", ACCEPT_JSON), server.stop,
                pid, round(time.perf_counter() - started, 2))


def _baseline(args: argparse.Namespace, env: dict[str, str]) -> Side:
    """``ipas serve`` from the checkout ``args.baseline`` on copies of the store and home (a
    second writer cannot open the same store files)."""
    copy = Path(tempfile.mkdtemp(prefix="baseline-", dir=args.store.parent))
    shutil.copytree(args.store, copy / "store")
    marker = args.store.parent / f"{args.store.name}.generation"
    if marker.is_file():
        shutil.copy(marker, copy / "store.generation")
    shutil.copytree(args.home, copy / "home")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    python = args.baseline / ".venv" / "bin" / "python"
    side = _start("baseline", [str(python), "-m", "ipas", "serve", "--host", "127.0.0.1",
                               "--port", str(port)], "/health", "/sparql",
                  {"Authorization": f"Bearer {args.token}", **ACCEPT_JSON}, base,
                  {**env, "IPAS_STORE": str(copy / "store"), "IPAS_HOME": str(copy / "home")},
                  cwd=args.baseline)
    stop = side.stop

    def stop_and_remove() -> None:
        stop()
        shutil.rmtree(copy, ignore_errors=True)

    side.stop = stop_and_remove
    return side


def _plan(request: Request, clients: int, max_requests: int, budget_s: float,
          rounds: int) -> int:
    """Requests per client per round, from one probe, so a workload stays within budget."""
    probe = run_load(request, clients=1, per_client=1, warmup=1)
    per_request_s = max(probe.p50_ms / 1000, 1e-4)
    # The server has two cores: total throughput is about one request per probe latency.
    total = max(2, min(max_requests // clients, budget_s / per_request_s / clients))
    return int(max(2, total // rounds))


def _alternate(requests: dict[str, Request], clients: int, max_requests: int, budget_s: float,
               rounds: int, pids: dict[str, int | None]) -> dict[str, LoadResult]:
    """Each side's requests in alternating rounds (forward, reverse, ...), samples pooled;
    the CPU each server (with its workers) spent on a round is recorded with it (the round's
    one warm-up request included, alike on every side)."""
    sizes = {n: _plan(r, clients, max_requests, budget_s, rounds) for n, r in requests.items()}
    found: dict[str, list[LoadResult]] = {n: [] for n in requests}
    order = list(requests)
    for round_ in range(rounds):
        for name in order if round_ % 2 == 0 else reversed(order):
            pid = pids.get(name)
            before = process_tree_cpu_s(pid) if pid else 0.0
            result = run_load(requests[name], clients=clients, per_client=sizes[name],
                              warmup=1)
            if pid:
                result = replace(result, cpu_s=process_tree_cpu_s(pid) - before)
            found[name].append(result)
    return {n: merge(r) for n, r in found.items()}


def _start_sides(args: argparse.Namespace, skipped: dict[str, str]) -> list[Side]:
    sides: list[Side] = []
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # The bench measures latency, not limits: no saved query may hit the default time limit.
    env = {"IPAS_STORE": str(args.store), "IPAS_HOME": str(args.home),
           "IPAS_QUERY_TIMEOUT_S": "600"}
    sides.append(_start("ours", [sys.executable, "-m", "ipas", "serve", "--host", "127.0.0.1",
                                 "--port", str(port)], "/health", "/sparql",
                        {"Authorization": f"Bearer {args.token}", **ACCEPT_JSON}, base, env))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    sides.append(_start("raw", [sys.executable, "-m", "bench.raw_server", "--store",
                                str(args.store), "--port", str(port)],
                        f"/sparql?{urlencode({'query': 'ASK {}'})}", "/sparql", ACCEPT_JSON,
                        base))
    if args.baseline is not None:
        sides.append(_baseline(args, env))
    if OXIGRAPH_BIN.is_file():
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        sides.append(_start("oxigraph", [str(OXIGRAPH_BIN), "serve-read-only", "--location",
                                         str(args.store), "--bind", f"127.0.0.1:{port}",
                                         "--union-default-graph"],
                            f"/query?{urlencode({'query': 'ASK {}'})}", "/query", ACCEPT_JSON,
                            base))
    else:
        skipped["oxigraph"] = f"{OXIGRAPH_BIN} absent (pip install oxigraph)"
    if shutil.which("virtuoso-t") and shutil.which("isql-vt"):
        sides.append(_virtuoso(args.store))
    else:
        skipped["virtuoso"] = "virtuoso-t / isql-vt not installed"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    sides.append(_start("peer", [str(Path(sys.executable).parent / "rdflib-endpoint"), "serve",
                                 "--host", "127.0.0.1", "--port", str(port), str(args.data)],
                        f"/?query={quote('ASK {}')}", "/", ACCEPT_JSON, base,
                        timeout_s=1800))
    return sides


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
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", type=Path, default=None,
                        help="another checkout (with .venv) served as side 'baseline'")
    args = parser.parse_args()
    # The baseline runs from its own checkout: relative paths would name files there.
    args.store, args.home, args.data = (p.resolve() for p in (args.store, args.home, args.data))
    if args.baseline is not None:
        args.baseline = args.baseline.resolve()

    queries = {"sparql_saved_query": args.query,
               "point_lookup": f"SELECT ?p ?o WHERE {{ <{args.entity}> ?p ?o }}"}
    skipped: dict[str, str] = {}
    sides: list[Side] = []
    measured: dict[str, dict[str, LoadResult]] = {}
    try:
        sides = _start_sides(args, skipped)
        ours_base = sides[0].sparql("").url.split("/sparql")[0]
        pids = {s.name: s.pid for s in sides}
        for workload, query in queries.items():
            measured[workload] = _alternate({s.name: s.sparql(query) for s in sides},
                                            args.clients, args.max_requests, args.budget_s,
                                            args.rounds, pids)
        rest_headers = {"Authorization": f"Bearer {args.token}", "Accept": "application/json"}
        # REST GET alternates with the peer's point lookup, the request it is compared with.
        rest = {"ours": Request("GET", f"{ours_base}{quote(args.rest_path)}", rest_headers),
                "peer": next(s for s in sides if s.name == "peer").sparql(
                    queries["point_lookup"])}
        for side in sides:
            if side.name == "baseline":  # the same REST GET on the other checkout
                base = side.sparql("").url.split("/sparql")[0]
                rest["baseline"] = Request("GET", f"{base}{quote(args.rest_path)}", rest_headers)
        measured["rest_entity_get"] = _alternate(rest, args.clients, args.max_requests,
                                                 args.budget_s, args.rounds, pids)
        rss = {s.name: round(process_rss_mb(s.pid), 1) for s in sides if s.pid}
    finally:
        for side in sides:
            side.stop()
    emit(_summary(measured, sides, skipped, rss))


def _summary(measured: dict[str, dict[str, LoadResult]], sides: list[Side],
             skipped: dict[str, str], rss: dict[str, float]) -> dict[str, Any]:
    for workload, by_side in measured.items():
        for name in ("ours", "peer", "raw", "baseline"):  # error pages would be meaningless
            if name in by_side and by_side[name].errors:
                raise RuntimeError(f"{name} {workload}: {by_side[name].errors} failed requests")
    out: dict[str, Any] = {"ours": {}, "peer": {}, "peers": {}, "skipped": skipped,
                           "rounds_alternated": True}
    for workload, by_side in measured.items():
        ours = by_side["ours"].as_dict()
        peer = by_side["peer"].as_dict()
        ours["ratio_vs_peer"] = round(ours["rps"] / peer["rps"], 2) if peer["rps"] else None
        out["ours"][workload], out["peer"][workload] = ours, peer
        for name, result in by_side.items():
            if name not in ("ours", "peer"):
                out["peers"].setdefault(name, {})[workload] = result.as_dict()
    for workload in SPARQL_WORKLOADS:
        ours_rps = out["ours"][workload]["rps"]
        entry: dict[str, Any] = {}
        for name, figures in out["peers"].items():
            # A peer that failed requests gets no ratio (its error pages would flatter it).
            ok = figures[workload]["rps"] and not figures[workload]["errors"]
            entry[f"ratio_vs_{name}"] = round(ours_rps / figures[workload]["rps"], 2) if ok \
                else None
        out[workload] = entry
    if "baseline" in out["peers"] and "rest_entity_get" in out["peers"]["baseline"]:
        base_rps = out["peers"]["baseline"]["rest_entity_get"]["rps"]
        rest: dict[str, Any] = {"ratio_vs_baseline": round(
            out["ours"]["rest_entity_get"]["rps"] / base_rps, 2) if base_rps else None}
        out["rest_entity_get"] = rest
    out["ours_startup_s"] = next(s.startup_s for s in sides if s.name == "ours")
    out["peer_startup_s"] = next(s.startup_s for s in sides if s.name == "peer")
    out["startup_s"] = {s.name: s.startup_s for s in sides}
    out["server_peak_rss_mb"] = rss
    out["ours_server_peak_rss_mb"] = rss.get("ours")
    out["peer_server_peak_rss_mb"] = rss.get("peer")
    print(json.dumps(out, indent=None), file=sys.stderr)
    return out


if __name__ == "__main__":
    main()
