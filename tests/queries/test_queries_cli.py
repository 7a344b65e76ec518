"""``ipas query NAME --param k=v``: saved queries from the command line, on the demo."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ipas.cli.main import cli
from ipas.store.oxigraph import OxigraphStore
from tests.queries.demo_tables import DEMO

PACIFIC_FRESH = "https://w3id.org/ipas/id/company/demo/pacific-fresh"


@pytest.fixture
def ipas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    store = OxigraphStore(tmp_path / "store")
    for name in ("geography.ttl", "core.ttl", "finance-amber.ttl"):
        store.load((DEMO / name).read_bytes(), "text/turtle",
                   graph=f"https://w3id.org/ipas/id/graph/batch/{Path(name).stem}")
    store.close()
    monkeypatch.setenv("IPAS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("IPAS_HOME", str(tmp_path / "home"))
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_saved_query_with_typed_params_as_csv(ipas) -> None:
    result = ipas("query", "money-trail", "--param", f"actor={PACIFIC_FRESH}",
                  "--param", "from=2025-03-01", "--param", "to=2025-06-30", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["transfer"].rsplit("/", 1)[1] for r in rows] == [
        "trail-01", "trail-02", "trail-03", "trail-04", "trail-05", "trail-06"]
    assert "_actor" not in rows[0]  # parameter echoes are not columns


def test_saved_query_json_and_table(ipas) -> None:
    result = ipas("query", "facilitators-multiple-networks", "--format", "json")
    doc = json.loads(result.output)
    assert len(doc["results"]["bindings"]) == 3
    table = ipas("query", "facilitators-multiple-networks")
    assert table.exit_code == 0 and "facilitatorLabel" in table.output
    assert "3 row(s)" in table.output


def test_bad_parameters_are_usage_errors_with_the_reason(ipas) -> None:
    bad = ipas("query", "money-trail", "--param", f"actor={PACIFIC_FRESH}",
               "--param", "from=March")
    assert bad.exit_code == 2
    assert "parameter 'from': expected a date as YYYY-MM-DD, got 'March'" in bad.output
    missing = ipas("query", "money-trail")
    assert missing.exit_code == 2 and "parameter 'actor' is required" in missing.output
    assert ipas("query", "money-trail", "--param", "actor").exit_code == 2
    unknown = ipas("query", "no-such-query")
    assert unknown.exit_code == 2 and "no saved query of that name" in unknown.output


def test_params_apply_only_to_saved_queries(ipas, tmp_path: Path) -> None:
    file = tmp_path / "q.rq"
    file.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    result = ipas("query", str(file), "--param", "x=1")
    assert result.exit_code == 2 and "apply to saved queries" in result.output


def test_show_text_prints_what_runs_and_it_runs_the_same(ipas, tmp_path: Path) -> None:
    shown = ipas("query", "money-trail", "--param", f"actor={PACIFIC_FRESH}",
                 "--param", "from=2025-03-01", "--show-text")
    assert shown.exit_code == 0, shown.output
    assert f"<{PACIFIC_FRESH}>" in shown.output and "?_actor" not in shown.output
    assert '"2025-03-01"^^<http://www.w3.org/2001/XMLSchema#date>' in shown.output
    assert "?_to" not in shown.output  # the absent parameter's FILTER is gone
    saved = ipas("query", "money-trail", "--param", f"actor={PACIFIC_FRESH}",
                 "--param", "from=2025-03-01", "--format", "csv")
    text_file = tmp_path / "shown.rq"
    text_file.write_text(shown.output)
    as_file = ipas("query", str(text_file), "--format", "csv")
    assert as_file.exit_code == 0 and as_file.output == saved.output
    assert ipas("query", str(text_file), "--show-text").exit_code == 2
