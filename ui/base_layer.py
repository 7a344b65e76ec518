"""Writes the web UI's CBP ports layer (api/static/data/cbp-ports.geojson) from the reference
data's port list (loaders/reference/ports-of-entry.csv), so the map's ports and the store's
port nodes come from one file. Run by `make base-layer`; a test checks the two agree."""

from __future__ import annotations

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTS = ROOT / "loaders" / "reference" / "ports-of-entry.csv"
OUT = ROOT / "api" / "static" / "data" / "cbp-ports.geojson"


def ports_geojson(source: Path = PORTS) -> str:
    """The ports that have coordinates, as a GeoJSON FeatureCollection (stable text)."""
    features = []
    with source.open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            if not row.get("lon") or not row.get("lat"):
                continue
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point",
                             "coordinates": [float(row["lon"]), float(row["lat"])]},
                "properties": {"code": row["code"], "name": row["name"], "state": row["state"],
                               "kind": row["kind"]},
            })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      indent=1) + "\n"


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(ports_geojson(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
