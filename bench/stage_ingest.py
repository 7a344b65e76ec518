"""Our validated ingest, end to end: ``Ingestor.ingest`` of one N-Triples file into a fresh
on-disk store (parse, SHACL validation with the store's context, quarantine, atomic commit).

Run as ``python -m bench.stage_ingest --data F --store D --home H``; prints one JSON line.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.proc import emit
from ipas.ingest import Ingestor, ensure_ontology
from ipas.settings import Settings
from ipas.store import open_store
from loaders.base import LoadOptions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--home", type=Path, required=True)
    args = parser.parse_args()
    settings = Settings(store=str(args.store), home=args.home)
    store = open_store(settings)
    ensure_ontology(store, settings)
    ingestor = Ingestor(store, settings)
    ingestor.validator  # noqa: B018 - read shapes and ontology before the clock starts

    start = time.perf_counter()
    result = ingestor.ingest([args.data], options=LoadOptions(
        source_name="bench", marking="TLP:GREEN", agency="HSI"))
    total = time.perf_counter() - start
    store.close()
    emit({
        "mode": "ours",
        "triples": result.triples,
        "records": result.records,
        "quarantined": len(result.quarantined),
        "seconds": round(total, 2),
        "triples_per_s": round(result.triples / total, 1),
        "stages": {k: round(v, 2) for k, v in getattr(result, "timings", {}).items()},
    })


if __name__ == "__main__":
    main()
