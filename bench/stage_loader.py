"""The user's path: a real sanctions list through ``--format ofac`` beside the same triples as
N-Quads through the same pipeline, at a chosen size.

``prepare`` replicates the shared OFAC SDN files (``../shared/data/ofac-watchman``: sdn,
add, alt and comments) to about ``--triples`` triples: entry ``j`` is source entry
``j mod n`` renamed (its ``ent_num``, address and alias numbers offset, its name suffixed
``R<copy>``), and writes what the loader makes of them as N-Quads, the same triples (and as
Turtle, ``--mode turtle``: a non-line format, streamed by the engine's parser, whose guards
read it a window at a time; its peak RSS is the figure to compare). ``load``
ingests one of the two into a fresh on-disk store (validation and commit, no reasoning, as
the ingest stage) and prints its figures; ``--mode bulk`` is the engine's floor: pyoxigraph
``bulk_load`` of the same N-Quads (no Python per triple, no validation, no catalog). CPU
seconds are reported beside wall time (this process and its children, the validation worker):
on a shared machine they are the steadier figure. Run as ``python -m bench.stage_loader
prepare --ofac DIR --triples N --out DIR`` then ``... load --mode ofac|nquads|bulk --data DIR
--store D --home H``; each prints one JSON line. ``user --ofac DIR --icij DIR --work DIR``
measures the two target lists of issue #14 through ``ipas load`` itself (:mod:`bench.userload`).
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from bench.proc import emit
from bench.userload import user_lists
from ipas.ingest import Ingestor, ensure_ontology
from ipas.settings import Settings
from ipas.sources import LoadOptions, Record, get_loader
from ipas.store import open_store

FILES = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")
#: Rough triples per SDN entry (the 2019 list: ~253k distinct triples, 7,379 entries).
TRIPLES_PER_ENTRY = 34
OFFSET = 10_000_000  # ent_num of copy c is ent_num + c * OFFSET


def _rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8", "replace").replace("\x1a", "")
    return [row for row in csv.reader(io.StringIO(text, newline="")) if len(row) > 1]


def replicate_ofac(ofac: Path, wanted: int, out: Path) -> None:
    """``wanted`` SDN entries in ``out``: entry ``j`` is source entry ``j mod n``, renamed."""
    out.mkdir(parents=True, exist_ok=True)
    tables = {name: _rows(ofac / name) for name in FILES}
    entries = tables["sdn.csv"]
    by_entry: dict[str, dict[str, list[list[str]]]] = {}
    for name in FILES[1:]:
        for row in tables[name]:
            by_entry.setdefault(row[0], {}).setdefault(name, []).append(row)
    writers = {name: (out / name).open("w", newline="", encoding="utf-8") for name in FILES}
    try:
        csvs = {name: csv.writer(handle) for name, handle in writers.items()}
        for j in range(wanted):
            copy, index = divmod(j, len(entries))
            source = entries[index]
            shift = copy * OFFSET

            def moved(value: str, shift: int = shift) -> str:
                return str(int(value) + shift) if value.strip().isdigit() else value

            name = source[1] if copy == 0 else f"{source[1]} R{copy}"
            csvs["sdn.csv"].writerow([moved(source[0]), name, *source[2:]])
            for other, rows in by_entry.get(source[0], {}).items():
                for r in rows:
                    numbered = other in ("add.csv", "alt.csv")
                    csvs[other].writerow([moved(r[0]), *(
                        [moved(r[1]), *r[2:]] if numbered else r[1:])])
    finally:
        for handle in writers.values():
            handle.close()


def prepare(ofac: Path, triples: int, out: Path) -> dict[str, object]:
    wanted = max(1, triples // TRIPLES_PER_ENTRY)
    replicate_ofac(ofac, wanted, out)
    written = 0
    with (out / "same.nq").open("wb") as sink:
        for item in get_loader("ofac").records([out / n for n in FILES], LoadOptions()):
            if isinstance(item, Record):
                quads = [ox.Quad(t.subject, t.predicate, t.object) for t in item.graph.ox()]
                ox.serialize(quads, sink, ox.RdfFormat.N_QUADS)
                written += len(quads)
    ox.serialize((ox.Triple(q.subject, q.predicate, q.object)
                  for q in ox.parse(path=str(out / "same.nq"), format=ox.RdfFormat.N_QUADS)),
                 str(out / "same.ttl"), ox.RdfFormat.TURTLE)
    return {"entries": wanted, "loader_triples": written}


def cpu_seconds() -> float:
    """User + system CPU of this process and its waited-for children so far."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def bulk(data: Path, store_dir: Path) -> dict[str, object]:
    shutil.rmtree(store_dir, ignore_errors=True)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    start, cpu = time.perf_counter(), cpu_seconds()
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(data / "same.nq"), format=ox.RdfFormat.N_QUADS,
                    to_graph=ox.NamedNode("urn:x-bench:bulk"))
    store.flush()
    seconds = time.perf_counter() - start
    triples = len(store)
    del store
    shutil.rmtree(store_dir, ignore_errors=True)
    return {"mode": "bulk", "seconds": round(seconds, 2), "triples": triples,
            "cpu_seconds": round(cpu_seconds() - cpu, 2),
            "triples_per_s": round(triples / seconds, 1)}


def load(mode: str, data: Path, store_dir: Path, home: Path) -> dict[str, object]:
    if mode == "bulk":
        return bulk(data, store_dir)
    settings = Settings(store=str(store_dir), home=home)
    store = open_store(settings)
    ensure_ontology(store, settings)
    ingestor = Ingestor(store, settings, reason=False)
    ingestor.validator.compiled  # noqa: B018 - read and compile the shapes before the clock
    paths, fmt = ([data / n for n in FILES], "ofac") if mode == "ofac" else (
        [data / ("same.ttl" if mode == "turtle" else "same.nq")], "rdf")
    start, cpu = time.perf_counter(), cpu_seconds()
    result = ingestor.ingest(paths, fmt=fmt, options=LoadOptions(source_name=f"bench-{mode}"))
    seconds = time.perf_counter() - start
    store.close()
    return {"mode": mode, "seconds": round(seconds, 2), "triples": result.triples,
            "cpu_seconds": round(cpu_seconds() - cpu, 2),
            # The validation worker (a child process): its own peak, beside this process's.
            "worker_peak_rss_mb": round(
                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
            "records": result.records, "quarantined": len(result.quarantined),
            "triples_per_s": round(result.triples / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("step", choices=["prepare", "load", "user"])
    parser.add_argument("--ofac", type=Path)
    parser.add_argument("--icij", type=Path)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--triples", type=int, default=20_000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--mode", choices=["ofac", "nquads", "turtle", "bulk"])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()
    if args.step == "prepare":
        emit(prepare(args.ofac, args.triples, args.out))
    elif args.step == "user":
        emit(user_lists(args.ofac, args.icij, args.work))
    else:
        emit(load(args.mode, args.data, args.store, args.home))


if __name__ == "__main__":
    main()
