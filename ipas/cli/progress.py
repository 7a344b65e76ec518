"""Progress of a long load: a live bar with records/s on a terminal, periodic lines otherwise.

A 15,000-entry sanctions list takes long enough that a silent command looks hung; piped or
logged output (CI, ``nohup``) gets one plain line every :data:`PLAIN_EVERY_S` seconds instead
of terminal control codes.

>>> import io
>>> out = io.StringIO()
>>> clock = iter([0.0, 0.5, 11.0, 12.0]).__next__
>>> with plain_progress("loading", out, every=10.0, clock=clock) as update:
...     update(10, 100)
...     update(2000, 40000)
>>> print(out.getvalue().strip())
loading: 2,000 records, 40,000 triples, 182 records/s
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

#: Seconds between two plain progress lines when output is not a terminal.
PLAIN_EVERY_S = 10.0

Update = Callable[[int, int], None]


def _line(label: str, records: int, triples: int, elapsed: float) -> str:
    rate = records / elapsed if elapsed > 0 else 0.0
    return f"{label}: {records:,} records, {triples:,} triples, {rate:,.0f} records/s"


@contextmanager
def plain_progress(label: str, out: IO[str], every: float = PLAIN_EVERY_S,
                   clock: Callable[[], float] = time.monotonic) -> Iterator[Update]:
    """One line on ``out`` at most every ``every`` seconds (the first after ``every``)."""
    start = clock()
    last = start

    def update(records: int, triples: int) -> None:
        nonlocal last
        now = clock()
        if now - last >= every:
            last = now
            print(_line(label, records, triples, now - start), file=out, flush=True)

    yield update


@contextmanager
def live_progress(label: str, console: Console) -> Iterator[Update]:
    """A transient rich bar: records, triples, records/s and the time elapsed."""
    start = time.monotonic()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task(label)

        def update(records: int, triples: int) -> None:
            text = _line(label, records, triples, time.monotonic() - start)
            bar.update(task, description=text)

        yield update


@contextmanager
def progress(label: str, console: Console) -> Iterator[Update]:
    """The live bar on a terminal, plain periodic lines on ``console``'s file otherwise."""
    if console.is_terminal:
        with live_progress(label, console) as update:
            yield update
    else:
        with plain_progress(label, console.file, every=PLAIN_EVERY_S) as update:
            yield update
