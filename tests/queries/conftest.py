"""The demo as ``ipas demo`` builds it (validated batches, reasoning on; see
tests/demo_store.py), and the expected answers read from demo/README.md."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from ipas.query.inference import Inference
from ipas.query.registry import QueryRegistry
from ipas.settings import PROJECT_ROOT, Settings
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore
from ipas.store.terms import to_ox
from tests.demo_store import open_demo
from tests.queries.demo_tables import DEMO


def _answers_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_answers", DEMO / "answers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def demo_answers() -> ModuleType:
    return _answers_module()


@pytest.fixture(scope="session")
def demo_store(demo_settings: Settings) -> OxigraphStore:
    return open_demo(demo_settings)


@pytest.fixture(scope="session")
def readme_tables(demo_answers: ModuleType) -> dict[int, list[list[dict[str, str]]]]:
    """Question number -> the tables written under it (header -> cell, per row)."""
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    out: dict[int, list[list[dict[str, str]]]] = {}
    for case in demo_answers.cases(text):
        number = re.match(r"(\d+)\.", case.heading)
        if number is None:
            continue
        lines = [ln for ln in case.table.strip().splitlines() if ln.startswith("|")]
        header = [c.strip() for c in lines[0].strip("|").split("|")]
        rows = [dict(zip(header, (c.strip() for c in ln.strip("|").split("|")), strict=True))
                for ln in lines[2:]]
        out.setdefault(int(number.group(1)), []).append(rows)
    return out


@pytest.fixture(scope="session")
def registry() -> QueryRegistry:
    return QueryRegistry.load(PROJECT_ROOT / "queries")


@pytest.fixture(scope="session")
def run(registry: QueryRegistry, demo_store: OxigraphStore,
        demo_answers: ModuleType) -> Callable[..., list[dict[str, str]]]:
    """Run a saved query over the whole demo; cells written as the README writes them."""

    def go(name: str, scope: Scope | None = None, inference: Inference | None = None,
           **params: Any) -> list[dict[str, str]]:
        answer = registry.run(demo_store, name, params,
                              scope=scope if scope is not None else Scope.everything(),
                              inference=inference)
        assert answer.select is not None
        return [{k: demo_answers.cell(to_ox(v)) for k, v in row.items()}
                for row in answer.select.rows]

    return go
