"""Loopback helpers for the security tests: the shared server and listener, and raw HTTP."""

from __future__ import annotations

import contextlib
import socket

from tests.api_sparql.live import Listener as _Listener
from tests.api_sparql.live import serve

__all__ = ["Listener", "raw_http", "serve"]


class Listener(_Listener):
    """A loopback listener (see ``tests.api_sparql.live``) addressed at ``/``."""

    def __init__(self) -> None:
        super().__init__(path="/")


def raw_http(port: int, request: bytes, *, timeout: float = 20.0) -> bytes:
    """Send raw bytes (for lying headers) and return what the server answers before closing."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        with contextlib.suppress(OSError):
            sock.sendall(request)
        chunks: list[bytes] = []
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := sock.recv(65536):
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks):
                    break
        return b"".join(chunks)
