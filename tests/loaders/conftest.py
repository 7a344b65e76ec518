"""Fixtures of the loader tests: a fresh store with the ingest pipeline over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipas.ingest import Ingestor
from ipas.settings import Settings
from ipas.store import open_store

DATA = Path(__file__).resolve().parent.parent / "data" / "loaders"


@pytest.fixture()
def pipeline(tmp_path: Path) -> Iterator[Ingestor]:
    """The ingest pipeline a user's ``ipas load`` runs (shapes, quarantine, commit) over a
    fresh on-disk store; reasoning off, since these tests check what the loaders assert."""
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = open_store(settings)
    yield Ingestor(store, settings, reason=False)
    store.close()
