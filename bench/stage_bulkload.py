"""The engine's floor for a load: pyoxigraph ``Store.bulk_load`` of the same N-Triples file
into a fresh on-disk store (no parsing in Python, no validation, no reasoning, no catalog).

Run as ``python -m bench.stage_bulkload --data F --store D``; prints one JSON line.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from bench.proc import emit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    shutil.rmtree(args.store, ignore_errors=True)
    start = time.perf_counter()
    store = ox.Store(str(args.store))
    # Into a named graph, as our batches are; flush so the figure includes reaching the disk.
    store.bulk_load(path=str(args.data), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode("urn:x-bench:bulk"))
    store.flush()
    seconds = time.perf_counter() - start
    triples = len(store)
    del store
    shutil.rmtree(args.store, ignore_errors=True)
    emit({"mode": "pyoxigraph bulk_load", "triples": triples, "seconds": round(seconds, 3),
          "triples_per_s": round(triples / seconds, 1)})


if __name__ == "__main__":
    main()
