"""Entity resolution against a peer (nomenklatura), on the same labelled records in one run.

``python -m bench.stage_resolution --shared ../shared [--limit N] [--skip-peer]`` builds the
labelled set (:mod:`bench.resolution_data`), keeps the held-out half for the quality figures,
and measures:

* ours: blocking, features and the calibrated model (``ipas.resolution``), then auto-accept
  and resolution from those decisions, exactly as ``ipas resolve run`` does;
* nomenklatura: its DuckDB blocking index and its ``er-unstable`` dedupe matcher (the xref
  default) on the same records as FollowTheMoney entities; its groups are the transitive
  closure of pairs above its best threshold, as an auto-merging xref would make them.

Time is measured over the whole set (both halves), as wall and CPU seconds (CPU time says
more on a shared machine; the peer's DuckDB threads count in its CPU time), quality over the
held-out half. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.proc import PROJECT_ROOT, emit
from bench.resolution_data import Labelled, build, half_of
from bench.resolution_metrics import THRESHOLDS, cluster_figures, curve
from ipas.resolution.clusters import auto_accept, resolve
from ipas.resolution.model import load_model
from ipas.resolution.records import Record
from ipas.resolution.scoring import score_records


def ours(data: Labelled) -> dict[str, Any]:
    model = load_model()
    start, cpu = time.perf_counter(), time.process_time()
    scored = score_records(data.records, model)
    accepted = auto_accept(data.records, scored, model.auto_accept)
    iris = [r.iri for r in data.records]
    resolution = resolve([(iris[p.left], iris[p.right]) for p in accepted], [], base="urn:b/")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    index = {iri: n for n, iri in enumerate(iris)}
    groups = [[index[m] for m in members] for members in resolution.groups.values()]
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "records": len(data.records),
            "scores": [(p.left, p.right, p.score) for p in scored], "groups": groups,
            "auto_accept": model.auto_accept, "accepted": len(accepted), "scored": scored}


def _group_curve(make_groups: Any, truth: Sequence[str | None],
                 new: dict[int, int]) -> dict[str, Any]:
    """Pairwise figures of the groups a method makes at each threshold (held-out records)."""
    rows = []
    for t in THRESHOLDS:
        groups = [[new[m] for m in g if m in new] for g in make_groups(t)]
        rows.append({"threshold": t, **cluster_figures([g for g in groups if len(g) > 1], truth)})
    best = max(rows, key=lambda r: r["f1"])
    at95 = max((r["recall"] for r in rows if r["precision"] >= 0.95), default=0.0)
    return {"best_f1": best["f1"], "best_threshold": best["threshold"], "recall_at_p95": at95,
            "largest_cluster_at_best": best["largest_cluster"], "curve": rows}


def _entity(record: Record, dataset: Any) -> Any:
    from followthemoney import StatementEntity

    schema = {"person": "Person", "organization": "Organization", "vessel": "Vessel",
              "aircraft": "Airplane", "address": "Address"}[record.kind]
    entity = StatementEntity(dataset, {"schema": schema, "id": record.iri.replace("/", "-")})
    if schema == "Address":
        entity.add("full", record.names)
    else:
        entity.add("name", record.names)
    if schema == "Person":
        entity.add("birthDate", sorted(record.dobs), quiet=True)
        entity.add("nationality", sorted(record.nationalities), quiet=True, fuzzy=True)
    entity.add("country", sorted(record.countries), quiet=True, fuzzy=True)
    if schema in ("Person", "Organization"):
        entity.add("idNumber", sorted(v for _, v in record.identifiers), quiet=True)
    return entity


def peer(data: Labelled, max_pairs: int) -> dict[str, Any]:
    from followthemoney import Dataset
    from nomenklatura.blocker import Index
    from nomenklatura.matching import DedupeAlgorithm, ScoringConfig
    from nomenklatura.resolver import Linker
    from nomenklatura.store import MemoryStore

    dataset = Dataset.make({"name": "bench", "title": "bench"})
    start, cpu = time.perf_counter(), time.process_time()
    store: Any = MemoryStore(dataset, Linker({}))
    entities = {}
    with store.writer() as writer:
        for n, record in enumerate(data.records):
            entity = _entity(record, dataset)
            entities[entity.id] = n
            writer.add_entity(entity)
    view = store.view(dataset)
    config = ScoringConfig.defaults()
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        index = Index(view, Path(tmp))
        index.build()
        for (left, right), _ in index.pairs(max_pairs=max_pairs):
            a, b = view.get_entity(left.id), view.get_entity(right.id)
            if a is None or b is None or not a.schema.can_match(b.schema):
                continue
            result = DedupeAlgorithm.compare(a, b, config)
            scores.append((entities[left.id], entities[right.id], float(result.score)))
        index.close()
    return {"seconds": round(time.perf_counter() - start, 2),
            "cpu_seconds": round(time.process_time() - cpu, 2), "scores": scores,
            "algorithm": DedupeAlgorithm.NAME}


def _closure(scores: Sequence[tuple[int, int, float]], threshold: float) -> list[list[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, s in scores:
        if s >= threshold:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for x in parent:
        groups.setdefault(find(x), []).append(x)
    return [g for g in groups.values() if len(g) > 1]


def _quality(scores: Sequence[tuple[int, int, float]], data: Labelled,
             keep: set[int]) -> dict[str, Any]:
    """Figures on the held-out records only: pairs with both ends in ``keep``, renumbered."""
    order = sorted(keep)
    new = {old: n for n, old in enumerate(order)}
    truth = [data.truth[i] for i in order]
    kept = [(new[i], new[j], s) for i, j, s in scores if i in new and j in new]
    return {"truth": truth, "scores": kept, "new": new, **curve(kept, truth)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=PROJECT_ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=None, help="OFAC entries to use")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--peer-pairs", type=int, default=150_000,
                        help="pairs the peer's blocker hands its matcher (its best-ranked)")
    args = parser.parse_args()
    data = build(args.shared, limit=args.limit)
    keep = {i for i in range(len(data.records)) if half_of(data.truth[i] or data.records[i].iri)}
    result: dict[str, Any] = {"records": len(data.records), "held_out_records": len(keep)}

    mine = ours(data)
    q = _quality(mine["scores"], data, keep)
    groups = [[q["new"][m] for m in g if m in q["new"]] for g in mine["groups"]]
    result["ours"] = {"seconds": mine["seconds"], "cpu_seconds": mine["cpu_seconds"],
                      "candidate_pairs_all": len(mine["scores"]),
                      "auto_accept": mine["auto_accept"],
                      "accepted": mine["accepted"],
                      **{k: v for k, v in q.items() if k not in ("truth", "scores", "new")},
                      "clusters": cluster_figures([g for g in groups if len(g) > 1], q["truth"])}
    iris = [r.iri for r in data.records]
    index = {iri: n for n, iri in enumerate(iris)}

    def our_groups(t: float) -> list[list[int]]:
        accepted = auto_accept(data.records, mine["scored"], t)
        made = resolve([(iris[p.left], iris[p.right]) for p in accepted], [], base="urn:b/")
        return [[index[m] for m in g] for g in made.groups.values()]

    result["ours"]["resolved"] = _group_curve(our_groups, q["truth"], q["new"])
    if not args.skip_peer:
        theirs = peer(data, max_pairs=args.peer_pairs)
        p = _quality(theirs["scores"], data, keep)
        closure = _closure(p["scores"], p["best_threshold"])
        result["peer"] = {"name": f"nomenklatura {theirs['algorithm']}",
                          "seconds": theirs["seconds"], "cpu_seconds": theirs["cpu_seconds"],
                          "candidate_pairs_all": len(theirs["scores"]),
                          **{k: v for k, v in p.items() if k not in ("truth", "scores", "new")},
                          "clusters": cluster_figures(closure, p["truth"])}
        result["peer"]["resolved"] = _group_curve(
            lambda t: _closure(theirs["scores"], t), p["truth"], p["new"])
        result["time_ratio_peer_over_ours"] = round(theirs["seconds"] / mine["seconds"], 2)
    emit(result)


if __name__ == "__main__":
    main()
