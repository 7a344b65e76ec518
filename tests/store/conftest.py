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

BackendFactory = Callable[[Path], Store]

BACKENDS: dict[str, tuple[BackendFactory, tuple[pytest.MarkDecorator, ...]]] = {
    "oxigraph-disk": (lambda tmp: OxigraphStore(tmp / "store"), ()),
    "oxigraph-memory": (lambda tmp: OxigraphStore(), ()),
}


@pytest.fixture(
    params=[pytest.param(name, marks=marks) for name, (_, marks) in BACKENDS.items()]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    factory, _ = BACKENDS[request.param]
    s = factory(tmp_path)
    try:
        yield s
    finally:
        s.close()
