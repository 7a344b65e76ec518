"""Run every ``>>>`` example in the public packages (STYLE.md: examples are tested)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("ipas", "loaders", "api")


def _modules() -> list[str]:
    names: list[str] = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if not info.name.endswith("__main__"):  # importing it would run the program
                names.append(info.name)
    return sorted(names)


MODULES = _modules()


def test_modules_were_found() -> None:
    # Guard against silent rot: the walk must see the core modules.
    assert {"ipas.errors", "ipas.store.base", "ipas.sources.registry"} <= set(MODULES)


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest example(s) failed in {module_name}"
