"""Stores: the :class:`~ipas.store.base.Store` interface and the backend chosen by settings.

>>> from ipas.settings import Settings
>>> type(open_store(Settings(store="memory"))).__name__
'OxigraphStore'
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ipas.settings import Settings
from ipas.store.base import Scope, Store

__all__ = ["Scope", "Store", "open_store"]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store named by ``settings.store``: a directory, ``memory``, or a remote endpoint.

    ``read_only`` opens an on-disk store as a snapshot beside a running writer (for read-only
    commands while ``ipas serve`` holds the store); writes then raise ``Conflict``.
    """
    kind = settings.store_kind
    if kind == "remote":
        # Imported lazily: the remote backend pulls in HTTP clients the embedded path never needs.
        remote = importlib.import_module("ipas.store.remote")
        store: Store = remote.open_remote_store(settings)
        return store
    from ipas.store.oxigraph import OxigraphStore

    if kind == "memory":
        return OxigraphStore()
    path = Path(settings.store)
    if read_only and path.is_dir():
        return OxigraphStore(path, read_only=True)
    return OxigraphStore(path)
