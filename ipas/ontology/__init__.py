"""The ontology and its shapes as rdflib graphs: module discovery, cached loading, term queries.

Core modules live in ``ontology/`` and ``shapes/``; extension modules in their ``extensions/``
subfolders are picked up by discovery, with no code change.
"""

from ipas.ontology.files import (
    ONTOLOGY_DIR,
    SHAPES_DIR,
    clear_caches,
    load_ontology,
    load_shapes,
    module_files,
    ontology_graph,
    parse_modules,
    shapes_graph,
)
from ipas.ontology.terms import classes_with_shapes, declared_terms, shape_for_class, superclasses

__all__ = [
    "ONTOLOGY_DIR",
    "SHAPES_DIR",
    "classes_with_shapes",
    "clear_caches",
    "declared_terms",
    "load_ontology",
    "load_shapes",
    "module_files",
    "ontology_graph",
    "parse_modules",
    "shape_for_class",
    "shapes_graph",
    "superclasses",
]
