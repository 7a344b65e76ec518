"""Peak memory of reading a large FollowTheMoney JSON-lines file through the ``ftm`` loader.

Generates ``PATH`` (``N`` Person entities, each with a long note) unless it exists, then reads
it through the loader as ``ipas load`` does (``FtmLoader.read``: parse, FtM proxy, mapping to
triples) and throws the records away, so the peak RSS is the reader's own. Run it under
``/usr/bin/time -v`` once per tree (before/after a change) on the same file::

    /usr/bin/time -v .venv/bin/python -m bench.source_rss /tmp/big.ftm.json 40000

Prints the records read and the file's size; ``Maximum resident set size`` is time's figure.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def generate(path: Path, n: int) -> None:
    """``n`` Person entities, one JSON object a line, ~2.4 kB each."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({
                "id": f"bench-p-{i}", "schema": "Person",
                "properties": {"name": [f"Pérez Número {i}"], "nationality": ["mx"],
                               "notes": [f"note {i} " + "lorem ipsum " * 200]},
            }, ensure_ascii=False) + "\n")


def main(argv: list[str]) -> None:
    from ipas.sources import LoadOptions, Record
    from loaders.ftm import FtmLoader

    path = Path(argv[0])
    if not path.exists():
        generate(path, int(argv[1]) if len(argv) > 1 else 40_000)
    records = sum(isinstance(r, Record) for r in FtmLoader().read([path], LoadOptions()))
    print(f"{records} records from {path.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
