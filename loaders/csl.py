"""``csl``: the trade.gov Consolidated Screening List (``csl.csv``, or its TSV export).

Eleven U.S. export-screening lists in one file (Commerce's Entity List, Treasury's SDN and
SSI lists, State's ITAR debarred...). Every row is a party with its own listing: the list it
comes from, its Federal Register notice, dates, licence terms and the list's URLs
(:mod:`loaders.ofac.csl`, shared with ``--format ofac`` which accepts ``csl*.csv`` too).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from ipas.sources import Loader, LoadOptions, Record, Rejected
from loaders.ofac.csl import read_csl


class CslLoader(Loader):
    """The Consolidated Screening List, one record per row."""

    name = "csl"
    summary = "trade.gov Consolidated Screening List CSV: parties with their list, notice, URL"
    extensions: ClassVar[tuple[str, ...]] = ()

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        for path in paths:
            files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
            for file in files:
                yield from read_csl(file, options.encoding)
