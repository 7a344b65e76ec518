"""The one place loaders are looked up: by name, through the ``ipas.loaders`` entry points.

Every loader, built-in or third-party, registers in the ``ipas.loaders`` entry-point group
(``name = "package.module:LoaderClass"``; the built-ins in this project's ``pyproject.toml``),
and is imported on first use, so a broken optional dependency only affects its own format and
the core never imports a loader module.

>>> "rdf" in available()
True
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path

from ipas.errors import BadInput
from ipas.sources.base import Loader

ENTRY_POINT_GROUP = "ipas.loaders"


@lru_cache(maxsize=1)
def _targets() -> dict[str, str]:
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def available() -> list[str]:
    """Names accepted by ``ipas load --format``."""
    return sorted(_targets())


def loader_class(name: str) -> type[Loader]:
    """The class registered as ``name``; a usage error lists the choices."""
    target = _targets().get(name)
    if target is None:
        hint = "" if _targets() else " (no loaders registered: install the package)"
        raise BadInput(
            f"unknown format {name!r}; supported formats: {', '.join(available())}{hint}",
            field="format",
        )
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(cls, type) and issubclass(cls, Loader)):
        raise TypeError(f"{target} is not an ipas.sources.Loader")
    return cls


def get_loader(name: str) -> Loader:
    """An instance of the loader registered as ``name``.

    >>> get_loader("rdf").name
    'rdf'
    """
    return loader_class(name)()


def guess_format(path: Path) -> str:
    """The format whose loader claims ``path``'s extension; ``rdf`` when none does.

    >>> guess_format(Path("x.unknown"))
    'rdf'
    """
    name = path.name.lower()
    for fmt in available():
        if fmt == "rdf":
            continue
        extensions = loader_class(fmt).extensions
        if extensions and name.endswith(extensions):
            return fmt
    return "rdf"
