"""``ipas batches reason``: a batch's inferred graph derived anew, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ipas.cli.main import cli
from ipas.graphs import GraphNames
from ipas.settings import Settings
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

CARTEL = """@prefix ipas: <https://w3id.org/ipas/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ipas/id/org/x> a ipas:Cartel ; rdfs:label "X" .
"""


def _ipas(settings: Settings, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--store", settings.store, "--home", str(settings.home),
                                      *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _inferred(settings: Settings, graph: str) -> set[tuple[str, str, str]]:
    store = OxigraphStore(Path(settings.store), read_only=True)
    rows = store.select("SELECT ?s ?p ?o { ?s ?p ?o }", scope=Scope.of([graph])).rows
    return {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows}


def test_reason_again_replaces_the_inferred_graph(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    names = GraphNames(settings.base_iri)
    path = tmp_path / "cartel.ttl"
    path.write_text(CARTEL)
    _ipas(settings, "load", str(path), "--source", "reasoned")
    _ipas(settings, "load", str(path), "--source", "plain", "--no-reason")
    reasoned, plain = json.loads(_ipas(settings, "batches", "list", "--json"))
    assert reasoned["inferred"] > 3 and plain["inferred"] == 0
    # A stale inference (an ontology release dropped its axiom) must not survive.
    store = OxigraphStore(Path(settings.store))
    store.load(b"<https://w3id.org/ipas/id/org/x> a <urn:x:Stale> .", "text/turtle",
               graph=names.inferred_for(plain["graph"]))
    store.close()
    output = _ipas(settings, "batches", "reason", "--all")
    assert f"batch {plain['id']}: {reasoned['inferred']} inferred" in output
    assert _inferred(settings, names.inferred_for(plain["graph"])) == _inferred(
        settings, names.inferred_for(reasoned["graph"]))
    listed = json.loads(_ipas(settings, "batches", "list", "--json"))
    assert [b["inferred"] for b in listed] == [reasoned["inferred"]] * 2
