"""The ontology and shapes the validator reads: ``ipas.ontology``'s module loading, tolerant
of a missing folder (a deployment or test without shapes simply validates nothing).

Only our own files are read, never ``owl:imports`` targets.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ipas.ontology.files import module_files
from ipas.ontology.files import parse_modules as parse_files

__all__ = ["load_ontology", "load_shapes", "ontology_files", "parse_files"]


def ontology_files(ontology_dir: Path) -> list[Path]:
    """The core modules and the extension modules, in a stable order (none if absent).

    >>> ontology_files(Path("/nonexistent"))
    []
    """
    return module_files(ontology_dir) if ontology_dir.is_dir() else []


def load_ontology(ontology_dir: Path) -> Graph:
    """The whole ontology (core + extensions) as one graph."""
    return parse_files(ontology_files(ontology_dir))


def load_shapes(shapes_dir: Path) -> Graph:
    """Every shapes module (core + extensions) as one graph."""
    return parse_files(ontology_files(shapes_dir))
