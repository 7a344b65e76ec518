"""Fixtures for the demo tests: the demo's own modules, its files in load order, the ontology
and shapes as the validator sees them."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rdflib import Graph

from ipas.ontology import load_ontology, load_shapes

PROJECT = Path(__file__).resolve().parents[2]
DEMO = PROJECT / "demo"


def demo_module(name: str) -> ModuleType:
    """A module of demo/ (a folder of scripts, not a package)."""
    if str(DEMO) not in sys.path:
        sys.path.insert(0, str(DEMO))
    return importlib.import_module(name)


@pytest.fixture(scope="session")
def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DEMO / "manifest.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def demo_graphs(manifest: dict[str, Any]) -> list[tuple[str, Graph]]:
    """Each demo file parsed, in manifest (load) order."""
    return [(e["path"], Graph().parse(DEMO / e["path"], format="turtle"))
            for e in manifest["files"]]


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return load_ontology()


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes()
