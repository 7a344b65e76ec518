"""The loader contract the core owns: record types, ``Loader``, and the registry of formats.

>>> from pathlib import Path
>>> str(SourcePosition("a.csv", 3))
'a.csv:3'
"""

from ipas.sources.base import (
    DEFAULT_BASE_IRI,
    LineBlock,
    Loader,
    LoadOptions,
    Record,
    Rejected,
    SourcePosition,
    base_iri,
)
from ipas.sources.registry import available, get_loader, guess_format, loader_class
from ipas.sources.triples import Triples

__all__ = [
    "DEFAULT_BASE_IRI",
    "LineBlock",
    "LoadOptions",
    "Loader",
    "Record",
    "Rejected",
    "SourcePosition",
    "Triples",
    "available",
    "base_iri",
    "get_loader",
    "guess_format",
    "loader_class",
]
