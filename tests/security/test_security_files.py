"""Private files (issue #20): what the CLI and server write is readable by their user only.

The store used to be 0755 with 0644 files (TLP:RED data included), ``IPAS_HOME`` 0755 and
quarantined records 0644. Run as a user runs them (the ``ipas`` console script in a process of
its own, with a permissive umask of 022 inherited from the shell): every directory the load
creates is 0700 and every file 0600, and ``ipas serve`` warns about an existing store that
others can read.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

from tests.cli.conftest import HEADER, SHAPES

IPAS = str(Path(sys.executable).parent / "ipas")
MIXED = ('@prefix e: <urn:ex:> .\ne:ana a e:Person ; e:name "Ana" .\n'
         "e:bob a e:Person .\n")  # bob has no name: quarantined


def _env(tmp_path: Path) -> dict[str, str]:
    ontology, shapes = tmp_path / "ontology", tmp_path / "shapes"
    for folder, name, text in ((ontology, "ipas.ttl", HEADER), (shapes, "ex.ttl", SHAPES)):
        folder.mkdir(exist_ok=True)
        (folder / name).write_text(text)
    return {**os.environ, "IPAS_STORE": str(tmp_path / "store"),
            "IPAS_HOME": str(tmp_path / "home"), "IPAS_ONTOLOGY_DIR": str(ontology),
            "IPAS_SHAPES_DIR": str(shapes)}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    def loose_umask() -> None:  # as a shell would hand it over
        os.umask(0o022)

    return subprocess.run([IPAS, *args], env=env, capture_output=True, text=True, timeout=300,
                          preexec_fn=loose_umask)


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root.parent)): stat.S_IMODE(p.stat().st_mode)
            for p in [root, *root.rglob("*")]}


def test_store_home_quarantine_and_exports_are_private(tmp_path: Path) -> None:
    env = _env(tmp_path)
    data = tmp_path / "mixed.ttl"
    data.write_text(MIXED)
    loaded = _run(env, "load", str(data), "--marking", "TLP:RED")
    assert loaded.returncode == 1, loaded.stderr  # one record quarantined
    exported = _run(env, "export", "-o", str(tmp_path / "home" / "all.nq"))
    assert exported.returncode == 0, exported.stderr
    modes = {**_modes(tmp_path / "store"), **_modes(tmp_path / "home")}
    assert any("quarantine" in p for p in modes), modes  # the quarantine was written
    assert any(p.endswith("all.nq") for p in modes), modes
    loose = {p: f"{m:04o}" for p, m in modes.items() if m & 0o077}
    assert not loose, loose
    assert modes["store"] == 0o700 and modes["home"] == 0o700


def test_serve_warns_about_a_store_others_can_read(tmp_path: Path) -> None:
    env = _env(tmp_path)
    data = tmp_path / "good.ttl"
    data.write_text('@prefix e: <urn:ex:> .\ne:ana a e:Person ; e:name "Ana" .\n')
    assert _run(env, "load", str(data)).returncode == 0
    (tmp_path / "store").chmod(0o755)  # as an older version left it
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([IPAS, "serve", "--port", str(port)], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        assert server.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "IPAS-KG on" in line:
                break
        text = "".join(lines)
        assert "readable by other local users" in text and "store (0755)" in text, text
    finally:
        server.terminate()
        server.wait(timeout=30)
