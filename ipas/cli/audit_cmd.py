"""``ipas audit``: search the append-only audit log (JSON lines out, a Unix filter)."""

from __future__ import annotations

import json
from collections import deque

import click

from ipas.cli.token_cmd import _settings
from ipas.errors import BadInput
from ipas.security.audit import AuditLog
from ipas.security.tokens import parse_expiry


@click.command("audit")
@click.option("--who", help="Principal name (exact).")
@click.option("--action", help="query, update, ingest, graph_store, saved_query, ...")
@click.option("--since", help="ISO date or time (a date means 00:00 UTC).")
@click.option("--status", help="Status prefix: ok, error, error:forbidden, ...")
@click.option("--limit", type=click.IntRange(min=1), help="Only the last N matches.")
@click.pass_context
def audit(
    ctx: click.Context,
    who: str | None,
    action: str | None,
    since: str | None,
    status: str | None,
    limit: int | None,
) -> None:
    """Print matching audit entries, oldest first, one JSON object per line."""
    try:
        moment = parse_expiry(since) if since else None
    except BadInput as exc:
        err = click.BadParameter(exc.message, param_hint="--since")
        raise err from None
    log = AuditLog(_settings(ctx).audit_path)
    matches = log.search(who=who, action=action, since=moment, status=status)
    for entry in deque(matches, maxlen=limit) if limit else matches:
        click.echo(json.dumps(entry, ensure_ascii=False))
