"""``ipas batches list|show|retract|reason`` and ``ipas quarantine list|show``."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from ipas.catalog import Catalog
from ipas.cli.common import cli_errors, opened_store, settings_of
from ipas.cli.report import print_quarantined
from ipas.ingest import Ingestor
from ipas.quarantine import Quarantine
from ipas.security.audit import AuditLog, cli_user

out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
AS_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


@click.group("batches")
def batches() -> None:
    """The batch catalog: what was loaded, from where, how it is marked."""


@batches.command("list")
@click.option("--all", "include_retracted", is_flag=True, help="Include retracted batches.")
@AS_JSON
@click.pass_context
def list_batches(ctx: click.Context, include_retracted: bool, as_json: bool) -> None:
    """List batches, oldest first."""
    with cli_errors(), opened_store(ctx, write=False) as store:
        entries = Catalog(store, settings_of(ctx)).batches(include_retracted=include_retracted)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entries], indent=2))
        return
    table = Table("id", "source", "marking", "agency", "grade", "records", "triples",
                  "inferred", "quarantined", "status")
    for e in entries:
        grade = f"{e.reliability or '-'}{e.credibility or '-'}"
        table.add_row(e.id, e.source, e.marking or "", e.agency or "", grade, str(e.records),
                      str(e.triples), str(e.inferred), str(e.quarantined), e.status)
    out.print(table)


@batches.command("show")
@click.argument("batch_id")
@click.pass_context
def show_batch(ctx: click.Context, batch_id: str) -> None:
    """Everything the catalog records about one batch (JSON)."""
    with cli_errors(), opened_store(ctx, write=False) as store:
        entry = Catalog(store, settings_of(ctx)).get(batch_id)
    click.echo(json.dumps(entry.to_dict(), indent=2))


@batches.command("retract")
@click.argument("batch_id")
@click.pass_context
def retract(ctx: click.Context, batch_id: str) -> None:
    """Drop a batch's graphs; its catalog entry stays, marked retracted."""
    with cli_errors(), opened_store(ctx, write=True) as store:
        entry = Ingestor(store, settings_of(ctx)).retract(batch_id)
    AuditLog(settings_of(ctx).audit_path).record(
        who=cli_user(), role="cli", action="retract", status="ok", target=entry.id)
    click.echo(f"batch {entry.id} {entry.status}")


@batches.command("reason")
@click.argument("batch_ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every committed batch.")
@click.pass_context
def reason(ctx: click.Context, batch_ids: tuple[str, ...], every: bool) -> None:
    """Derive batches' OWL RL inferences anew (after an ontology change, or a load with
    --no-reason); each batch's inferred graph is replaced in one update."""
    if not batch_ids and not every:
        raise click.UsageError("name batch ids, or give --all")
    with cli_errors(), opened_store(ctx, write=True) as store:
        ingestor = Ingestor(store, settings_of(ctx))
        ids = [e.id for e in ingestor.catalog.batches()] if every else list(batch_ids)
        for batch_id in ids:
            entry = ingestor.reason_again(batch_id)
            AuditLog(settings_of(ctx).audit_path).record(
                who=cli_user(), role="cli", action="reason", status="ok", target=entry.id)
            click.echo(f"batch {entry.id}: {entry.inferred} inferred")


@click.group("quarantine")
def quarantine() -> None:
    """Records held back by validation, with reasons and source positions."""


@quarantine.command("list")
@click.pass_context
def list_quarantine(ctx: click.Context) -> None:
    """Batches with quarantined records."""
    with cli_errors():
        summaries = Quarantine(settings_of(ctx).home).summaries()
    table = Table("batch", "records", "sources")
    for s in summaries:
        table.add_row(s.batch_id, str(s.records), ", ".join(s.sources))
    out.print(table)


@quarantine.command("show")
@click.argument("batch_id")
@AS_JSON
@click.pass_context
def show_quarantine(ctx: click.Context, batch_id: str, as_json: bool) -> None:
    """The quarantined records of one batch: position, reasons, triples."""
    with cli_errors():
        records = Quarantine(settings_of(ctx).home).show(batch_id)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in records], indent=2, ensure_ascii=False))
    else:
        print_quarantined(records)
