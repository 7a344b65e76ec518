"""Apache Jena as Debian packages it (``libapache-jena-java``): its class path, and the one
repair its jars need, for tests that run Jena's own clients against the live server.

Debian's jena-core 4.5 moves Jena's embedded Xerces classes to the package ``xerces`` but
leaves their message bundles under ``org/apache/jena/ext/xerces``: without them Jena fails at
start ("internal error" in ``XSSimpleTypeDecl.applyFacets1``). :func:`classpath` adds a
directory with the bundles where the classes look for them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

PACKAGE = "libapache-jena-java"
_JARS = Path("/usr/share/java")
_BUNDLES = "org/apache/jena/ext/xerces/"
# slf4j ships every binding in one package; two on the class path make Jena refuse to start.
_LOGGING = re.compile(r"(slf4j|log4j)")
_KEEP = {"slf4j-api.jar", "slf4j-nop.jar"}


def missing() -> str | None:
    """Why Jena cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "no java on PATH (Debian: openjdk-17-jdk-headless)"
    if not (_JARS / "jena-arq.jar").exists() or shutil.which("dpkg-query") is None:
        return f"Apache Jena is not installed (Debian: apt-get install {PACKAGE}; .ci/run does)"
    return None


def classpath(workdir: Path) -> str:
    """Jena's jars and those of the Java packages it depends on (unversioned names only),
    plus the Xerces message bundles copied under ``workdir``."""
    jars: list[str] = []
    for package in sorted(_java_packages(PACKAGE)):
        listed = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True,
                                check=True).stdout.split()
        for jar in listed:
            name = Path(jar).name
            if not jar.startswith(f"{_JARS}/") or not name.endswith(".jar"):
                continue
            if re.search(r"-\d[\w.~+-]*\.jar$", name) or (_LOGGING.search(name)
                                                          and name not in _KEEP):
                continue
            jars.append(jar)
    bundles = workdir / "jena-xerces-bundles"
    with zipfile.ZipFile(_JARS / "jena-core.jar") as core:
        for member in core.namelist():
            if member.startswith(_BUNDLES) and member.endswith(".properties"):
                target = bundles / "xerces" / member[len(_BUNDLES):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(core.read(member))
    return ":".join([*jars, str(bundles)])


def _java_packages(root: str) -> set[str]:
    """``root`` and the ``*-java`` packages it depends on, transitively (first alternative)."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        package = todo.pop()
        if package in seen or not package.endswith("-java"):
            continue
        seen.add(package)
        depends = subprocess.run(["dpkg-query", "-W", "-f=${Depends}", package],
                                 capture_output=True, text=True, check=False).stdout
        for clause in filter(None, (c.strip() for c in depends.split(","))):
            todo.append(re.split(r"[ (:]", clause.split("|")[0].strip())[0])
    return seen
