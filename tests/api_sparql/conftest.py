"""Fixtures for the SPARQL endpoint tests: real access control over a token file in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from ipas.graphs import GraphNames
from ipas.security.control import BatchAccess, TokenAccessControl
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore

BASE = "https://w3id.org/ipas/id/"
NAMES = GraphNames(BASE)


@dataclass
class Callers:
    """Access control plus a bearer header per role."""

    access: TokenAccessControl
    headers: dict[str, dict[str, str]]


def make_callers(
    home: Path, batches: Sequence[BatchAccess], graphs: Callable[[], Sequence[str]]
) -> Callers:
    tokens = TokenStore(home / "tokens.json")
    access = TokenAccessControl(tokens, lambda: list(batches), NAMES, graphs=graphs)
    headers = {}
    for role in (Role.READER, Role.ANALYST, Role.LOADER, Role.ADMIN):
        _, token = tokens.create(role.value, role, agency="HSI")
        headers[role.value] = {"Authorization": f"Bearer {token}"}
    return Callers(access, headers)


@pytest.fixture
def callers_factory(tmp_path: Path) -> Callable[..., Callers]:
    def build(
        batches: Sequence[BatchAccess] = (), graphs: Callable[[], Sequence[str]] = list
    ) -> Callers:
        return make_callers(tmp_path, batches, graphs)

    return build
