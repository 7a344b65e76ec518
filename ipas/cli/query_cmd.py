"""``ipas query FILE.rq|-``: run a SPARQL query against the whole local store.

The CLI is the operator's door (whoever can read the store's files can read every graph), so
the scope is everything; the HTTP endpoint is where callers are scoped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ipas.cli.common import InputError, cli_errors, opened_store, settings_of
from ipas.cli.saved_query import is_saved_query, parse_params, run_saved, saved_text
from ipas.errors import NotAcceptable
from ipas.query.inference import Inference, scoped
from ipas.security.audit import AuditLog, cli_user
from ipas.store.base import RawResult, Scope, Store

#: --format -> media type. SELECT/ASK use the results formats; CONSTRUCT/DESCRIBE print
#: Turtle unless N-Triples is asked for.
MEDIA = {
    "json": "application/sparql-results+json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
}
TABLE = "table"


def read_query(source: str) -> str:
    """The query text of a file, or of stdin for ``-``."""
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        raise InputError(f"{source}: no such query file")
    return path.read_text(encoding="utf-8")


def run_query(store: Store, text: str, fmt: str, max_rows: int,
              inference: Inference = Inference.ALL) -> RawResult:
    """The answer serialized for ``fmt`` (graph answers fall back to an RDF format)."""
    media = MEDIA["json"] if fmt == TABLE else MEDIA[fmt]
    scope = scoped(Scope.everything(), inference, store)
    try:
        return store.query_raw(text, scope=scope, media_type=media, max_rows=max_rows)
    except NotAcceptable:
        rdf = MEDIA["ntriples"] if fmt == "ntriples" else MEDIA["turtle"]
        return store.query_raw(text, scope=scope, media_type=rdf, max_rows=max_rows)


def print_table(raw: RawResult) -> None:
    out = Console(highlight=False, soft_wrap=True)
    if not raw.media_type.startswith("application/sparql-results+json"):
        out.print(raw.body.decode("utf-8"), markup=False)
        return
    doc = json.loads(raw.body)
    if "boolean" in doc:
        out.print("true" if doc["boolean"] else "false")
        return
    variables = doc["head"]["vars"]
    table = Table(*variables)
    for binding in doc["results"]["bindings"]:
        table.add_row(*(binding.get(v, {}).get("value", "") for v in variables))
    out.print(table)
    out.print(f"{len(doc['results']['bindings'])} row(s)")


@click.command("query")
@click.argument("source", metavar="FILE.rq|-|NAME")
@click.option("--format", "fmt", type=click.Choice([*MEDIA, TABLE]), default=TABLE,
              show_default=True, help="json is SPARQL 1.1 Query Results JSON.")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="At most this many rows (default: the configured result limit).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the saved query NAME (repeatable).")
@click.option("--inference", type=click.Choice([i.value for i in Inference]), default=None,
              help="Read asserted triples only, or with the materialized inferences too "
                   "(default: the saved query's '#+ inference:', else all).")
@click.option("--resolved", is_flag=True,
              help="Saved queries: show resolved actors instead of raw records (ipas resolve).")
@click.option("--show-text", is_flag=True,
              help="Print the saved query's text with the parameters written in, and stop.")
@click.pass_context
def query(ctx: click.Context, source: str, fmt: str, limit: int | None,
          params: tuple[str, ...], inference: str | None, resolved: bool,
          show_text: bool) -> None:
    """Run a SPARQL query from a file (or - for stdin), or the saved query NAME from the
    library (with --param NAME=VALUE), and print the results."""
    settings = settings_of(ctx)
    max_rows = limit or settings.max_result_rows
    saved = source != "-" and not Path(source).is_file() and is_saved_query(settings, source)
    if (params or show_text or resolved) and not saved:
        raise InputError(f"--param, --resolved and --show-text apply to saved queries; "
                         f"{source!r} is not "
                         f"one of {settings.queries_dir}")
    if show_text:
        with cli_errors():
            click.echo(saved_text(settings, source, parse_params(params)), nl=False)
        return
    if not saved and source != "-" and not Path(source).is_file():
        raise InputError(f"{source}: no such query file, and no saved query of that name in "
                         f"{settings.queries_dir}")
    text = "" if saved else read_query(source)
    chosen = Inference(inference) if inference else None
    with cli_errors(), opened_store(ctx, write=False) as store:
        if saved:
            media = MEDIA["json"] if fmt == TABLE else MEDIA[fmt]
            raw = run_saved(store, settings, source, parse_params(params), media, max_rows,
                            chosen, resolved=resolved)
        else:
            raw = run_query(store, text, fmt, max_rows, chosen or Inference.ALL)
    AuditLog(settings.audit_path).record(
        who=cli_user(), role="cli", action="saved_query" if saved else "query", status="ok",
        query=text or None, target=source if saved else None, result_count=raw.row_count)
    if fmt == TABLE:
        print_table(raw)
    else:
        sys.stdout.buffer.write(raw.body)
        sys.stdout.flush()
