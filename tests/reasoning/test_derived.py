"""Derived facts (ipas.derived): materialized at commit where their premises are, kept
correct when a batch they follow from is retracted, shown only to callers who see every batch
they follow from, and read by the saved queries with one answer in both inference modes.

Through the pipeline (``Ingestor``, reasoning on), as ``ipas load`` and ``/ingest`` run it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipas.graphs import GraphNames
from ipas.ingest import Ingestor
from ipas.query.inference import Inference
from ipas.query.registry import QueryRegistry
from ipas.security.control import BatchAccess, TokenAccessControl
from ipas.security.principal import Principal, Role
from ipas.security.tokens import TokenStore
from ipas.settings import PROJECT_ROOT, Settings
from ipas.sources import LoadOptions
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

X = "https://w3id.org/ipas/id/test/"
HEAD = """@prefix ipas: <https://w3id.org/ipas/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix x: <https://w3id.org/ipas/id/test/> .
"""
#: A cell of a faction (green batch); the faction part of a cartel (amber batch); a broker
#: serving the cell and another network (third batch).
FILES = {
    "cells": 'x:cell a ipas:CriminalCell ; rdfs:label "cell" ; ipas:subOrganizationOf x:faction .\n'
             'x:faction a ipas:CriminalOrganization ; rdfs:label "faction" .',
    "cartel": 'x:cartel a ipas:Cartel ; rdfs:label "cartel" ; ipas:hasSubOrganization x:faction .\n'
              'x:faction a ipas:CriminalOrganization ; rdfs:label "faction" .',
    "roles": 'x:broker a ipas:Person ; rdfs:label "broker" .\n'
             'x:other a ipas:CriminalOrganization ; rdfs:label "other" .\n'
             'x:cell a ipas:CriminalCell ; rdfs:label "cell" .\n'
             'x:r1 a ipas:Facilitation ; ipas:facilitator x:broker ; ipas:servedNetwork x:cell ;'
             ' ipas:service ipas:Service_MoneyLaundering .\n'
             'x:r2 a ipas:Facilitation ; ipas:facilitator x:broker ; ipas:servedNetwork x:other ;'
             ' ipas:service ipas:Service_MoneyLaundering .',
}
MARKINGS = {"cells": "TLP:GREEN", "cartel": "TLP:AMBER", "roles": "TLP:GREEN"}
WITHIN = "https://w3id.org/ipas/ontology#withinNetwork"


@pytest.fixture()
def world(tmp_path: Path) -> Iterator[tuple[Ingestor, dict[str, str]]]:
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = OxigraphStore(tmp_path / "store")
    ingestor = Ingestor(store, settings)
    ids = {}
    for name, body in FILES.items():
        (tmp_path / f"{name}.ttl").write_text(HEAD + body, encoding="utf-8")
        result = ingestor.ingest([tmp_path / f"{name}.ttl"], options=LoadOptions(
            source_name=name, marking=MARKINGS[name], agency="HSI"))
        assert result.created and not result.quarantined, result.quarantined
        ids[name] = result.batch.id
    yield ingestor, ids
    store.close()


def facts(ingestor: Ingestor) -> set[tuple[str, str, str]]:
    """(graph, subject, object) of every ipas:withinNetwork fact, test IRIs shortened."""
    rows = ingestor.store.select(f"SELECT ?g ?x ?y WHERE {{ GRAPH ?g {{ ?x <{WITHIN}> ?y }} }}",
                                 scope=Scope.everything()).rows
    return {(str(r["g"]), str(r["x"]).removeprefix(X), str(r["y"]).removeprefix(X))
            for r in rows}


def test_facts_sit_where_their_premises_are(world: tuple[Ingestor, dict[str, str]]) -> None:
    ingestor, ids = world
    names = ingestor.names
    assert facts(ingestor) == {
        (names.inferred_for(names.batch(ids["cells"])), "cell", "faction"),
        (names.inferred_for(names.batch(ids["cartel"])), "faction", "cartel"),
        (names.derived_for([ids["cells"], ids["cartel"]]), "cell", "cartel"),
    }
    # The catalog's inferred counts are still the SPARQL counts of the inferred graphs.
    for entry in ingestor.catalog.batches():
        graph = Scope.of([names.inferred_for(entry.graph)])
        assert entry.inferred == ingestor.store.stats(scope=graph).triples, entry.source


def test_retraction_removes_what_only_it_supported(
        world: tuple[Ingestor, dict[str, str]]) -> None:
    ingestor, ids = world
    names = ingestor.names
    ingestor.retract(ids["cartel"])
    assert facts(ingestor) == {
        (names.inferred_for(names.batch(ids["cells"])), "cell", "faction")}
    assert not [g for g in ingestor.store.graphs() if g.startswith(names.derived_prefix)]


def test_a_caller_sees_a_fact_only_with_all_its_batches(
        world: tuple[Ingestor, dict[str, str]], tmp_path: Path) -> None:
    ingestor, ids = world
    names = ingestor.names
    batches = [BatchAccess(e.id, e.graph, e.marking, e.agency) for e in ingestor.catalog.batches()]
    control = TokenAccessControl(TokenStore(tmp_path / "tokens.json"), lambda: batches, names,
                                 graphs=ingestor.store.graphs)
    joint = names.derived_for([ids["cells"], ids["cartel"]])
    partner = Principal("mx", Role.PARTNER, markings=frozenset({"TLP:GREEN", "TLP:AMBER"}),
                        agency="MX-FGR")  # AMBER not shared with MX-FGR: the cartel is hidden
    analyst = Principal("ana", Role.ANALYST, markings=frozenset({"TLP:GREEN", "TLP:AMBER"}))
    assert joint not in (control.scope_for(partner).graphs or set())
    assert joint in (control.scope_for(analyst).graphs or set())


@pytest.mark.parametrize("mode", list(Inference))
def test_saved_query_reads_them_with_one_answer_per_scope(
        world: tuple[Ingestor, dict[str, str]], mode: Inference) -> None:
    """The broker serves the cartel (through the cell and faction, across two batches) and
    another network; without the cartel's batch, the faction is the cell's top network."""
    ingestor, ids = world
    names = ingestor.names
    registry = QueryRegistry.load(PROJECT_ROOT / "queries")

    def networks(*batches: str) -> str:
        graphs = [g for b in batches for g in (names.batch(ids[b]),
                                               names.inferred_for(names.batch(ids[b])))]
        if len(batches) == 3:
            graphs.append(names.derived_for([ids["cells"], ids["cartel"]]))
        answer = registry.run(ingestor.store, "facilitators-multiple-networks", {},
                              scope=Scope.of([*graphs, names.ontology]), inference=mode)
        assert answer.select is not None
        return " ".join(sorted(str(r["networkLabels"]) for r in answer.select.rows))

    assert networks("cells", "cartel", "roles") in ("cartel | other", "other | cartel")
    assert networks("cells", "roles") in ("faction | other", "other | faction")


def test_places_reach_their_country_across_batches(tmp_path: Path) -> None:
    """ipas:inCountry: a town (one batch) in a region in a country (a gazetteer batch), and
    the country itself; the fact resting on both batches goes with either."""
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = OxigraphStore(tmp_path / "store")
    ingestor = Ingestor(store, settings)
    (tmp_path / "geo.ttl").write_text(HEAD + 'x:mx a ipas:Country ; rdfs:label "Mexico" ; '
                                      'ipas:countryCode "MX" .\n'
                                      'x:sonora a ipas:Region ; rdfs:label "Sonora" ; '
                                      "ipas:locatedIn x:mx .", encoding="utf-8")
    (tmp_path / "town.ttl").write_text(HEAD + 'x:town a ipas:City ; rdfs:label "town" ; '
                                       "ipas:locatedIn x:sonora .", encoding="utf-8")
    loaded = [ingestor.ingest([tmp_path / f"{n}.ttl"], options=LoadOptions(source_name=n))
              for n in ("geo", "town")]
    assert not any(r.quarantined for r in loaded), [r.quarantined for r in loaded]
    geo, town = (r.batch for r in loaded)
    names = ingestor.names
    query = ("SELECT ?g ?x WHERE { GRAPH ?g { ?x <https://w3id.org/ipas/ontology#inCountry> "
             f"<{X}mx> }} }}")
    found = {(str(r["g"]), str(r["x"]).removeprefix(X))
             for r in store.select(query, scope=Scope.everything()).rows}
    assert found == {(names.inferred_for(geo.graph), "mx"), (names.inferred_for(geo.graph),
                     "sonora"), (names.derived_for([geo.id, town.id]), "town")}
    ingestor.retract(geo.id)
    assert not store.select(query, scope=Scope.everything()).rows
    store.close()


def test_graph_names_round_trip() -> None:
    names = GraphNames("urn:x/")
    assert names.derived_batch_ids(names.derived_for(["b", "a"])) == frozenset({"a", "b"})
    assert names.derived_batch_ids(names.inferred_for(names.batch("a"))) is None
