"""Fixtures for the remote-store tests: a clean store over the session's live Virtuoso."""

from __future__ import annotations

import pytest

from ipas.store.remote import RemoteSparqlStore
from tests.virtuoso import VirtuosoServer, fresh_remote_store


@pytest.fixture
def remote(virtuoso: VirtuosoServer) -> RemoteSparqlStore:
    """A store with no user graphs, writing through the authenticated endpoints."""
    return fresh_remote_store(virtuoso)
