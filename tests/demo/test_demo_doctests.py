"""The ``>>>`` examples of the demo's scripts run (they are not in a package the project-wide
doctest walk sees)."""

from __future__ import annotations

import doctest

import pytest

from tests.demo.conftest import demo_module

MODULES = ["_emit", "answers"]


@pytest.mark.parametrize("name", MODULES)
def test_demo_docstring_examples(name: str) -> None:
    result = doctest.testmod(demo_module(name))
    assert result.attempted > 0 and result.failed == 0
