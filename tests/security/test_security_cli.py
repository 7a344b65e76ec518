"""``ipas token`` and ``ipas audit``: token printed last, never listed, revocation, search."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ipas.cli.audit_cmd import audit
from ipas.cli.token_cmd import token
from ipas.security.audit import AuditLog
from ipas.security.tokens import TokenStore
from ipas.settings import Settings


def run(settings: Settings, command, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(command, list(args), obj=settings, catch_exceptions=False)


def test_create_prints_token_last_and_it_verifies(settings: Settings) -> None:
    result = run(
        settings,
        token,
        "create",
        "--name",
        "mx",
        "--role",
        "partner",
        "--agency",
        "MX-FGR",
        "--markings",
        "TLP:CLEAR,green",
        "--markings",
        "amber",
        "--expires",
        "2999-01-01",
    )
    assert result.exit_code == 0, result.output
    secret = result.stdout.strip().splitlines()[-1]
    record = TokenStore(settings.home / "tokens.json").verify(secret)
    assert (record.role, record.agency) == ("partner", "MX-FGR")
    assert set(record.markings) == {"TLP:CLEAR", "TLP:GREEN", "TLP:AMBER"}
    assert record.expires == "2999-01-01T00:00:00+00:00"


def test_list_never_shows_secrets_and_revoke_takes_effect(settings: Settings) -> None:
    created = run(settings, token, "create", "--name", "ana", "--role", "analyst")
    secret = created.stdout.strip().splitlines()[-1]
    for args in (["list"], ["list", "--json"]):
        listed = run(settings, token, *args)
        assert listed.exit_code == 0
        assert "ana" in listed.output and secret not in listed.output
        assert secret.split("_", 2)[2][:10] not in listed.output
    rows = [json.loads(line) for line in run(settings, token, "list", "--json").stdout.splitlines()]
    assert rows[0]["status"] == "active" and "hash" not in rows[0] and "salt" not in rows[0]
    assert run(settings, token, "revoke", "ana").exit_code == 0
    rows = [json.loads(line) for line in run(settings, token, "list", "--json").stdout.splitlines()]
    assert rows[0]["status"] == "revoked"
    assert run(settings, token, "revoke", "ana").exit_code == 2  # nothing active left
    actions = [(e["action"], e["token_name"]) for e in AuditLog(settings.audit_path).entries()]
    assert actions == [("token_create", "ana"), ("token_revoke", "ana")]
    assert secret not in settings.audit_path.read_text()


def test_usage_errors_exit_2(settings: Settings) -> None:
    assert run(settings, token, "create", "--name", "p", "--role", "partner").exit_code == 2
    bad_marking = run(
        settings, token, "create", "--name", "a", "--role", "reader", "--markings", "x"
    )
    assert bad_marking.exit_code == 2
    bad_date = run(
        settings, token, "create", "--name", "a", "--role", "reader", "--expires", "soon"
    )
    assert bad_date.exit_code == 2
    assert run(settings, token, "create", "--name", "a", "--role", "god").exit_code == 2
    assert not (settings.home / "tokens.json").exists()


def test_audit_search_filters(settings: Settings) -> None:
    log = AuditLog(settings.audit_path)
    log.record(who="ana", role="analyst", action="query", query="ASK {}", status="ok")
    log.record(who="mx", role="partner", action="update", status="error:forbidden")
    log.record(who="ana", role="analyst", action="query", query="SELECT * {}", status="ok")

    def search(*args: str) -> list[dict[str, object]]:
        result = run(settings, audit, *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.stdout.splitlines()]

    assert len(search()) == 3
    assert [e["query"] for e in search("--who", "ana")] == ["ASK {}", "SELECT * {}"]
    assert [e["who"] for e in search("--status", "error")] == ["mx"]
    assert [e["action"] for e in search("--action", "update")] == ["update"]
    assert search("--since", "2999-01-01") == []
    assert len(search("--since", "2000-01-01")) == 3
    assert [e["query"] for e in search("--who", "ana", "--limit", "1")] == ["SELECT * {}"]
    assert run(settings, audit, "--since", "yesterday-ish").exit_code == 2


def test_audit_on_empty_deployment_prints_nothing(settings: Settings, tmp_path: Path) -> None:
    result = run(settings, audit)
    assert result.exit_code == 0 and result.stdout == ""


def test_commands_are_registered_in_the_ipas_group(tmp_path: Path) -> None:
    from ipas.cli.main import cli

    runner = CliRunner()
    home = str(tmp_path / "home")
    created = runner.invoke(
        cli, ["--home", home, "token", "create", "--name", "ops", "--role", "admin"]
    )
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("ipas_")
    listed = runner.invoke(cli, ["--home", home, "token", "list"])
    assert "ops" in listed.stdout and secret not in listed.stdout
    assert runner.invoke(cli, ["--home", home, "audit"]).exit_code == 0
    assert runner.invoke(cli, ["--home", home, "token", "revoke", "ops"]).exit_code == 0


def test_cli_loads_queries_and_retractions_are_audited(tmp_path: Path) -> None:
    from ipas.cli.main import cli

    runner = CliRunner()
    base = ["--home", str(tmp_path / "home"), "--store", str(tmp_path / "store")]
    data = Path(__file__).resolve().parent.parent / "data" / "security" / "green.ttl"
    loaded = runner.invoke(cli, [*base, "load", str(data), "--marking", "TLP:GREEN"])
    assert loaded.exit_code == 0, loaded.output
    query = tmp_path / "q.rq"
    query.write_text("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert runner.invoke(cli, [*base, "query", str(query), "--format", "csv"]).exit_code == 0
    log = AuditLog(tmp_path / "home" / "audit.jsonl")
    ingest, asked = list(log.entries())
    assert ingest["action"] == "ingest" and ingest["who"].startswith("cli:")
    assert ingest["marking"] == "TLP:GREEN" and ingest["result_count"] == 8
    assert asked["action"] == "query" and asked["query"] == query.read_text()
    assert asked["result_count"] >= 8  # the batch, its catalog entry, the ontology
    retracted = runner.invoke(cli, [*base, "batches", "retract", ingest["target"]])
    assert retracted.exit_code == 0, retracted.output
    assert list(log.entries())[-1]["action"] == "retract"
