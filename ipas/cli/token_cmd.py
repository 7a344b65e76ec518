"""``ipas token create|list|revoke``: manage the deployment's bearer tokens.

The token itself is printed once, as the last line of ``create`` (so scripts can take it with
``tail -n1``); only its salted hash is kept, in ``{IPAS_HOME}/tokens.json``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import click

from ipas.errors import IpasError
from ipas.security.audit import AuditLog, cli_user
from ipas.security.markings import parse_markings
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore, parse_expiry
from ipas.settings import Settings, get_settings

ROLES = [r.value for r in Role]


def _settings(ctx: click.Context) -> Settings:
    """The group's settings when it passes them in ``ctx.obj``, else the environment's."""
    obj = ctx.find_object(Settings)
    if obj is not None:
        return obj
    found = getattr(ctx.obj, "settings", None)
    if isinstance(found, Settings):
        return found
    if isinstance(ctx.obj, dict) and isinstance(ctx.obj.get("settings"), Settings):
        return ctx.obj["settings"]
    return get_settings()


def token_store(ctx: click.Context) -> TokenStore:
    return TokenStore(_settings(ctx).home / "tokens.json")


class _InputError(click.ClickException):
    exit_code = 2  # the CLI's code for usage and input errors


def _fail(exc: IpasError) -> click.ClickException:
    return _InputError(str(exc))


@click.group("token")
def token() -> None:
    """Create, list and revoke bearer tokens."""


@token.command("create")
@click.option("--name", required=True, help="Who or what holds the token (unique while active).")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What the holder may do.")
@click.option(
    "--markings",
    multiple=True,
    help="TLP clearance, comma-separated or repeated (default: all but RED; admins: all).",
)
@click.option("--agency", help="The holder's agency (required for partners; exact match).")
@click.option("--expires", help="ISO date or time; a date means 00:00 UTC that day.")
@click.pass_context
def create(
    ctx: click.Context,
    name: str,
    role: str,
    markings: tuple[str, ...],
    agency: str | None,
    expires: str | None,
) -> None:
    """Create a token and print it (last line). It is shown only this once."""
    try:
        record, secret = token_store(ctx).create(
            name,
            Role(role),
            markings=parse_markings(markings) if markings else None,
            agency=agency,
            expires=parse_expiry(expires) if expires else None,
        )
    except IpasError as exc:
        raise _fail(exc) from None
    AuditLog(_settings(ctx).audit_path).record(
        who=cli_user(), role="cli", action="token_create", status="ok", target=record.id,
        token_name=record.name, token_role=record.role, agency=record.agency,
        markings=list(record.markings), expires=record.expires,
    )
    click.echo(
        f"created token {record.id} for {record.name!r}: role {record.role}, "
        f"markings {', '.join(record.markings) or '-'}, agency {record.agency or '-'}, "
        f"expires {record.expires or 'never'}",
        err=True,
    )
    click.echo("store it now; it cannot be shown again:", err=True)
    click.echo(secret)


@token.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.pass_context
def list_tokens(ctx: click.Context, as_json: bool) -> None:
    """List tokens (id, name, role, markings, agency, status); never their secrets."""
    now = datetime.now(UTC)
    try:
        rows = [r.public(now) for r in token_store(ctx).all()]
    except IpasError as exc:
        raise _fail(exc) from None
    if as_json:
        for row in rows:
            click.echo(json.dumps(row))
        return
    header = f"{'ID':<13} {'NAME':<20} {'ROLE':<8} {'STATUS':<8} {'AGENCY':<12} EXPIRES  MARKINGS"
    click.echo(header)
    for row in rows:
        click.echo(
            f"{row['id']:<13} {row['name'][:20]:<20} {row['role']:<8} {row['status']:<8} "
            f"{(row['agency'] or '-')[:12]:<12} {row['expires'] or 'never'}  "
            f"{','.join(row['markings'])}"
        )


@token.command("revoke")
@click.argument("id_or_name")
@click.pass_context
def revoke(ctx: click.Context, id_or_name: str) -> None:
    """Revoke a token by id, or every active token with that name. Effective at once."""
    try:
        records = token_store(ctx).revoke(id_or_name)
    except IpasError as exc:
        raise _fail(exc) from None
    log = AuditLog(_settings(ctx).audit_path)
    for r in records:
        log.record(who=cli_user(), role="cli", action="token_revoke", status="ok",
                   target=r.id, token_name=r.name)
        click.echo(f"revoked {r.id} ({r.name})")
