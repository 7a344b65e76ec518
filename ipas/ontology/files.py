"""Finding and parsing the ontology and shapes modules: core files plus ``extensions/*.ttl``.

Extensions are discovered from the folder, so adding a module needs no code change. Only our
own files are read: ``owl:imports`` is never followed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from ipas.errors import BadInput
from ipas.settings import PROJECT_ROOT

ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
SHAPES_DIR = PROJECT_ROOT / "shapes"
EXTENSIONS = "extensions"


def module_files(root: Path) -> list[Path]:
    """The core ``*.ttl`` of ``root`` then those of ``root/extensions``, each sorted by name.

    >>> [p.name for p in module_files(ONTOLOGY_DIR)][:2]
    ['agents.ttl', 'alignments.ttl']
    >>> any(p.parent.name == "extensions" for p in module_files(ONTOLOGY_DIR))
    True
    """
    if not root.is_dir():
        raise BadInput("module folder not found", source=str(root.name))
    core = sorted(p for p in root.glob("*.ttl") if p.is_file())
    ext = sorted(p for p in (root / EXTENSIONS).glob("*.ttl") if p.is_file())
    return core + ext


def parse_modules(paths: Iterable[Path]) -> Graph:
    """One graph from Turtle files; a syntax error is a ``BadInput`` naming file and line.

    >>> len(parse_modules([]))
    0
    """
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as err:  # noqa: BLE001 - rdflib raises many parser error types
            raise BadInput(f"cannot parse Turtle: {err}", source=path.name) from None
    return graph


def load_ontology(ontology_dir: Path = ONTOLOGY_DIR) -> Graph:
    """A fresh graph of the whole ontology (core + extensions) under ``ontology_dir``."""
    return parse_modules(module_files(ontology_dir))


def load_shapes(shapes_dir: Path = SHAPES_DIR) -> Graph:
    """A fresh graph of every shapes module (core + extensions) under ``shapes_dir``."""
    return parse_modules(module_files(shapes_dir))


@lru_cache(maxsize=4)
def _cached_ontology(ontology_dir: Path) -> Graph:
    return load_ontology(ontology_dir)


@lru_cache(maxsize=4)
def _cached_shapes(shapes_dir: Path) -> Graph:
    return load_shapes(shapes_dir)


def ontology_graph(ontology_dir: Path = ONTOLOGY_DIR) -> Graph:
    """The ontology, parsed once per folder and cached: treat it as read-only.

    >>> from ipas.namespace import IPAS, OWL, RDF
    >>> (IPAS.Facilitation, RDF.type, OWL.Class) in ontology_graph()
    True
    """
    return _cached_ontology(ontology_dir.resolve())


def shapes_graph(shapes_dir: Path = SHAPES_DIR) -> Graph:
    """The shapes (extensions included), parsed once per folder and cached: read-only.

    >>> from ipas.namespace import IPAS, SH
    >>> (None, SH.targetClass, IPAS.Seizure) in shapes_graph()
    True
    """
    return _cached_shapes(shapes_dir.resolve())


def clear_caches() -> None:
    """Forget cached graphs (after a maintainer edits a module in a long-running process)."""
    _cached_ontology.cache_clear()
    _cached_shapes.cache_clear()
