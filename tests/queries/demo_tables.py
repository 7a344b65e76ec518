"""The demo in a store, and comparing saved-query rows with the README's tables."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from ipas.graphs import GraphNames
from ipas.settings import PROJECT_ROOT
from ipas.store.base import Store

DEMO = PROJECT_ROOT / "demo"
NAMES = GraphNames("https://w3id.org/ipas/id/")


def load_demo(store: Store) -> dict[str, str]:
    """The ontology in its graph and each demo file in its own batch graph (no validation:
    tests/demo proves the files conform). Returns file stem -> graph."""
    ontology = PROJECT_ROOT / "ontology"
    for path in sorted(ontology.glob("*.ttl")) + sorted((ontology / "extensions").glob("*.ttl")):
        store.load(path.read_bytes(), "text/turtle", graph=NAMES.ontology)
    graphs: dict[str, str] = {}
    manifest = json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        path = DEMO / entry["path"]
        graphs[path.stem] = NAMES.batch(f"demo-{path.stem}")
        store.load(path.read_bytes(), "text/turtle", graph=graphs[path.stem])
    return graphs


def pick(rows: list[dict[str, str]], *columns: str) -> set[tuple[str, ...]]:
    return {tuple(row.get(c, "") for c in columns) for row in rows}


def number(text: str) -> str:
    """A numeric cell in one canonical form (``412500.00`` and ``412500`` compare equal)."""
    try:
        return format(Decimal(text).normalize(), "f")
    except InvalidOperation:
        return text


def numeric(rows: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    return {tuple(number(c) for c in row) for row in rows}

