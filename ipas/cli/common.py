"""What every command shares: settings from the group, opening the store, exit codes.

Exit codes: 0 success, 1 validation failures (the report is printed), 2 usage or input
errors (click's own usage errors are 2 as well).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from rich.console import Console

from ipas.errors import BadInput, Conflict, IpasError, NotFound
from ipas.settings import Settings, get_settings
from ipas.store import open_store
from ipas.store.base import Store

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

console = Console(stderr=True, highlight=False)


class InputError(click.ClickException):
    """A usage or input error: message on stderr, exit code 2."""

    exit_code = EXIT_USAGE


def settings_of(ctx: click.Context) -> Settings:
    found = ctx.find_object(Settings)
    return found if found is not None else get_settings()


@contextmanager
def opened_store(ctx: click.Context, *, write: bool) -> Iterator[Store]:
    """The deployment's store. Read-only commands fall back to a snapshot when another
    process (``ipas serve``) holds the writer lock; writing commands fail clearly."""
    settings = settings_of(ctx)
    try:
        store = open_store(settings)
    except Conflict:
        if write:
            raise
        store = open_store(settings, read_only=True)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def cli_errors() -> Iterator[None]:
    """Typed errors become messages and exit codes; internals are not shown."""
    try:
        yield
    except (BadInput, NotFound, Conflict) as err:
        raise InputError(str(err)) from None
    except IpasError as err:
        raise InputError(str(err)) from None
