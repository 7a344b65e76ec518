"""Where ingest files come from and go: media types, format names, the staging directory."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ipas.errors import UnsupportedMediaType
from ipas.sources import guess_format

#: Media types of RDF bodies -> the file ending the RDF loader reads them by.
MEDIA_TYPES = {
    "text/turtle": ".ttl",
    "application/x-turtle": ".ttl",
    "application/n-triples": ".nt",
    "application/n-quads": ".nq",
    "application/trig": ".trig",
    "application/rdf+xml": ".rdf",
    "application/ld+json": ".jsonld",
}
#: RDF syntax names (``format=turtle``) -> their media type, for a body whose media type is
#: generic (``application/octet-stream``, as generated clients send raw bytes).
RDF_SYNTAXES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


def suffix_for_media_type(media_type: str) -> str:
    """The file ending for an RDF media type; unsupported types list the supported ones.

    >>> suffix_for_media_type("text/turtle; charset=utf-8")
    '.ttl'
    """
    suffix = MEDIA_TYPES.get(media_type.split(";")[0].strip().lower())
    if suffix is None:
        raise UnsupportedMediaType(
            f"cannot ingest {media_type!r}", supported=sorted(MEDIA_TYPES)
        )
    return suffix


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still exists (ours always does)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def format_name(path: Path) -> str:
    """``rdf`` for RDF-only endings (without importing every loader), else the registry's guess.

    >>> format_name(Path("a.ttl"))
    'rdf'
    """
    if path.suffix.lower() in RDF_ONLY:
        return "rdf"
    return guess_format(path)


#: Endings only RDF uses (``.xml``, ``.json`` are left to the registry: loaders may claim them).
RDF_ONLY = (".ttl", ".nt", ".nq", ".trig", ".rdf", ".owl", ".jsonld")


def staging_dir(home: Path) -> Path:
    """``{home}/tmp``, swept of what processes that died mid-load (``kill -9``) left.

    Staged files are named ``stage-<pid>-*`` / ``body-<pid>-*``; only a dead process's go.
    """
    staging = home / "tmp"
    staging.mkdir(parents=True, exist_ok=True)
    for leftover in staging.iterdir():
        parts = leftover.name.split("-")
        if len(parts) < 3 or parts[0] not in ("stage", "body") or not parts[1].isdigit():
            continue
        if not _alive(int(parts[1])):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
    return staging


def remove_own_staging(home: Path) -> list[str]:
    """Remove this process's staged files (``stage-<pid>-*``, ``body-<pid>-*``) from
    ``{home}/tmp``, at server shutdown: ingests still running are abandoned with the process,
    and what they staged must not outlive it. Returns the names removed."""
    staging = home / "tmp"
    if not staging.is_dir():
        return []
    removed = []
    for leftover in staging.iterdir():
        parts = leftover.name.split("-")
        if len(parts) >= 3 and parts[0] in ("stage", "body") and parts[1] == str(os.getpid()):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
            removed.append(leftover.name)
    return removed
