"""``ipas stats`` and ``ipas export``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ipas.cli.common import cli_errors, opened_store
from ipas.store.base import Scope

EXPORT_FORMATS = {
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


@click.command("stats")
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Triples and graphs in the store (JSON)."""
    with cli_errors(), opened_store(ctx, write=False) as store:
        result = store.stats(scope=Scope.everything())
    click.echo(json.dumps({"triples": result.triples, "graphs": result.graphs,
                           "triples_per_graph": dict(result.triples_per_graph)}, indent=2))


@click.command("export")
@click.option("--graph", "graphs", multiple=True, help="A graph IRI (repeatable; default: all).")
@click.option("--format", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default="nquads",
              show_default=True, help="Triple formats need exactly one --graph.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of stdout.")
@click.pass_context
def export(ctx: click.Context, graphs: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Write the store (or some graphs) as RDF."""
    with cli_errors(), opened_store(ctx, write=False) as store:
        selected = list(graphs) or None
        if output is None:
            store.export(sys.stdout.buffer, media_type=EXPORT_FORMATS[fmt], graphs=selected)
            sys.stdout.flush()
        else:
            with output.open("wb") as stream:
                store.export(stream, media_type=EXPORT_FORMATS[fmt], graphs=selected)
