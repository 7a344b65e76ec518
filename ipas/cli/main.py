"""The ``ipas`` command: one click group; each command lives in its own module.

Argument declarations stay in the ``*_cmd`` modules; what they do lives in the core
(``ipas.ingest``, ``ipas.catalog``, ``ipas.store``). To add a command, write a module with a
click command or group and add it to ``COMMANDS``.
"""

from __future__ import annotations

from pathlib import Path

import click

from ipas.cli import (
    analyze_cmd,
    audit_cmd,
    batches_cmd,
    load_cmd,
    ontology_cmd,
    query_cmd,
    reference_cmd,
    resolve_cmd,
    serve_cmd,
    store_cmd,
    token_cmd,
)
from ipas.security.files import private_umask
from ipas.settings import Settings


@click.group("ipas")
@click.option("--store", "store", envvar="IPAS_STORE", default=None,
              help="Store directory, 'memory', or sparql+URL (default: var/store).")
@click.option("--home", type=click.Path(path_type=Path), envvar="IPAS_HOME", default=None,
              help="Deployment state directory: quarantine, tokens, audit (default: var).")
@click.version_option(package_name="ipas-kg")
@click.pass_context
def cli(ctx: click.Context, store: str | None, home: Path | None) -> None:
    """IPAS-KG: a knowledge graph of illicit pathways (load, validate, query, serve)."""
    overrides: dict[str, object] = {}
    if store is not None:
        overrides["store"] = store
    if home is not None:
        overrides["home"] = home
    ctx.obj = Settings(**overrides)  # type: ignore[arg-type]


COMMANDS: list[click.Command] = [
    load_cmd.load,
    load_cmd.validate,
    load_cmd.demo,
    reference_cmd.reference,
    query_cmd.query,
    batches_cmd.batches,
    batches_cmd.quarantine,
    store_cmd.stats,
    store_cmd.export,
    serve_cmd.serve,
    token_cmd.token,
    audit_cmd.audit,
    analyze_cmd.analyze,
    ontology_cmd.ontology,
    resolve_cmd.resolve,
]


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Console-script entry point: files it creates are private (umask 077, see
    :mod:`ipas.security.files`)."""
    private_umask()
    cli(prog_name="ipas")
