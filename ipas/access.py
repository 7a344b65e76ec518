"""The deployment's access control: bearer tokens joined with scopes read from the catalog.

It sits above both ``ipas.security`` (tokens, markings, scopes) and ``ipas.catalog`` (which
uses the marking vocabulary), so neither package imports the other's floor.

>>> from ipas.store.oxigraph import OxigraphStore
>>> catalog_batches(Settings(store="memory"), OxigraphStore())()
[]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ipas.catalog import Catalog
from ipas.graphs import GraphNames
from ipas.security.control import BatchAccess, BatchSource, TokenAccessControl
from ipas.security.tokens import TokenStore
from ipas.settings import Settings
from ipas.store.base import Store

T = TypeVar("T")


def _until_next_write(store: Store, read: Callable[[], list[T]]) -> Callable[[], list[T]]:
    """``read``, its answer reused until the store's next write when the store counts its
    writes (the embedded store's ``generation``, bumped by every commit); any other store is
    read every time."""
    # (generation, answer), replaced as one object: threads never see a torn pair. The
    # generation is read before the data, so a write racing the read only forces a re-read.
    cached: list[tuple[int, list[T]]] = []

    def reuse() -> list[T]:
        generation = getattr(store, "generation", None)
        entry = cached[0] if cached else None
        if generation is not None and entry is not None and entry[0] == generation:
            return list(entry[1])
        found = read()
        if generation is not None:
            cached[:] = [(generation, found)]
        return list(found)

    return reuse


def catalog_batches(settings: Settings, store: Store) -> BatchSource:
    """Batch entries read from the catalog (``ipas.catalog``): never stale, and reused until
    the next write, which takes ~10 ms of catalog reading off every request."""

    def read() -> list[BatchAccess]:
        return [
            BatchAccess(
                id=b.id,
                graph=b.graph,
                marking=b.marking,
                agency=b.agency,
                shared_with=tuple(b.shared_with or ()),
            )
            for b in Catalog(store, settings).batches()
        ]

    return _until_next_write(store, read)


def derived_graphs(settings: Settings, store: Store) -> Callable[[], list[str]]:
    """The store's derived-fact graphs (:mod:`ipas.derived`), reused until the next write."""
    prefix = GraphNames(settings.base_iri).derived_prefix
    return _until_next_write(store, lambda: [g for g in store.graphs() if g.startswith(prefix)])


def build_access_control(settings: Settings, store: Store) -> TokenAccessControl:
    """The deployment's access control: ``{home}/tokens.json`` and scopes from the catalog."""
    return TokenAccessControl(
        TokenStore(settings.home / "tokens.json"),
        catalog_batches(settings, store),
        GraphNames(settings.base_iri),
        graphs=_until_next_write(store, store.graphs),  # an admin's scope lists them all
        anonymous_markings=settings.anonymous_markings,
        derived=derived_graphs(settings, store),
    )
