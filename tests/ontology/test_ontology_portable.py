"""The modules are portable Turtle: the store's own parser (Oxigraph) reads every one of them."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from ipas.ontology import load_ontology, load_shapes, module_files
from ipas.ontology.files import ONTOLOGY_DIR, SHAPES_DIR

FILES = module_files(ONTOLOGY_DIR) + module_files(SHAPES_DIR)


def test_all_modules_collected() -> None:
    # 8 core ontology modules + 6 core shapes modules + at least the weapons extension of each.
    assert len(FILES) >= 8 + 6 + 2


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_oxigraph_reads_module(path: Path) -> None:
    quads = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))
    assert quads


def test_oxigraph_and_rdflib_agree_on_size() -> None:
    total = 0
    for path in FILES:
        total += len(set(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)))
    # Blank nodes are fresh per file in both parsers, so the counts match exactly.
    assert total == len(load_ontology()) + len(load_shapes())
