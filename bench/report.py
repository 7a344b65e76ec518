"""Render ``bench/results/latest.json`` as the Markdown tables of ``docs/performance.md``.

``python -m bench.report`` prints them; the page's prose around them is written by hand.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from bench.proc import PROJECT_ROOT


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def render(results: dict[str, Any]) -> str:
    m, ingest = results["machine"], results["ingest"]
    out = [
        f"Measured at {results['scale']:,} requested triples ({results['generated']['triples']:,}"
        f" generated) on {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB, Python "
        f"{m['python']}.",
        "",
        "### Validated ingest (parse, SHACL validation, atomic commit)",
        "",
        "| pipeline | triples/s | parse + validate + stage s | commit s | peak RSS MB |",
        "|---|---:|---:|---:|---:|",
        f"| IPAS-KG (`Ingestor`, compiled shapes, Oxigraph on disk) | "
        f"{_num(ingest['triples_per_s'], 0)} | "
        f"{_num(ingest['stages'].get('parse_validate_stage_s'))} | "
        f"{_num(ingest['stages'].get('commit_s'))} | "
        f"{_num(ingest.get('tree_peak_rss_mb', ingest['peak_rss_mb']), 0)} |",
        *_naive(ingest),
        *_phases(ingest),
        *_reasoning_and_floor(ingest),
        "### Saved queries (p50 of 5 runs)",
        "",
        "| query | rows | IPAS-KG ms | raw pyoxigraph ms | rdflib in memory ms | ratio vs rdflib |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, q in results["queries"]["per_query"].items():
        bound = ">= " if q.get("ratio_is_lower_bound") else ""
        peer = q["rdflib_p50_ms"]
        out.append(
            f"| `{name}` | {q['rows']} | {_num(q['p50_ms'])} | {_num(q['raw_p50_ms'])} | "
            f"{bound}{_num(peer)} | {bound}{_num(q['ratio_vs_rdflib'], 2)} |"
        )
    queries = results["queries"]
    out += ["", f"Geometric mean of the ratios: **{queries['geomean_ratio_vs_rdflib']}x**; "
            f"slowest saved query p50: {_num(queries['max_p50_ms'])} ms.", ""]
    if results.get("skipped"):
        out += ["Skipped at this scale:", "",
                *(f"- {name}: {why}" for name, why in results["skipped"].items()), ""]
    if "http" in results:
        out += _http(results["http"])
    if "overhead" in results:
        o = results["overhead"]
        out += ["### API overhead (REST saved-query latency / raw pyoxigraph, queries >= 10 ms)",
                "", "Both sides in one stage, alternated run by run (endpoint, raw, raw, "
                "endpoint, ...) on the same store files; raw includes pyoxigraph's JSON "
                "serialization.", "",
                "| query | endpoint ms | raw ms | ratio |", "|---|---:|---:|---:|"]
        for name, q in o["per_query"].items():
            out.append(f"| `{name}` | {_num(q['endpoint_p50_ms'])} | {_num(q['raw_p50_ms'])} | "
                       f"{q['ratio']} |")
        out += ["", f"Geometric mean {o['ratio']}, max {o['max_ratio']}.", ""]
    if "analysis" in results:
        out += _analysis(results["analysis"])
    mem = results.get("memory", {})  # absent when the run stopped before its end
    if not mem:
        return "\n".join(out) + "\n"
    out += ["### Peak memory (RSS, MB)", "", "| stage | MB |", "|---|---:|"]
    for key, value in mem.items():
        if isinstance(value, dict):
            for sub, v in value.items():
                out.append(f"| {key.removesuffix('_mb')} ({sub}) | {_num(v, 0)} |")
        else:
            out.append(f"| {key.removesuffix('_peak_rss_mb')} | {_num(value, 0)} |")
    return "\n".join(out) + "\n"


def _naive(ingest: dict[str, Any]) -> list[str]:
    """The naive peer's row and the ratio (absent above the peers' scale)."""
    naive = ingest.get("naive")
    if naive is None:
        return ["", f"Records quarantined: {ingest['quarantined']} (no naive peer at this "
                "scale).", ""]
    return [
        f"| naive: rdflib parse, pyshacl, commit | {_num(naive['triples_per_s'], 0)} | "
        f"{_num(naive['stages']['parse_s'] + naive['stages']['validate_s'])} | "
        f"{_num(naive['stages']['commit_s'])} | {_num(naive['peak_rss_mb'], 0)} |",
        "",
        f"Ratio: **{ingest['ratio_vs_naive']}x** the naive pipeline. Records quarantined: "
        f"{ingest['quarantined']} (the naive run: conforms = {naive['conforms']}).",
        ""]


def _phases(ingest: dict[str, Any]) -> list[str]:
    """Peak RSS of the process tree and CPU seconds per phase of our ingest, when sampled."""
    rss = ingest.get("peak_rss_mb_by_phase")
    if not rss:
        return []
    cpu = ingest.get("cpu_s_by_phase", {})
    return ["| phase of our ingest | peak RSS MB (process tree) | CPU s |", "|---|---:|---:|",
            *(f"| {phase} | {_num(mb, 0)} | {_num(cpu.get(phase), 1)} |"
              for phase, mb in rss.items()),
            "", f"CPU {_num(ingest.get('cpu_s'))} s in all (this process and the validation "
            "worker).", ""]


def _reasoning_and_floor(ingest: dict[str, Any]) -> list[str]:
    if "reasoning" not in ingest:  # a result file from before reasoning was timed in-pipeline
        return [f"OWL RL materialization took {_num(ingest['stages'].get('reasoning_s'))} s "
                f"more for {_num(ingest.get('inferred_triples'))} inferred triples.", ""]
    r, bulk = ingest["reasoning"], ingest["raw_bulk_load"]
    ab = r.get("vs_sparql_rules")
    compared = [] if ab is None else [
        f"Against the SPARQL rules it replaced, alternated on one stored batch "
        f"(`bench.stage_reasoning`): ours {_num(ab['ours']['seconds'], 2)} s "
        f"({_num(ab['ours']['entail_seconds'], 2)} s to entail, the rest loading), the SPARQL "
        f"rules {_num(ab['sparql_rules']['seconds'], 2)} s: **{ab['speedup']}x**, the same "
        f"{_num(ab['inferred'])} triples: {ab['same_triples']}.", ""]
    return [
        f"The pipeline's OWL RL reasoning (in memory, before the commit, timed around it) took "
        f"**{_num(r['seconds'], 2)} s** for {_num(r['inferred'])} inferred triples "
        f"({_num(r['triples_per_s'], 0)} inferred triples/s). Validated ingest with reasoning: "
        f"{_num(ingest['with_reasoning_seconds'], 2)} s "
        f"({_num(ingest['with_reasoning_triples_per_s'], 0)} triples/s), "
        f"**{ingest['ratio_vs_raw_bulk_load']}x** a raw pyoxigraph `bulk_load` of the same file "
        f"({_num(bulk['seconds'], 2)} s, the mean of one run before and one after ours).", "",
        *compared]


def _http(http: dict[str, Any]) -> list[str]:
    out = ["### HTTP on loopback (8 concurrent clients, all servers up, rounds alternated)", "",
           "Each workload goes to every server in alternating rounds (forward order, then "
           "reverse), so load from other processes falls on all of them alike.", "",
           "| workload | IPAS-KG rps | p50 ms | p99 ms | rdflib-endpoint rps | p50 ms | ratio |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for workload, f in http["ours"].items():
        p = http["peer"][workload]
        out.append(f"| {workload} | {_num(f['rps'])} | {_num(f['p50_ms'])} | "
                   f"{_num(f['p99_ms'])} | {_num(p['rps'])} | {_num(p['p50_ms'])} | "
                   f"{f['ratio_vs_peer']}x |")
    peers = http.get("peers", {})
    if peers:
        labels = {"raw": "minimal FastAPI + pyoxigraph (same store files)",
                  "oxigraph": "Oxigraph server, read-only (same store files)",
                  "virtuoso": "Virtuoso 7 `/sparql` (N-Quads dump of the store)"}
        out += ["", "| floor peer | point lookup rps | p50 ms | IPAS-KG / peer (rps) | saved "
                "query rps | p50 ms | IPAS-KG / peer (rps) |",
                "|---|---:|---:|---:|---:|---:|---:|"]
        for name, f in peers.items():
            point, saved = f["point_lookup"], f["sparql_saved_query"]
            out.append(
                f"| {labels.get(name, name)} | {_num(point['rps'])} | {_num(point['p50_ms'])} | "
                f"{http['point_lookup'][f'ratio_vs_{name}']}x | {_num(saved['rps'])} | "
                f"{_num(saved['p50_ms'])} | {http['sparql_saved_query'][f'ratio_vs_{name}']}x |")
    for name, reason in http.get("skipped", {}).items():
        out += ["", f"Peer {name} skipped: {reason}."]
    rss = http.get("server_peak_rss_mb") or {"IPAS-KG": http["ours_server_peak_rss_mb"],
                                             "rdflib-endpoint": http["peer_server_peak_rss_mb"]}
    out += ["", "Server peak RSS MB: " + ", ".join(f"{k} {v}" for k, v in rss.items()) +
            f"; start-up IPAS-KG {http['ours_startup_s']} s, rdflib-endpoint "
            f"{http['peer_startup_s']} s.", ""]
    return out


def _analysis(a: dict[str, Any]) -> list[str]:
    paths, ratios = a["paths_p50_ms"], a["ratios_vs_networkx"]
    return [
        "### Link analysis (igraph projection; peer: networkx on the same edge list)", "",
        f"Projection: {_num(a['nodes'])} nodes, {_num(a['edges'])} edges ({_num(a['pairs'])} "
        f"entity pairs), built in {a['build_s']} s ({a.get('build_vs_scan')}x the "
        f"{a.get('scan_s')} s the engine takes to hand out all {_num(a.get('store_quads'))} "
        f"quads once), {_num(a['projection_rss_mb'])} MB RSS. "
        f"After a {_num(a['increment_triples'])}-triple batch: {a['update_kind']} in "
        f"{a['update_s']} s ({a['incremental_vs_rebuild']}x faster than the "
        f"{a['rebuild_after_increment_s']} s rebuild).", "",
        "| measure | IPAS-KG | algorithm alone | networkx | ratio (networkx / ours) |",
        "|---|---:|---:|---:|---:|",
        f"| shortest path p50 ms | {paths['ours_k1_with_evidence']} (with evidence) | "
        f"{paths['igraph_k1']} | {paths['networkx_k1']} | {ratios['paths_k1_algorithm']} |",
        f"| 3 shortest paths p50 ms | {paths['ours_k3_with_evidence']} (with evidence) | "
        f"{paths['yen_k3']} (ours: Yen over bidirectional BFS; igraph's Yen "
        f"{paths['igraph_yen_k3']}) | {paths['networkx_k3']} | {ratios['paths_k3_algorithm']} |",
        f"| betweenness ({a['betweenness']}) + PageRank + communities s | {a['metrics_s']} | "
        f"{a['metrics_s']} | {a['networkx_metrics_s']} (Louvain) | "
        f"{ratios['centrality_communities']} |",
        f"| convergence s (after centrality) | {a['convergence_s']} | | | |",
        f"| ranking, networks + pathways s | {a['ranking_s']} | | | |", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("results", nargs="?", type=Path,
                        default=PROJECT_ROOT / "bench" / "results" / "latest.json")
    print(render(json.loads(parser.parse_args().results.read_text())))


if __name__ == "__main__":
    main()
