"""The one place loaders are looked up: built-ins by name, third parties by entry point.

Third-party packages register under the ``ipas.loaders`` entry-point group
(``name = "package.module:LoaderClass"``); built-ins are listed here and imported lazily, so a
broken optional dependency only affects its own format.

>>> "rdf" in available()
True
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from pathlib import Path

from ipas.errors import BadInput
from loaders.base import Loader

ENTRY_POINT_GROUP = "ipas.loaders"

#: Built-in loaders: format name -> "module:Class" (imported on first use).
BUILTIN: dict[str, str] = {
    "rdf": "loaders.rdf:RdfLoader",
    "ofac": "loaders.ofac:OfacLoader",
    "ftm": "loaders.ftm:FtmLoader",
    "icij": "loaders.icij:IcijLoader",
    "stix": "loaders.stix:StixLoader",
    "cbp-seizures": "loaders.cbp:CbpSeizuresLoader",
    "mapping": "loaders.mapping:MappingLoader",
}


def _targets() -> dict[str, str]:
    targets = dict(BUILTIN)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        targets.setdefault(ep.name, ep.value)
    return targets


def available() -> list[str]:
    """Names accepted by ``ipas load --format``."""
    return sorted(_targets())


def get_loader(name: str) -> Loader:
    """An instance of the loader registered as ``name``; a usage error lists the choices."""
    target = _targets().get(name)
    if target is None:
        raise BadInput(
            f"unknown format {name!r}; supported formats: {', '.join(available())}",
            field="format",
        )
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    loader = cls()
    if not isinstance(loader, Loader):
        raise TypeError(f"{target} is not a loaders.base.Loader")
    return loader


def guess_format(path: Path) -> str:
    """The format whose loader claims ``path``'s extension; ``rdf`` when none does."""
    name = path.name.lower()
    for fmt in available():
        if fmt == "rdf":
            continue
        loader = get_loader(fmt)
        if loader.extensions and name.endswith(loader.extensions):
            return fmt
    return "rdf"
