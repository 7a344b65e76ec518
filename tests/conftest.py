"""Fixtures shared by every test area."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipas.settings import Settings
from tests.demo_store import build_demo
from tests.virtuoso import virtuoso  # noqa: F401 - session fixture for `remote` tests

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = (PROJECT_ROOT.parent / "shared").resolve()


@pytest.fixture
def shared_dir() -> Path:
    """``../shared`` (real public data and W3C suites); skips when absent, e.g. a user's clone."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"../shared is absent ({SHARED_DIR}): real-data and W3C suite tests need it")
    return SHARED_DIR


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    """Settings for an on-disk store and deployment state in a fresh temp dir."""
    yield Settings(store=str(tmp_path / "store"), home=tmp_path / "home")


@pytest.fixture(scope="session")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of the demo store ``ipas demo`` built (reasoning on), once per session."""
    return build_demo(tmp_path_factory.mktemp("ipas-demo"))
