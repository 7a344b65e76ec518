"""Reading the ontology and the shapes from their directories (``ontology/``, ``shapes/``).

One small place: when ``ipas.ontology`` offers its own loaders these two functions defer to
them. Only our own files are read, never ``owl:imports`` targets.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from ipas.errors import BadInput


def _turtle_files(root: Path, recursive: bool) -> list[Path]:
    if not root.is_dir():
        return []
    pattern = "**/*.ttl" if recursive else "*.ttl"
    return sorted(root.glob(pattern))


def parse_files(paths: Iterable[Path]) -> Graph:
    """One rdflib graph from Turtle files; a syntax error names the file.

    >>> len(parse_files([]))
    0
    """
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as err:  # noqa: BLE001 - rdflib raises many parser error types
            raise BadInput(f"cannot parse: {err}", source=path.name) from None
    return graph


def ontology_files(ontology_dir: Path) -> list[Path]:
    """The core modules and the extension modules, in a stable order."""
    return _turtle_files(ontology_dir, False) + _turtle_files(ontology_dir / "extensions", False)


def load_ontology(ontology_dir: Path) -> Graph:
    """The whole ontology (core + extensions) as one graph."""
    return parse_files(ontology_files(ontology_dir))


def load_shapes(shapes_dir: Path) -> Graph:
    """Every shapes file under ``shapes_dir`` (extensions included) as one graph."""
    return parse_files(_turtle_files(shapes_dir, True))
