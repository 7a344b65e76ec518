"""The ``store`` fixture: every store test runs against each backend listed in BACKENDS.

A new backend adds one entry (a name, pytest marks, and a factory taking the test's tmp_path);
H8's remote engine adds ``virtuoso`` marked ``remote``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ipas.store.base import Store
from ipas.store.oxigraph import OxigraphStore
from tests.virtuoso import fresh_remote_store

BackendFactory = Callable[[Path], Store]

BACKENDS: dict[str, tuple[BackendFactory | None, tuple[pytest.MarkDecorator, ...]]] = {
    "oxigraph-disk": (lambda tmp: OxigraphStore(tmp / "store"), ()),
    "oxigraph-memory": (lambda tmp: OxigraphStore(), ()),
    "virtuoso": (None, (pytest.mark.remote,)),  # built below from the session's live server
}
# Remote backends share one server per session (the `virtuoso` fixture, tests/virtuoso.py);
# each test starts from a server with no user graphs.
REMOTE: dict[str, Callable[[pytest.FixtureRequest], Store]] = {
    "virtuoso": lambda request: fresh_remote_store(request.getfixturevalue("virtuoso")),
}


@pytest.fixture(
    params=[pytest.param(name, marks=marks) for name, (_, marks) in BACKENDS.items()]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    factory, _ = BACKENDS[request.param]
    s = factory(tmp_path) if factory is not None else REMOTE[request.param](request)
    try:
        yield s
    finally:
        s.close()
