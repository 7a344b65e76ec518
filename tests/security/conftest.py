"""Fixtures of the security tests: the marked-and-shared deployment and its visible-only twin.

Package-scoped: building an app costs seconds, so the HTTP isolation modules share one full
world and one twin (refilled per scope set by ``fill_twin``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.security.security_hostile_env import Env, hostile_env
from tests.security.security_server import Listener
from tests.security.security_world import World, build_full, build_twin


@pytest.fixture(scope="package")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    world = build_full(tmp_path_factory.mktemp("full"), query_timeout_s=10.0)
    yield world
    world.close()


@pytest.fixture(scope="package")
def twin(full: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    world = build_twin(full, tmp_path_factory.mktemp("twin"))
    yield world
    world.close()


# The hostile-input modules: one deployment per module, and a fresh loopback listener per test.
@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    with hostile_env(tmp_path_factory.mktemp("hostile")) as e:
        yield e


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()
