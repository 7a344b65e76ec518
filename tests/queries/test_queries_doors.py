"""Every saved query on the store ``ipas demo`` builds (reasoning on), through each door a
user takes: ``ipas query NAME``, ``GET /queries/NAME`` and ``POST /sparql`` on a live
loopback server (the app opening the store itself, real tokens and scopes). The three give
the same rows, no row twice, and the same answer whether inferences are read or not.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from api.app import create_app
from ipas.cli.main import cli
from ipas.query.inference import Inference
from ipas.query.registry import QueryRegistry
from ipas.security.markings import Marking
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.settings import Settings
from tests.api_sparql.live import serve
from tests.queries.demo_tables import number
from tests.remote.test_remote_differential import concatenated_columns

BASE = "https://w3id.org/ipas/id/"
#: The parameters demo/README.md documents each answer with (others take none).
PARAMS: dict[str, dict[str, str]] = {
    "money-trail": {"actor": BASE + "company/demo/pacific-fresh", "from": "2025-03-01",
                    "to": "2025-06-30"},
    "network-footprint": {"network": BASE + "organization/demo/valle-dorado"},
    "entity-profile": {"entity": BASE + "person/demo/hector-ibarra"},
    "new-activity": {"since": "2025-09-01"},
}
Row = tuple[tuple[str, str], ...]


def canonical(row: dict[str, Any], concatenated: dict[str, str] | None = None) -> Row:
    """A row as comparable text: numbers in one form, GROUP_CONCAT columns (``concatenated``:
    name -> separator) in one order (SPARQL leaves it open)."""
    cells = []
    for key, value in row.items():
        if isinstance(value, bool):  # JSON true from REST, "true" from SPARQL results
            value = str(value).lower()
        text = number(str(value).replace("\\|", "|")) if value is not None else ""
        separator = (concatenated or {}).get(key)
        if separator:
            text = separator.join(sorted(text.split(separator)))
        cells.append((key, text))
    return tuple(sorted(cells))


def sparql_json_rows(doc: dict[str, Any], concatenated: dict[str, str]) -> list[Row]:
    return [canonical({k: v["value"] for k, v in b.items()}, concatenated)
            for b in doc["results"]["bindings"]]


@pytest.fixture(scope="module")
def server(demo_settings: Settings) -> Iterator[tuple[str, dict[str, str]]]:
    """``ipas serve`` on the demo store, and the bearer header of an analyst cleared for
    every marking at HSI (the owner of the TLP:RED batch), who sees what the operator's CLI sees."""
    _, token = TokenStore(demo_settings.home / "tokens.json").create(
        "doors-analyst", Role.ANALYST, agency="HSI",
        markings=frozenset(m.value for m in Marking))
    with serve(create_app(demo_settings)) as url:
        yield url, {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def library() -> QueryRegistry:
    return QueryRegistry.load(Settings().queries_dir)


def names() -> list[str]:
    return QueryRegistry.load(Settings().queries_dir).names()


@pytest.mark.parametrize("name", names())
def test_cli_queries_and_sparql_agree_without_duplicates(
        name: str, server: tuple[str, dict[str, str]], demo_settings: Settings,
        library: QueryRegistry, run: Any) -> None:
    url, analyst = server
    params = PARAMS.get(name, {})
    lists = concatenated_columns(library.get(name).text)
    args = [f"--param={k}={v}" for k, v in params.items()]
    out = CliRunner().invoke(cli, ["--store", demo_settings.store, "--home",
                                   str(demo_settings.home), "query", name, *args,
                                   "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    by_cli = sparql_json_rows(json.loads(out.output), lists)

    rest = httpx.get(f"{url}/queries/{name}", params=params, headers=analyst, timeout=60)
    assert rest.status_code == 200, rest.text
    assert rest.json()["inference"] == library.get(name).inference.value
    by_rest = [canonical(r, lists) for r in rest.json()["rows"]]

    text = library.get(name).instantiate(params)
    sparql = httpx.post(f"{url}/sparql", timeout=60, headers={
        **analyst, "Accept": "application/sparql-results+json"}, data={
        "query": text, "inference": library.get(name).inference.value})
    assert sparql.status_code == 200, sparql.text
    by_sparql = sparql_json_rows(sparql.json(), lists)

    assert by_cli, f"{name}: the demo documents an answer"
    assert Counter(by_cli) == Counter(by_rest) == Counter(by_sparql)
    assert len(set(by_cli)) == len(by_cli), f"{name} repeats rows"
    # Reading inferences or not changes nothing: no row per inferred type or inverse.
    modes = {mode: Counter(canonical(r, lists) for r in run(name, inference=mode, **params))
             for mode in Inference}
    assert modes[Inference.ASSERTED] == modes[Inference.ALL]


def test_sparql_inference_switch_drops_only_inferred_graphs(
        server: tuple[str, dict[str, str]]) -> None:
    url, analyst = server
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"

    def n(**extra: str) -> int:
        r = httpx.get(f"{url}/sparql", params={"query": count, **extra}, headers=analyst,
                      timeout=60)
        assert r.status_code == 200, r.text
        return int(r.json()["results"]["bindings"][0]["n"]["value"])

    everything, asserted = n(), n(inference="asserted")
    assert n(inference="all") == everything > asserted > 0
    graphs = httpx.get(f"{url}/sparql", headers=analyst, timeout=60, params={
        "inference": "asserted",
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
    assert not [b for b in graphs["results"]["bindings"] if b["g"]["value"].endswith(
        "/inferred")]
    bad = httpx.get(f"{url}/sparql", params={"query": count, "inference": "some"},
                    headers=analyst, timeout=60)
    assert bad.status_code == 422 and "asserted or all" in bad.json()["message"]
    described = httpx.get(f"{url}/sparql", headers={**analyst, "Accept": "text/turtle"},
                          timeout=60)
    assert "InferenceSwitch" in described.text


def test_saved_query_switch_over_rest_and_cli(server: tuple[str, dict[str, str]],
                                              demo_settings: Settings) -> None:
    url, analyst = server
    for mode in ("asserted", "all"):
        r = httpx.get(f"{url}/queries/low-grade-links", params={"inference": mode},
                      headers=analyst, timeout=60)
        assert r.status_code == 200 and r.json()["inference"] == mode
        assert len(r.json()["rows"]) == 2
    bad = httpx.post(f"{url}/queries/low-grade-links", json={"inference": 3},
                     headers=analyst, timeout=60)
    assert bad.status_code == 422
    asserted = CliRunner().invoke(cli, [
        "--store", demo_settings.store, "--home", str(demo_settings.home), "query", "-",
        "--inference", "asserted", "--format", "csv"],
        input="SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }", catch_exceptions=False)
    everything = CliRunner().invoke(cli, [
        "--store", demo_settings.store, "--home", str(demo_settings.home), "query", "-",
        "--format", "csv"], input="SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }",
        catch_exceptions=False)
    assert asserted.exit_code == everything.exit_code == 0
    assert int(asserted.output.split()[1]) < int(everything.output.split()[1])
