"""Regenerate ``countries.csv`` and ``currencies.csv`` from pycountry (Debian's iso-codes).

Run by a maintainer when ISO publishes changes (``pip install pycountry`` first):
``python -m loaders.reference.generate``. The CSVs are committed; loading never needs pycountry.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).parent


def main() -> None:  # pragma: no cover - a maintainer's tool, needs pycountry
    import pycountry

    with (HERE / "countries.csv").open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["alpha_2", "alpha_3", "name"])
        for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
            w.writerow([c.alpha_2, c.alpha_3, c.name])
    with (HERE / "currencies.csv").open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["code", "name"])
        for cur in sorted(pycountry.currencies, key=lambda c: c.alpha_3):
            w.writerow([cur.alpha_3, cur.name])


if __name__ == "__main__":
    main()
