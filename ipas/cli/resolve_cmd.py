"""``ipas resolve run|review|accept|reject|undo|export|actors``: entity resolution.

The CLI is the operator's door, so it reads every graph (as ``ipas query`` does); REST
(``/resolution``) is where callers are scoped. What the commands do lives in
:mod:`ipas.resolution.service`.
"""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ipas.cli.common import cli_errors, console, opened_store, settings_of
from ipas.resolution.decisions import export_csv
from ipas.resolution.service import ResolutionService
from ipas.security.audit import AuditLog, cli_user
from ipas.store.base import Scope

# Tables go to stdout, wide enough for whole IRIs when piped (they are what accept/reject take).
out = Console(highlight=False, width=None if sys.stdout.isatty() else 240)
WHY = click.option("--why", default=None, help="Why (kept with the decision).")


@click.group("resolve")
def resolve() -> None:
    """Entity resolution: one actor across sources, with evidence, reversible."""


def _audit(ctx: click.Context, action: str, target: str | None) -> None:
    AuditLog(settings_of(ctx).audit_path).record(
        who=cli_user(), role="cli", action=action, status="ok", target=target)


@resolve.command("run")
@WHY
@click.pass_context
def run(ctx: click.Context, why: str | None) -> None:
    """Find candidate pairs, score them, store suggestions and auto-accept the sure ones."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with cli_errors(), opened_store(ctx, write=True) as store, \
            Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("indexing records", total=None)

        def progress(stage: str, advance: int, total: int | None) -> None:
            if total is not None:
                bar.update(task, total=total, completed=0 if stage == "records" else total,
                           description="indexing records" if stage == "records" else "scored")
            elif advance:
                bar.advance(task, advance)
            else:
                bar.update(task, description="scoring candidate pairs")

        service = ResolutionService(store, settings_of(ctx))
        report = service.run(Scope.everything(), by=cli_user(),
                             why=why or "ipas resolve run", progress=progress)
    _audit(ctx, "resolve_run", target=report.batch)
    click.echo(f"{report.records} records, {report.candidates} pairs scored >= "
               f"{report.review_threshold}; {report.suggested} suggested, "
               f"{report.auto_accepted} auto-accepted (>= {report.threshold}, attributes "
               f"agree), {report.skipped_decided} already decided"
               + (f"; batch {report.batch}" if report.batch else "; nothing new"))


@resolve.command("review")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def review(ctx: click.Context, limit: int, min_score: float, as_json: bool) -> None:
    """Suggestions waiting for a decision, best score first, with their evidence."""
    with cli_errors(), opened_store(ctx, write=False) as store:
        pending = ResolutionService(store, settings_of(ctx)).review(
            Scope.everything(), limit=limit, min_score=min_score)
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in pending], indent=2))
        return
    table = Table("score", "left", "right", "evidence")
    for d in pending:
        evidence = ", ".join(f"{k}={v:g}" for k, v in d.features.items())
        table.add_row(f"{d.score or 0:.3f}", d.left, d.right, evidence)
    out.print(table)
    out.print(f"{len(pending)} suggestion(s)")


def _decide(ctx: click.Context, left: str, right: str, verdict: str, why: str | None) -> None:
    with cli_errors(), opened_store(ctx, write=True) as store:
        decision = ResolutionService(store, settings_of(ctx)).decide(
            Scope.everything(), left, right, verdict, by=cli_user(),
            why=why or f"{verdict} by {cli_user()}")
    _audit(ctx, f"resolve_{verdict}", target=f"{decision.left} {decision.right}")
    click.echo(f"{verdict}: {decision.left} {decision.right} (batch {decision.batch})")


@resolve.command("accept")
@click.argument("left")
@click.argument("right")
@WHY
@click.pass_context
def accept(ctx: click.Context, left: str, right: str, why: str | None) -> None:
    """Decide that LEFT and RIGHT are one actor."""
    _decide(ctx, left, right, "positive", why)


@resolve.command("reject")
@click.argument("left")
@click.argument("right")
@WHY
@click.pass_context
def reject(ctx: click.Context, left: str, right: str, why: str | None) -> None:
    """Decide that LEFT and RIGHT are different actors (blocks any merge across them)."""
    _decide(ctx, left, right, "negative", why)


@resolve.command("undo")
@click.option("--batch", default=None, help="Retract this decision batch (default: the latest).")
@click.option("--pair", nargs=2, default=None, metavar="LEFT RIGHT",
              help="Retract the decision in force for this pair.")
@WHY
@click.pass_context
def undo(ctx: click.Context, batch: str | None, pair: tuple[str, str] | None,
         why: str | None) -> None:
    """Retract decisions (a new batch says so; nothing is deleted)."""
    with cli_errors(), opened_store(ctx, write=True) as store:
        retracted = ResolutionService(store, settings_of(ctx)).undo(
            Scope.everything(), by=cli_user(), why=why or "ipas resolve undo", batch=batch,
            pair=pair or None)
    _audit(ctx, "resolve_undo", target=batch or (" ".join(pair) if pair else None))
    click.echo(f"retracted {len(retracted)} decision(s)")


@resolve.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: - for stdout).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: object) -> None:
    """Every suggestion and decision in force: left,right,score,decision."""
    with cli_errors(), opened_store(ctx, write=False) as store:
        decisions = ResolutionService(store, settings_of(ctx)).export(Scope.everything())
    if fmt == "json":
        click.echo(json.dumps([d.to_dict() for d in decisions], indent=2), file=output)  # type: ignore[arg-type]
    else:
        click.echo(export_csv(decisions), file=output, nl=False)  # type: ignore[arg-type]


@resolve.command("actors")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_context
def actors(ctx: click.Context, as_json: bool) -> None:
    """Resolved actors: canonical IRI, members, and the decisions that joined them."""
    with cli_errors(), opened_store(ctx, write=False) as store:
        view = ResolutionService(store, settings_of(ctx)).view(Scope.everything())
    rows = view.actors()
    if as_json:
        click.echo(json.dumps([a.to_dict() for a in rows], indent=2))
        return
    table = Table("actor", "members", "why")
    for actor in rows:
        table.add_row(actor.iri, "\n".join(actor.members),
                      "\n".join(d.why for d in actor.decisions))
    out.print(table)
    out.print(f"{len(rows)} resolved actor(s)")
