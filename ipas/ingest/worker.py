"""Where chunks are judged: in worker processes for a large batch, in this one for a small one.

Validation is most of a load's CPU, and Python threads share one core (the GIL): so once a
batch fills its first chunk, a worker process (started with ``spawn``: the loading process
holds threads and an open store, which ``fork`` would copy half-way) judges chunk *n* while
this process reads chunk *n+1*; a large batch may get a second one, chunks going to each in
turn. Only bytes and small results cross the pipe: the validator once (pickled), then per
chunk its N-Triples lines and their context (types looked up by the loading process, which
keeps the store and the batch's type index) out and a verdict back. A worker ends with the
batch; it also ends by itself when this process dies (its pipe closes).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import signal
import threading
import traceback
from multiprocessing.connection import Connection
from typing import Any, Protocol

from ipas.ingest.judge import ChunkData, Judge, Verdict
from ipas.validation import Validator

#: Seconds a worker gets to exit once told to, before it is terminated.
EXIT_WAIT = 5.0



class Judging(Protocol):
    """Judges chunks (not safe to call from two threads at once)."""

    def verdict(self, chunk: ChunkData, context: bytes) -> Verdict: ...

    def close(self) -> None: ...


class InProcess:
    """The judge in this process (small batches: starting a process would cost more)."""

    def __init__(self, validator: Validator) -> None:
        self.judge = Judge(validator)

    def verdict(self, chunk: ChunkData, context: bytes) -> Verdict:
        return self.judge.judge(chunk, context)

    def close(self) -> None:
        pass


class WorkerFailed(RuntimeError):
    """The worker process raised (its traceback is the message) or died."""


class InWorker:
    """The judge in a worker process."""

    def __init__(self, validator: Validator) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,),
                                        name="ipas-validate", daemon=True)
        self._process.start()
        child.close()  # only the worker holds its end: its death reads as EOF here
        # The shapes go over the pipe from a thread: the send waits until the new interpreter
        # has started and reads it (a second or so), and the loader need not wait with it.
        self._setup = threading.Thread(target=self._send_validator, args=(validator,),
                                       name="ipas-validate-setup", daemon=True)
        self._setup.start()

    def _send_validator(self, validator: Validator) -> None:
        with contextlib.suppress(OSError):  # a worker that died is reported by the next call
            self._conn.send_bytes(pickle.dumps(validator))

    def _call(self, message: tuple[Any, ...]) -> Any:
        self._setup.join()
        try:
            self._conn.send(message)
            kind, value = self._conn.recv()
        except (EOFError, OSError) as err:
            raise WorkerFailed(f"the validation worker died (exit code "
                               f"{self._process.exitcode})") from err
        if kind == "error":
            raise WorkerFailed(value)
        return value

    def verdict(self, chunk: ChunkData, context: bytes) -> Verdict:
        verdict: Verdict = self._call(("judge", chunk, context))
        return verdict

    def close(self) -> None:
        self._setup.join()
        try:
            self._conn.send(("close",))
        except (OSError, ValueError):
            pass
        self._process.join(EXIT_WAIT)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(EXIT_WAIT)
        self._conn.close()


def _serve(conn: Connection) -> None:
    """The worker's loop: the validator, then chunks to judge until ``close`` or the
    parent's end."""
    # Ctrl-C reaches the whole process group: the loading process handles it and ends us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        validator = pickle.loads(conn.recv_bytes())  # noqa: S301 - our own bytes, our pipe
    except (EOFError, OSError):
        return
    judge = Judge(validator)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return  # the loading process is gone: so is the batch
        if message[0] != "judge":
            return
        try:
            reply: Any = judge.judge(message[1], message[2])
            conn.send(("ok", reply))
        except Exception:  # noqa: BLE001 - reported to the loading process, which raises
            conn.send(("error", traceback.format_exc(limit=8)))
