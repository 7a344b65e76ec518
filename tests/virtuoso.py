"""A throwaway Virtuoso Open Source 7 server on loopback, for the remote-store tests and bench.

:class:`VirtuosoServer` starts ``virtuoso-t`` on 127.0.0.1 on two free ports (SQL and HTTP) with
a temp database directory and a minimal ``virtuoso.ini``, waits until ``isql-vt`` answers,
creates a writer account with the ``SPARQL_UPDATE`` role (random password, digest auth on
``/sparql-auth``), and stops the process and removes the directory on :meth:`stop`. The
anonymous ``/sparql`` endpoint stays read-only.

The session fixture ``virtuoso`` (imported by tests/conftest.py) skips with the reason when the
binary is absent, so a laptop without Virtuoso sees "SKIPPED ... virtuoso-t not installed".

Bench and scripts can use it too (run from the project root)::

    from tests.virtuoso import VirtuosoServer
    with VirtuosoServer() as vt:
        print(vt.store_url)       # sparql+http://127.0.0.1:PORT/sparql
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ipas.store.remote import RemoteSparqlStore
from ipas.store.remote_http import Endpoints

VIRTUOSO_BIN = "virtuoso-t"
ISQL_BIN = "isql-vt"
WRITER_USER = "ipas_writer"

_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ServerThreads = 8
TransactionAfterImageLimit = 1500000000
DirsAllowed = ., {load_dir}
VADInstallDir = {db_dir}/vad

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db_dir}/www
MaxClientConnections = 8
ServerThreads = 8
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
DefaultQuery = ASK {{}}
"""


def virtuoso_installed() -> bool:
    return shutil.which(VIRTUOSO_BIN) is not None and shutil.which(ISQL_BIN) is not None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class VirtuosoServer:
    """One ``virtuoso-t`` process with its own temp database (see the module docstring)."""

    def __init__(self, *, buffers: int = 40_000, startup_timeout_s: float = 60.0) -> None:
        if not virtuoso_installed():
            raise RuntimeError(f"{VIRTUOSO_BIN} / {ISQL_BIN} not installed")
        self.buffers = buffers
        self.startup_timeout_s = startup_timeout_s
        self.db_dir = Path(tempfile.mkdtemp(prefix="ipas-virtuoso-"))
        self.load_dir = self.db_dir / "load"  # the bulk loader may read files only from here
        self.sql_port = 0
        self.http_port = 0
        self.dba_password = "dba"  # a fresh database's default; changed right after start
        self.user = WRITER_USER
        self.password = secrets.token_urlsafe(16)
        self._proc: subprocess.Popen[bytes] | None = None

    # -- addresses -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/sparql"

    @property
    def store_url(self) -> str:
        """The ``IPAS_STORE`` value for this server."""
        return f"sparql+{self.query_url}"

    def env(self) -> dict[str, str]:
        """``IPAS_*`` variables that point the app at this server with write credentials."""
        return {
            "IPAS_STORE": self.store_url,
            "IPAS_STORE_USER": self.user,
            "IPAS_STORE_PASSWORD": self.password,
        }

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> VirtuosoServer:
        for sub in ("vad", "www", "load"):
            (self.db_dir / sub).mkdir(exist_ok=True)
        last_error = ""
        for _attempt in range(3):  # a free port can be taken between probe and bind
            self.sql_port, self.http_port = free_port(), free_port()
            (self.db_dir / "virtuoso.ini").write_text(
                _INI.format(
                    sql_port=self.sql_port,
                    http_port=self.http_port,
                    buffers=self.buffers,
                    dirty=self.buffers * 3 // 4,
                    db_dir=self.db_dir,
                    load_dir=self.load_dir,
                )
            )
            self._proc = subprocess.Popen(
                [VIRTUOSO_BIN, "+foreground", "+configfile", "virtuoso.ini"],
                cwd=self.db_dir,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                self._wait_ready()
                self._wait_http()
                self._provision()
                return self
            except RuntimeError as exc:
                last_error = str(exc)
                self._kill()
                for name in ("virtuoso.db", "virtuoso.trx", "virtuoso.lck", "virtuoso-temp.db"):
                    (self.db_dir / name).unlink(missing_ok=True)
        self.stop()
        raise RuntimeError(f"virtuoso did not start: {last_error}")

    def isql(self, sql: str, *, password: str | None = None, timeout_s: float = 120) -> str:
        """Run SQL statements as dba through ``isql-vt``; raises on a Virtuoso error."""
        proc = subprocess.run(
            [ISQL_BIN, f"127.0.0.1:{self.sql_port}", "dba", password or self.dba_password,
             f"exec={sql}"],
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
        out = proc.stdout.decode(errors="replace") + proc.stderr.decode(errors="replace")
        if proc.returncode != 0 or "*** Error" in out:
            raise RuntimeError(f"isql failed ({proc.returncode}): {out.strip()[:500]}")
        return out

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                log = self.db_dir / "virtuoso.log"
                tail = log.read_text(errors="replace")[-400:] if log.exists() else ""
                raise RuntimeError(f"virtuoso-t exited ({self._proc.returncode}): {tail}")
            try:
                self.isql("select 1;", timeout_s=10)
                return
            except (RuntimeError, subprocess.TimeoutExpired):
                time.sleep(0.3)
        raise RuntimeError("isql-vt did not answer in time")

    def _wait_http(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(
                ("127.0.0.1", self.http_port), timeout=1
            ):
                return
            time.sleep(0.2)
        raise RuntimeError("HTTP port did not open in time")

    def _provision(self) -> None:
        new_dba = secrets.token_urlsafe(16)
        self.isql(f"set password \"{self.dba_password}\" \"{new_dba}\";")
        self.dba_password = new_dba
        self.isql(
            f"DB.DBA.USER_CREATE('{self.user}', '{self.password}'); "
            f'GRANT SPARQL_UPDATE TO "{self.user}";'
        )

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def stop(self) -> None:
        """Stop the process (SQL shutdown, then signals) and delete the database directory."""
        if self._proc is not None and self._proc.poll() is None:
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self.isql("shutdown;", timeout_s=20)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=20)
        self._kill()
        shutil.rmtree(self.db_dir, ignore_errors=True)

    def __enter__(self) -> VirtuosoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[VirtuosoServer]:
    """A live Virtuoso for the session; skips (with the reason) when it is not installed."""
    if not virtuoso_installed():
        pytest.skip(
            f"{VIRTUOSO_BIN} not installed (apt-get install virtuoso-opensource-7-bin): "
            "remote-store tests need a live Virtuoso"
        )
    server = VirtuosoServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def fresh_remote_store(server: VirtuosoServer) -> RemoteSparqlStore:
    """A store over ``server`` with every user graph dropped first (tests share one server)."""
    store = RemoteSparqlStore(
        Endpoints.for_virtuoso(server.query_url, user=server.user, password=server.password)
    )
    for graph in store.graphs() + store.staging_leftovers():
        store.drop_graph(graph)
    return store
