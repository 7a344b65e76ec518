"""``make bench``: generate data at a scale, measure every stage against its peer, report.

Each stage runs in its own process (so its peak RSS is its own) on the same generated data,
in the same run. Results go to ``bench/results/latest.json`` (``latest-<scale>.json`` above
1M) and a table on stdout.

Above ``PEERS_MAX_SCALE`` (1M) only our pipeline runs: the validated ingest between two raw
bulk loads, then the saved queries on our store. The peers and the stages that hold the data in
Python (rdflib, the naive ingest, the SPARQL-rules reasoner, networkx) or repeat whole loads
(the loader stage) are skipped, each with its reason under ``skipped`` in the results.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import selectors
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.proc import PROJECT_ROOT, run_stage
from bench.workload import choose_params, http_inputs

RESULTS = PROJECT_ROOT / "bench" / "results"
#: The largest scale at which the peers (and the stages that need them) run.
PEERS_MAX_SCALE = 1_000_000
#: Seconds of runs per saved query above PEERS_MAX_SCALE (its p50 is over the runs that fit).
LARGE_QUERY_BUDGET_S = 120.0
#: Why each stage is left out above PEERS_MAX_SCALE.
SKIPPED_ABOVE_PEERS = {
    "ingest.naive": "rdflib parse + pyshacl of the whole file in memory (~2 GB per 1M triples)",
    "reasoning.vs_sparql_rules": "the SPARQL-rules reference took 116 s and 1.8 GB at 1M and "
                                 "grows faster than the data",
    "queries.rdflib": "rdflib holds the whole dataset in memory (4x the store's RSS)",
    "queries.raw": "the raw-engine baseline only serves the API-overhead stage, skipped here",
    "loaders": "eight full loads of an OFAC replica at this scale; loader throughput does not "
               "depend on scale (measured at 1M)",
    "http": "its peer rdflib-endpoint holds the dataset in rdflib memory",
    "overhead": "needs the raw baseline; measured at 1M",
    "analysis": "its networkx peer holds the projection in Python; measured at 1M",
    "resolution": "runs on the shared labelled set, the same at every scale; measured at 1M",
}


def _machine() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().splitlines()[0].split()
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {"python": platform.python_version(), "cores": os.cpu_count(), "cpu": cpu,
            "memory_gib": round(int(meminfo[1]) / 1024 / 1024, 1)}


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def _geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    return round(math.exp(sum(math.log(v) for v in values) / len(values)), 2) if values else None


def _ingest(data: Path, store: Path, home: Path, work: Path, *,
            peers: bool) -> dict[str, Any]:
    """Our validated ingest bracketed by two raw pyoxigraph bulk loads of the same file
    (B A B: load on the machine weighs on both alike), then (with ``peers``) the naive peer."""
    bulk_args = ["--data", str(data), "--store", str(work / "bulk-store")]
    bulk = [run_stage("bench.stage_bulkload", bulk_args)]
    # A fresh store: what an interrupted run left there would make this load a no-op repeat.
    shutil.rmtree(store, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    timeline = work / "ingest-rss.txt"  # where the memory went, if the stage dies
    timeline.unlink(missing_ok=True)
    ours = run_stage("bench.stage_ingest", ["--data", str(data), "--store", str(store),
                                            "--home", str(home), "--timeline", str(timeline)],
                     timeline=timeline, timeout_s=6 * 3600)  # 10M: 42 min on a loaded machine
    if peers:
        # The reasoner against the SPARQL rules it replaced, alternated on one stored batch.
        ours["reasoning"]["vs_sparql_rules"] = run_stage(
            "bench.stage_reasoning", ["--data", str(data), "--store",
                                      str(work / "reasoning-store")])
    bulk.append(run_stage("bench.stage_bulkload", bulk_args))
    if peers:
        naive = run_stage("bench.stage_naive", ["--data", str(data), "--store",
                                                str(work / "naive-store")])
        shutil.rmtree(work / "naive-store", ignore_errors=True)
        ours["ratio_vs_naive"] = _ratio(ours["triples_per_s"], naive["triples_per_s"])
        ours["naive"] = naive
    bulk_s = sum(b["seconds"] for b in bulk) / len(bulk)
    ours["raw_bulk_load"] = {"seconds": round(bulk_s, 3), "runs": bulk,
                             "triples_per_s": round(bulk[0]["triples"] / bulk_s, 1)}
    # Validated ingest with the pipeline's reasoning, in multiples of the engine's raw load.
    ours["ratio_vs_raw_bulk_load"] = _ratio(ours["with_reasoning_seconds"], bulk_s)
    return ours


SHARED_OFAC = PROJECT_ROOT.parent / "shared" / "data" / "ofac-watchman"
SHARED_ICIJ = PROJECT_ROOT.parent / "shared" / "data" / "icij-offshoreleaks"


def _loaders(work: Path, scale: int) -> dict[str, Any]:
    """The shared OFAC list replicated to ``scale`` triples, loaded with ``--format ofac``
    beside the same triples as N-Quads and the engine's raw bulk load of them, alternated
    twice (A/B/C, C/B/A, best of each) so machine load weighs on all alike."""
    if not SHARED_OFAC.is_dir():
        return {"skipped": f"{SHARED_OFAC} is absent"}
    data = work / "ofac-replica"
    prepared = run_stage("bench.stage_loader", ["prepare", "--ofac", str(SHARED_OFAC),
                                                "--triples", str(scale), "--out", str(data)])
    modes = ("ofac", "nquads", "turtle", "bulk")
    runs: dict[str, list[dict[str, Any]]] = {mode: [] for mode in modes}
    for round_ in range(2):
        for mode in modes if round_ == 0 else modes[::-1]:
            target = work / f"loader-{mode}"
            runs[mode].append(run_stage("bench.stage_loader", [
                "load", "--mode", mode, "--data", str(data), "--store", str(target / "store"),
                "--home", str(target / "home")]))
            shutil.rmtree(target, ignore_errors=True)
    best = {mode: min(found, key=lambda r: r["seconds"]) for mode, found in runs.items()}
    # Issue #14's list targets through `ipas load` itself: 15,000 OFAC entries, 27,000 ICIJ
    # intermediaries (replicated from the shared files), reasoning on, fresh stores.
    user = run_stage("bench.stage_loader", ["user", "--ofac", str(SHARED_OFAC), "--icij",
                                            str(SHARED_ICIJ), "--work", str(work / "user")])
    return {"prepared": prepared, "user_lists": user,
            "ofac": best["ofac"], "nquads": best["nquads"],
            "bulk": best["bulk"], "turtle": best["turtle"],
            "ofac_vs_nquads_time": _ratio(best["ofac"]["seconds"], best["nquads"]["seconds"]),
            "nquads_vs_bulk_time": _ratio(best["nquads"]["seconds"], best["bulk"]["seconds"]),
            "ofac_vs_bulk_time": _ratio(best["ofac"]["seconds"], best["bulk"]["seconds"])}


def _queries(store: Path, data: Path, params: Path, runs: int, rdflib_budget_s: float, *,
             peers: bool, only: list[str] | None) -> dict[str, Any]:
    """Saved-query p50 on our store; with ``peers``, beside the raw engine and rdflib."""
    common = ["--store", str(store), "--params", str(params), "--runs", str(runs),
              *(["--only", *only] if only else [])]
    ours = run_stage("bench.stage_queries", ["--engine", "oxigraph", *common, *(
        [] if peers else ["--budget-s", str(LARGE_QUERY_BUDGET_S)])], timeout_s=4 * 3600)
    raw = run_stage("bench.stage_queries", ["--engine", "raw", *common]) if peers else None
    peer = _rdflib_queries(data, params, runs, rdflib_budget_s) if peers else {}
    table: dict[str, Any] = {}
    for name, figures in ours["queries"].items():
        peer_ms = peer.get(name)
        entry = {"p50_ms": figures["p50_ms"], "rows": figures["rows"], "runs": figures["runs"],
                 "raw_p50_ms": raw["queries"][name]["p50_ms"] if raw else None}
        if peer_ms is None:
            entry["rdflib_p50_ms"] = None
            entry["ratio_vs_rdflib"] = None
        else:
            ms, finished = peer_ms
            entry["rdflib_p50_ms"] = ms
            # A peer that ran out of its time budget gives a lower bound on the ratio.
            entry["ratio_vs_rdflib"] = _ratio(ms, figures["p50_ms"])
            entry["ratio_is_lower_bound"] = not finished
        table[name] = entry
    summary = {
        "geomean_ratio_vs_rdflib": _geomean([e["ratio_vs_rdflib"] for e in table.values()
                                             if e["ratio_vs_rdflib"]]),
        "max_p50_ms": max((e["p50_ms"] for e in table.values()), default=None),
        "peak_rss_mb": {"ours": ours["peak_rss_mb"], "raw": raw["peak_rss_mb"] if raw else None},
    }
    return {"per_query": table, **summary}


def _rdflib_queries(data: Path, params: Path, runs: int,
                    budget_s: float) -> dict[str, tuple[float, bool]]:
    """rdflib in memory, each query under a time budget (a slow peer must not stall the run).

    A query whose first run does not finish within the budget is killed and recorded as the
    budget, flagged as a lower bound; the peer is restarted for the queries after it.
    """
    from ipas.query.registry import QueryRegistry
    from ipas.settings import Settings

    pending = QueryRegistry.load(Settings().queries_dir).names()
    done: dict[str, tuple[float, bool]] = {}
    while pending:
        proc = subprocess.Popen(
            [sys.executable, "-m", "bench.stage_queries", "--engine", "rdflib", "--data",
             str(data), "--params", str(params), "--runs", str(runs), "--budget-s",
             str(budget_s), "--only", *pending],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + 1800  # loading the data into rdflib comes first
        while True:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                proc.kill()  # the current query ran out of budget
                break
            line = proc.stdout.readline()
            if not line:
                break
            if line.startswith('{"loaded"'):
                deadline = time.monotonic() + budget_s * 1.5
            elif line.startswith('{"query"'):
                item = json.loads(line)
                done[item["query"]] = (item["p50_ms"], True)
                pending.remove(item["query"])
                deadline = time.monotonic() + budget_s * 1.5
        proc.wait()
        if pending and (proc.returncode != 0 or pending[0] not in done):
            done[pending.pop(0)] = (budget_s * 1000, False)
    return done


def _table(results: dict[str, Any]) -> str:
    lines = [f"IPAS-KG benchmark at {results['scale']:,} triples ({results['machine']['cores']} "
             f"cores, {results['machine']['cpu']})", ""]
    ingest = results["ingest"]
    if "naive" in ingest:
        lines.append(f"ingest  ours {ingest['triples_per_s']:>10,.0f} triples/s   naive "
                     f"{ingest['naive']['triples_per_s']:>10,.0f}   ratio "
                     f"{ingest['ratio_vs_naive']}x")
    else:
        lines.append(f"ingest  ours {ingest['triples_per_s']:>10,.0f} triples/s")
    if "tree_peak_rss_mb" in ingest:
        phases = ", ".join(f"{k} {v:,.0f}" for k, v in ingest["peak_rss_mb_by_phase"].items())
        lines.append(f"ingest peak RSS (process tree) {ingest['tree_peak_rss_mb']:,.0f} MB; "
                     f"by phase: {phases}")
    if "reasoning" in ingest:
        r = ingest["reasoning"]
        lines.append(f"reasoning {r['seconds']} s, {r['inferred']:,} inferred "
                     f"({r['triples_per_s']} inferred/s); ingest with reasoning "
                     f"{ingest['with_reasoning_seconds']} s = {ingest['ratio_vs_raw_bulk_load']}x"
                     f" a raw bulk_load ({ingest['raw_bulk_load']['seconds']} s)")
        if "vs_sparql_rules" in r:
            ab = r["vs_sparql_rules"]
            lines.append(f"reasoning A/B on one stored batch: ours {ab['ours']['seconds']} s, "
                         f"SPARQL rules {ab['sparql_rules']['seconds']} s = {ab['speedup']}x "
                         f"(same triples: {ab['same_triples']})")
    loaders = results.get("loaders", {})
    if "ofac" in loaders:
        lines.append(f"loader  --format ofac {loaders['ofac']['triples_per_s']:>10,.0f} triples/s  "
                     f"same triples as N-Quads {loaders['nquads']['triples_per_s']:>10,.0f}   "
                     f"time ratio {loaders['ofac_vs_nquads_time']}x")
        if "turtle" in loaders:
            ttl = loaders["turtle"]
            lines.append(f"        same triples as Turtle {ttl['triples_per_s']:>10,.0f} triples/s"
                         f"   peak RSS {ttl['peak_rss_mb']} MB (N-Quads "
                         f"{loaders['nquads']['peak_rss_mb']} MB)")
        if "bulk" in loaders:
            raw = loaders["bulk"]["triples_per_s"]
            lines.append(f"        raw pyoxigraph bulk_load {raw:>10,.0f} triples/s   "
                         f"N-Quads path / bulk_load {loaders['nquads_vs_bulk_time']}x   "
                         f"ofac / bulk_load {loaders['ofac_vs_bulk_time']}x")
    for name, run in loaders.get("user_lists", {}).items():
        if isinstance(run, dict) and "cpu_s" in run:
            unit = "entries" if name == "ofac" else "rows"
            size = f"{run.get(unit)} {unit}"
            lines.append(f"ipas load --format {name} ({size}, reasoning on, fresh store): "
                         f"{run['wall_s']} s wall, {run['cpu_s']} CPU-s, peak RSS "
                         f"{run['peak_rss_mb']} MB, {run['triples']:,} triples + "
                         f"{run['inferred']:,} inferred, {run['quarantined']} quarantined")
    lines.append("")
    lines.append(f"{'saved query':42} {'p50 ms':>9} {'rdflib ms':>11} {'ratio':>8}")
    for name, q in results["queries"]["per_query"].items():
        peer = "-" if q["rdflib_p50_ms"] is None else f"{q['rdflib_p50_ms']:,.1f}"
        ratio = "-" if q["ratio_vs_rdflib"] is None else (
            f"{'>=' if q.get('ratio_is_lower_bound') else ''}{q['ratio_vs_rdflib']}x")
        lines.append(f"{name:42} {q['p50_ms']:>9,.1f} {peer:>11} {ratio:>8}")
    lines.append(f"geometric mean vs rdflib: {results['queries']['geomean_ratio_vs_rdflib']}x")
    for name, reason in results.get("skipped", {}).items():
        lines.append(f"skipped {name}: {reason}")
    if "http" in results:
        lines.append("")
        for workload, figures in results["http"]["ours"].items():
            peer = results["http"]["peer"][workload]
            lines.append(f"http {workload:20} ours {figures['rps']:>8,.1f} rps p50 "
                         f"{figures['p50_ms']:>7.1f} ms p99 {figures['p99_ms']:>7.1f}  |  peer "
                         f"{peer['rps']:>8,.1f} rps  ratio {figures['ratio_vs_peer']}x")
        for name, figures in results["http"].get("peers", {}).items():
            lines.append(f"http {name:9} point {figures['point_lookup']['rps']:>8,.1f} rps  "
                         f"saved query {figures['sparql_saved_query']['rps']:>8,.1f} rps  "
                         f"ours/{name} point "
                         f"{results['http']['point_lookup'][f'ratio_vs_{name}']}x")
        for name, reason in results["http"].get("skipped", {}).items():
            lines.append(f"http {name}: skipped ({reason})")
    if "resolution" in results:
        lines.append("")
        res = results["resolution"]
        for who in ("ours", "peer"):
            if who in res:
                r = res[who]
                lines.append(f"resolution {who:5} best F1 {r['best_f1']:.3f} recall@P>=0.95 "
                             f"{r['recall_at_p95']:.3f} largest cluster "
                             f"{r['clusters']['largest_cluster']} (true "
                             f"{r['clusters']['largest_true_cluster']}) {r['seconds']:.1f} s")
    if "overhead" in results:
        lines.append(f"API overhead (endpoint / raw pyoxigraph, alternated A/B, queries >= 10 "
                     f"ms raw): {results['overhead']['ratio']}")
    if "analysis" in results:
        lines += ["", *_analysis_lines(results["analysis"])]
    return "\n".join(lines)


def _analysis_lines(a: dict[str, Any]) -> list[str]:
    paths, ratios = a["paths_p50_ms"], a["ratios_vs_networkx"]
    return [
        f"analysis projection {a['nodes']:,} nodes {a['edges']:,} edges: build {a['build_s']} s, "
        f"{a['projection_rss_mb']} MB; +{a['increment_triples']:,} triples: update "
        f"{a['update_s']} s ({a['update_kind']}, {a['incremental_vs_rebuild']}x a rebuild)",
        f"analysis paths p50 ms: ours k=1 {paths['ours_k1_with_evidence']} (BFS "
        f"{paths['igraph_k1']}, networkx {paths['networkx_k1']}), k=3 "
        f"{paths['ours_k3_with_evidence']} (Yen {paths['yen_k3']}, networkx "
        f"{paths['networkx_k3']})",
        f"analysis centrality+communities {a['metrics_s']} s (networkx "
        f"{a['networkx_metrics_s']} s, {ratios['centrality_communities']}x), convergence "
        f"{a['convergence_s']} s, ranking {a['ranking_s']} s",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1_000_000, help="triples to generate")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-budget-s", type=float, default=60.0,
                        help="per run of one query on the rdflib peer")
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-analysis", action="store_true")
    parser.add_argument("--skip-loaders", action="store_true")
    parser.add_argument("--skip-resolution", action="store_true")
    parser.add_argument("--resume", action="store_true",
                        help="keep the stages an interrupted run of this scale finished "
                             "(its data, store and latest.partial.json) and run the rest")
    parser.add_argument("--peers-max-scale", type=int, default=PEERS_MAX_SCALE,
                        help="above this scale only our pipeline runs (tests shrink it)")
    parser.add_argument("--queries", nargs="+", metavar="NAME",
                        help="only these saved queries (default: all)")
    parser.add_argument("--work", type=Path, default=PROJECT_ROOT / "var" / "bench")
    parser.add_argument("--out", type=Path, help="results file (default: bench/results/"
                        "latest.json, latest-<scale>.json above 1M)")
    args = parser.parse_args()
    peers = args.scale <= args.peers_max_scale
    if args.out is None:
        args.out = RESULTS / ("latest.json" if peers else f"latest-{args.scale}.json")

    work = args.work / f"run-{args.scale}"
    data, store, home, params = (work / "data.nt", work / "store", work / "home",
                                 work / "params.json")
    partial = args.out.with_suffix(".partial.json")
    results: dict[str, Any] = {}
    if args.resume and partial.is_file() and data.is_file():
        results = json.loads(partial.read_text())
        if results.get("scale") != args.scale:
            raise SystemExit(f"{partial} is a run at {results.get('scale')} triples, "
                             f"not {args.scale}: run without --resume")
    else:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:  # what finished so far survives an interrupted run
        partial.write_text(json.dumps(results, indent=2) + "\n")

    if "generated" not in results:
        results.update(scale=args.scale, machine=_machine(), generated=run_stage(
            "bench.generate", ["--triples", str(args.scale), "--out", str(data)]))
        save()
    if not peers:
        results["skipped"] = {name: f"above {args.peers_max_scale:,} triples: {reason}"
                              for name, reason in SKIPPED_ABOVE_PEERS.items()}
        args.skip_loaders = args.skip_http = args.skip_analysis = args.skip_resolution = True
    if "ingest" not in results:
        results["ingest"] = _ingest(data, store, home, work, peers=peers)
        save()
    if not args.skip_loaders and "loaders" not in results:
        results["loaders"] = _loaders(work, args.scale)
        save()
    if "queries" not in results:
        params.write_text(json.dumps(choose_params(store)))
        results["queries"] = _queries(store, data, params, args.runs, args.rdflib_budget_s,
                                      peers=peers, only=args.queries)
        save()
    raw_ms = {n: e["raw_p50_ms"] for n, e in results["queries"]["per_query"].items()}
    if not args.skip_http and "http" not in results:
        results["http"] = run_stage("bench.stage_http", http_inputs(store, home, data, params))
        save()
    if not args.skip_http and "overhead" not in results:
        results["overhead"] = run_stage("bench.stage_overhead", [
            "--store", str(store), "--home", str(home), "--params", str(params),
            "--raw", json.dumps(raw_ms), "--runs", str(args.runs)])
        save()
    if not args.skip_analysis and "analysis" not in results:
        # last: it ingests (then retracts) a 10k-triple batch in the store the others read
        results["analysis"] = run_stage("bench.stage_analysis", [
            "--store", str(store), "--home", str(work / "analysis-home")])
    shared = PROJECT_ROOT.parent / "shared"
    if not args.skip_resolution and "resolution" not in results and shared.is_dir():
        # Entity resolution against nomenklatura on the labelled OFAC/ICIJ set (its own data:
        # the shared files, whatever the triple scale).
        results["resolution"] = run_stage("bench.stage_resolution", ["--shared", str(shared)])
        save()
    results["memory"] = {
        "generate_peak_rss_mb": results["generated"]["peak_rss_mb"],
        "ingest_peak_rss_mb": results["ingest"]["peak_rss_mb"],
        "ingest_tree_peak_rss_mb": results["ingest"].get("tree_peak_rss_mb"),
        **({"naive_ingest_peak_rss_mb": results["ingest"]["naive"]["peak_rss_mb"]}
           if "naive" in results["ingest"] else {}),
        "queries_peak_rss_mb": results["queries"]["peak_rss_mb"],
        **({"loader_ofac_peak_rss_mb": results["loaders"]["ofac"]["peak_rss_mb"],
            "loader_nquads_peak_rss_mb": results["loaders"]["nquads"]["peak_rss_mb"]}
           if "ofac" in results.get("loaders", {}) else {}),
        **({"analysis_peak_rss_mb": results["analysis"]["peak_rss_mb"]}
           if "analysis" in results else {}),
        **({"server_peak_rss_mb": results["http"]["ours_server_peak_rss_mb"],
            "peer_server_peak_rss_mb": results["http"]["peer_server_peak_rss_mb"]}
           if "http" in results else {}),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    partial.unlink(missing_ok=True)
    print(_table(results))
    print(f"\nwritten: {args.out}")


if __name__ == "__main__":
    main()
