"""Private files: everything the deployment writes is readable by its own user only.

The store holds TLP:RED data, quarantine holds rejected records verbatim, staging holds request
bodies, and exports are the whole store: none of it is for other local users. The CLI and the
server run with umask 077 (:func:`private_umask`), so the store, ``IPAS_HOME``, quarantine,
staging files and exports are created 0700 / 0600 by whichever library writes them (Oxigraph's
RocksDB files included). :func:`exposed` lists what an existing deployment, created before or
by another tool, still lets others read; ``ipas serve`` warns about each at start-up.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077


def private_umask() -> int:
    """Set the process umask to 077 (files 0600, directories 0700); returns the previous one.

    >>> old = private_umask(); private_umask() == PRIVATE_UMASK; _ = os.umask(old)
    True
    """
    return os.umask(PRIVATE_UMASK)


def exposed(*roots: Path, limit: int = 20) -> list[str]:
    """Paths under ``roots`` (the roots included) that group or others may read, write or
    enter: at most ``limit`` of them, each with its mode.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp()); d.chmod(0o755); (d / "f").write_text("x")
    1
    >>> (d / "f").chmod(0o644); [line.split(" ")[-1] for line in exposed(d)]
    ['(0755)', '(0644)']
    >>> d.chmod(0o700); (d / "f").chmod(0o600); exposed(d)
    []
    """
    found: list[str] = []
    for root in roots:
        if not root.exists():
            continue
        paths = [root, *root.rglob("*")] if root.is_dir() else [root]
        for path in paths:
            try:
                mode = stat.S_IMODE(path.lstat().st_mode)
            except OSError:
                continue
            if mode & 0o077 and not path.is_symlink():
                found.append(f"{path} ({mode:04o})")
                if len(found) >= limit:
                    return found
    return found
