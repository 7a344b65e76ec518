"""Our validated ingest, end to end: ``Ingestor.ingest`` of one N-Triples file into a fresh
on-disk store (parse, SHACL validation with the store's context, quarantine, atomic commit,
and the OWL RL reasoning the pipeline does after the commit, timed around it).

The process tree's RSS (this process and its validation worker) is sampled twice a second and its
peak reported per phase (``peak_rss_mb_by_phase``: parse + validate, reasoning, commit, derived
facts, catalog counts), so a scale that outgrows memory shows where.

Run as ``python -m bench.stage_ingest --data F --store D --home H [--timeline FILE]``; prints
one JSON line.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.proc import RssSampler, children_peak_rss_mb, emit, peak_rss_mb
from ipas.ingest import Ingestor, ensure_ontology
from ipas.settings import Settings
from ipas.sources import LoadOptions
from ipas.store import open_store
from ipas.store.base import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--timeline", type=Path, help="append RSS samples (s, MiB, phase)")
    args = parser.parse_args()
    settings = Settings(store=str(args.store), home=args.home)
    store = open_store(settings)
    ensure_ontology(store, settings)
    # The pipeline as users run it (reasoning on); its reasoning step is timed on its own, as
    # the naive peer does not reason at all.
    ingestor = Ingestor(store, settings)
    ingestor.validator.compiled  # noqa: B018 - read and compile the shapes before the clock
    with RssSampler(0.5, args.timeline) as sampler:
        stages = _timed(ingestor, store, sampler)
        sampler.phase = "other"
        start = time.perf_counter()
        result = ingestor.ingest([args.data], options=LoadOptions(
            source_name="bench", marking="TLP:GREEN", agency="HSI"))
        total = time.perf_counter() - start
        sampler.phase = "close"
        store.close()
    reasoning_s = stages.get("reasoning_s", 0.0)
    worker = children_peak_rss_mb()
    validated = total - reasoning_s  # what the naive peer (no reasoning) is compared with
    emit({
        "mode": "ours",
        "triples": result.triples,
        "records": result.records,
        "quarantined": len(result.quarantined),
        "seconds": round(validated, 2),
        "triples_per_s": round(result.triples / validated, 1),
        "stages": {k: round(v, 2) for k, v in stages.items()},
        "inferred_triples": result.inferred,
        "with_reasoning_seconds": round(total, 2),
        "with_reasoning_triples_per_s": round(result.triples / total, 1),
        "reasoning": {"seconds": round(reasoning_s, 2), "inferred": result.inferred,
                      "triples_per_s": round(result.inferred / reasoning_s, 1)
                      if reasoning_s else None},
        # The whole tree (this process and the worker, sampled twice a second; at least
        # either's exact peak, which a spike between samples may hide from the sampler).
        "tree_peak_rss_mb": round(max(sampler.peak_mb, peak_rss_mb(), worker), 1),
        "peak_rss_mb_by_phase": sampler.by_phase,
        "cpu_s_by_phase": sampler.cpu_by_phase,
        "cpu_s": round(_cpu_s(), 2),
        "worker_peak_rss_mb": round(worker, 1),
        "warnings": len(result.warnings),
    })


def _cpu_s() -> float:
    """CPU seconds (user + system) of this process and its ended children (the worker)."""
    own, children = (resource.getrusage(who)
                     for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(ingestor: Ingestor, store: Store, sampler: RssSampler) -> dict[str, float]:
    """Wrap the pipeline's steps with timers that also name the sampler's phase (benchmark
    instrumentation only)."""
    stages: dict[str, float] = {}

    def timer(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            mark, outer = time.perf_counter(), sampler.phase
            sampler.phase = name.removesuffix("_s")
            try:
                return fn(*args, **kwargs)
            finally:
                sampler.phase = outer
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - mark
        return wrapped

    ingestor._stage = timer("parse_validate_stage_s", ingestor._stage)  # type: ignore[method-assign]
    store.load = timer("commit_s", store.load)  # type: ignore[method-assign]
    # Reasoning: the entailments computed into the stage before the commit (their load is in
    # commit_s) and any re-derivation after it.
    ingestor._infer = timer("reasoning_s", ingestor._infer)  # type: ignore[method-assign]
    ingestor._materialize = timer(  # type: ignore[method-assign]
        "reasoning_s", ingestor._materialize)
    # After the commit: derived facts recomputed over the store, then the catalog's counts.
    ingestor._derive = timer("derived_s", ingestor._derive)  # type: ignore[method-assign]
    ingestor._record_counts = timer(  # type: ignore[method-assign]
        "catalog_counts_s", ingestor._record_counts)
    return stages


if __name__ == "__main__":
    main()
