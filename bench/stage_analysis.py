"""Link analysis at scale: projection build time and memory, the incremental update after a
10k-triple batch, paths p50, convergence and ranking time, each against networkx running the
same algorithms on the same projection (its edge list, handed over before the clock starts).

Run as ``python -m bench.stage_analysis --store D --home H``; prints one JSON line. The
10k-triple batch is ingested through the real pipeline and retracted at the end.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

# networkx's default PageRank needs scipy, which the project does not install; its own
# pure-Python implementation is the same algorithm
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from bench.generate import Replicator, load_template
from bench.proc import emit
from ipas.analysis.convergence import convergence
from ipas.analysis.metrics import EXACT_BETWEENNESS, SAMPLE_SOURCES, metrics
from ipas.analysis.paths import find_paths
from ipas.analysis.ranking import rank_networks, rank_pathways
from ipas.analysis.service import Analysis
from ipas.analysis.spec import weights
from ipas.analysis.yen import k_shortest
from ipas.ingest import Ingestor
from ipas.settings import Settings
from ipas.sources import LoadOptions
from ipas.store import open_store
from ipas.store.base import Scope

PAIRS = 30


def rss_mb() -> float:
    """This process's resident set size now, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def p50_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def increment(path: Path, triples: int) -> int:
    """About ``triples`` new triples: fresh replicas of the demo that share its hubs."""
    settings = Settings()
    replicator = Replicator(load_template(settings), seed=11, base=settings.base_iri)
    written, replica = 0, 1_000_000  # replica numbers far above the generated data's
    with path.open("w", encoding="utf-8") as handle:
        while written < triples:
            for s, p, o in replicator.replica(replica, 1):
                handle.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
                written += 1
            replica += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--increment", type=int, default=10_000)
    args = parser.parse_args()
    settings = Settings(store=str(args.store), home=args.home)
    store = open_store(settings)
    scope = Scope.everything()
    # the floor: reading every quad of the store once, as the engine hands them out
    scan_s, quads = timed(lambda: sum(1 for _ in store.engine.quads_for_pattern(
        None, None, None, None)))  # type: ignore[attr-defined]
    before = rss_mb()
    build_s, projection = timed(lambda: Analysis(store, settings).projection(scope))
    memory = rss_mb() - before
    order = projection.order
    edges = projection.graph.get_edgelist()
    peer = nx.Graph()
    peer.add_nodes_from(range(len(order)))
    peer.add_edges_from(edges)

    # paths between random connected pairs (the same pairs for both)
    giant = max(projection.graph.connected_components(), key=len)
    rng = random.Random(5)
    pairs = [tuple(rng.sample(giant, 2)) for _ in range(PAIRS)]
    ours, ours_k3, raw_1, raw, igraph_3, peer_1, peer_3 = [], [], [], [], [], [], []
    adjacency = projection.graph.get_adjlist()
    for a, b in pairs:
        ours.append(timed(lambda a=a, b=b: find_paths(
            projection, order[a], order[b], base_iri=settings.base_iri))[0])
        ours_k3.append(timed(lambda a=a, b=b: find_paths(
            projection, order[a], order[b], base_iri=settings.base_iri, k=3))[0])
        raw_1.append(timed(lambda a=a, b=b: projection.graph.get_shortest_path(
            a, b, mode="all", output="epath"))[0])
        raw.append(timed(lambda a=a, b=b: k_shortest(adjacency, a, b, 3))[0])
        igraph_3.append(timed(lambda a=a, b=b: projection.graph.get_k_shortest_paths(
            a, b, k=3, mode="all", output="epath"))[0])
        peer_1.append(timed(lambda a=a, b=b: nx.shortest_path(peer, a, b))[0])
        peer_3.append(timed(lambda a=a, b=b: list(
            zip(range(3), nx.shortest_simple_paths(peer, a, b), strict=False)))[0])

    # centrality + communities (cold), then convergence and rankings on top
    metrics_s, _ = timed(lambda: metrics(projection))
    conv_s, found = timed(lambda: convergence(projection, weights()))
    rank_s, _ = timed(lambda: (rank_networks(projection, weights()),
                              rank_pathways(projection, weights())))
    n = peer.number_of_nodes()
    sample = None if n <= EXACT_BETWEENNESS else SAMPLE_SOURCES
    peer_metrics_s, _ = timed(lambda: (
        nx.betweenness_centrality(peer, k=sample, seed=17), _pagerank_python(peer),
        nx.community.louvain_communities(peer, seed=42)))

    # a 10k-triple batch through the real pipeline, then the same scope again
    data = args.home / "increment.nt"
    args.home.mkdir(parents=True, exist_ok=True)
    added = increment(data, args.increment)
    analysis = Analysis(store, settings)
    analysis.projection(scope)
    result = Ingestor(store, settings).ingest([data], options=LoadOptions(
        source_name="bench increment", marking="TLP:GREEN", agency="HSI"))
    update_s, updated = timed(lambda: analysis.projection(scope))
    how = analysis.last_build
    rebuild_s, _ = timed(lambda: Analysis(store, settings).projection(scope))
    Ingestor(store, settings).retract(result.batch.id)
    store.close()
    emit({
        "nodes": len(order), "edges": len(projection.edges), "pairs": len(edges),
        "build_s": round(build_s, 2), "projection_rss_mb": round(memory, 1),
        "store_quads": quads, "scan_s": round(scan_s, 2),
        "build_vs_scan": round(build_s / max(scan_s, 1e-6), 2),
        "increment_triples": added, "update_s": round(update_s, 3), "update_kind": how,
        "rebuild_after_increment_s": round(rebuild_s, 2),
        "nodes_after_increment": len(updated.nodes),
        "paths_p50_ms": {"ours_k1_with_evidence": p50_ms(ours),
                         "ours_k3_with_evidence": p50_ms(ours_k3), "igraph_k1": p50_ms(raw_1),
                         "yen_k3": p50_ms(raw), "igraph_yen_k3": p50_ms(igraph_3),
                         "networkx_k1": p50_ms(peer_1),
                         "networkx_k3": p50_ms(peer_3)},
        "metrics_s": round(metrics_s, 3), "networkx_metrics_s": round(peer_metrics_s, 3),
        "betweenness": "exact" if sample is None else f"{sample} sampled sources",
        "convergence_s": round(conv_s, 3), "facilitators": found["count"],
        "ranking_s": round(rank_s, 3),
        "ratios_vs_networkx": {
            "paths_k1": round(p50_ms(peer_1) / max(p50_ms(ours), 1e-3), 2),
            "paths_k3": round(p50_ms(peer_3) / max(p50_ms(ours_k3), 1e-3), 2),
            "paths_k1_algorithm": round(p50_ms(peer_1) / max(p50_ms(raw_1), 1e-3), 2),
            "paths_k3_algorithm": round(p50_ms(peer_3) / max(p50_ms(raw), 1e-3), 2),
            "centrality_communities": round(peer_metrics_s / max(metrics_s, 1e-6), 2),
        },
        "incremental_vs_rebuild": round(rebuild_s / max(update_s, 1e-6), 2),
    })


if __name__ == "__main__":
    main()
