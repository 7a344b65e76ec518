"""SHACL validation of a batch against the shapes, with the ontology and the store's context.

>>> from rdflib import Graph
>>> v = Validator(shapes=Graph(), ontology=Graph())
>>> v.validate(Graph()).conforms
True
"""

from ipas.validation.context import context_types
from ipas.validation.report import Severity, ValidationReport, ValidationResult
from ipas.validation.rules import load_ontology, load_shapes
from ipas.validation.validator import Validator

__all__ = [
    "Severity",
    "ValidationReport",
    "ValidationResult",
    "Validator",
    "context_types",
    "load_ontology",
    "load_shapes",
]
