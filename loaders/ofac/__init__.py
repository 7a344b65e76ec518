"""``ofac``: OFAC's legacy CSV lists (SDN and consolidated non-SDN), joined on ``ent_num``.

Give ``sdn.csv`` alone, the whole set (a folder, or several paths) or the consolidated
``cons_*.csv`` files. Every entry becomes one record (the actor or conveyance with its names,
identifiers, addresses, designations and associations); every row that cannot be read, or
that names an entry missing from its list, is rejected with its file and line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from ipas.sources import Loader, LoadOptions, Record, Rejected, SourcePosition
from loaders.ofac.csl import read_csl
from loaders.ofac.files import stream_lists
from loaders.ofac.mapping import map_entry, name_index


def expand(paths: Sequence[Path]) -> list[Path]:
    """Folders become their CSV files (sorted); files stay as given."""
    out: list[Path] = []
    for path in paths:
        out.extend(sorted(p for p in path.glob("*.csv")) if path.is_dir() else [path])
    return out


class OfacLoader(Loader):
    """OFAC SDN / consolidated legacy CSV (and the trade.gov consolidated screening list)."""

    name = "ofac"
    summary = "OFAC legacy CSV: sdn.csv (+ add/alt/sdn_comments), cons_*.csv, csl.csv"
    extensions: ClassVar[tuple[str, ...]] = ()

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        # Rejections go on as the files are read (a list that mostly fails holds none).
        lists, others = yield from stream_lists(expand(paths), options.encoding)
        names = name_index(lists)
        for ls in lists.values():
            for entry in [*ls.entries.values(), *ls.orphans.values()]:
                mapped = map_entry(entry, names, options)
                yield Record(entry.position, mapped.graph, frozenset(mapped.subjects))
        for path in others:
            if path.name.lower().startswith("csl"):
                yield from read_csl(path, options.encoding)
            else:
                yield Rejected(SourcePosition(path.name), "not an OFAC legacy or CSL file")
