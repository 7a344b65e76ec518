"""Stable instance IRIs: ``{base}{type}/{source}/{key}`` (docs/architecture.md, "IRIs").

The base is the load's own (``LoadOptions.base_iri``, scoped by ``Loader.records``).

The same source key always yields the same IRI, so re-loading a source, or loading the next
release of it, describes the same nodes.

>>> mint("person", "ofac", "10278", base="https://w3id.org/ipas/id/")
rdflib.term.URIRef('https://w3id.org/ipas/id/person/ofac/10278')
>>> str(mint("program", "ofac", "CAATSA - RUSSIA", base="https://x/"))
'https://x/program/ofac/CAATSA%20-%20RUSSIA'
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import URIRef

from ipas.sources import base_iri


def mint(kind: str, source: str, key: str, base: str | None = None) -> URIRef:
    """The IRI of the ``kind`` node keyed ``key`` in ``source``; the key is percent-encoded."""
    return URIRef(iri(kind, source, key, base))


def iri(kind: str, source: str, key: str, base: str | None = None) -> str:
    """:func:`mint`'s IRI as a string (for code that builds engine terms).

    >>> iri("place", "ofac", "a b", base="https://x/")
    'https://x/place/ofac/a%20b'
    """
    root = base_iri() if base is None else base
    return f"{root}{kind}/{quote(source, safe='')}/{quote(key.strip(), safe='-._~')}"


def digest_key(*parts: str) -> str:
    """A short stable key for things a source names only by their content (addresses).

    >>> digest_key("Havana", "Cuba") == digest_key("Havana", "Cuba")
    True
    """
    joined = "\x1f".join(" ".join(p.split()).casefold() for p in parts)
    return hashlib.sha256(joined.encode()).hexdigest()[:20]
