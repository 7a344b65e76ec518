"""The deployment's access control: bearer tokens joined with scopes read from the catalog.

It sits above both ``ipas.security`` (tokens, markings, scopes) and ``ipas.catalog`` (which
uses the marking vocabulary), so neither package imports the other's floor.

>>> from ipas.store.oxigraph import OxigraphStore
>>> catalog_batches(Settings(store="memory"), OxigraphStore())()
[]
"""

from __future__ import annotations

from ipas.catalog import Catalog
from ipas.graphs import GraphNames
from ipas.security.control import BatchAccess, BatchSource, TokenAccessControl
from ipas.security.tokens import TokenStore
from ipas.settings import Settings
from ipas.store.base import Store


def catalog_batches(settings: Settings, store: Store) -> BatchSource:
    """Batch entries read from the catalog (``ipas.catalog``): never stale.

    A store that counts its writes (the embedded store's ``generation``, bumped by every
    commit, catalog changes included) lets the entries be reused until the next write, which
    takes ~10 ms of catalog reading off every request; any other store is read every time.
    """
    # (generation, entries), replaced as one object: threads never see a torn pair. The
    # generation is read before the catalog, so a write racing the read only forces a re-read.
    cached: list[tuple[int, list[BatchAccess]]] = []

    def read() -> list[BatchAccess]:
        generation = getattr(store, "generation", None)
        entry = cached[0] if cached else None
        if generation is not None and entry is not None and entry[0] == generation:
            return list(entry[1])
        batches = _read()
        if generation is not None:
            cached[:] = [(generation, batches)]
        return list(batches)

    def _read() -> list[BatchAccess]:
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

    return read


def build_access_control(settings: Settings, store: Store) -> TokenAccessControl:
    """The deployment's access control: ``{home}/tokens.json`` and scopes from the catalog."""
    return TokenAccessControl(
        TokenStore(settings.home / "tokens.json"),
        catalog_batches(settings, store),
        GraphNames(settings.base_iri),
        graphs=store.graphs,
        anonymous_markings=settings.anonymous_markings,
    )
