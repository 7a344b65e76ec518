"""Link analysis on the demo store built by ``ipas demo``: the answers written in
demo/README.md, no doubled edges from materialized inferences, constraints, incremental
updates equal to a fresh build."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import URIRef

from ipas.analysis.paths import Constraints, find_paths
from ipas.analysis.projection import Projection
from ipas.analysis.ranking import rank_networks, rank_pathways
from ipas.analysis.service import Analysis
from ipas.analysis.spec import weights
from ipas.errors import BadInput, LimitExceeded, NotFound
from ipas.graphs import GraphNames
from ipas.ingest import Ingestor
from ipas.settings import PROJECT_ROOT
from ipas.sources.base import LoadOptions
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore
from tests.analysis.conftest import BASE, Demo
from tests.analysis.demo_tables import tables

README = PROJECT_ROOT / "demo" / "README.md"


@pytest.fixture(scope="module")
def opened(demo: Demo) -> Iterator[tuple[OxigraphStore, Analysis]]:
    store = OxigraphStore(Path(demo.settings.store), read_only=True)
    yield store, Analysis(store, demo.settings)
    store.close()


def readme_block(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"<!-- analysis:{name} -->\n(.*?)<!-- /analysis:{name} -->", text, re.S)
    assert found, f"demo/README.md has no analysis:{name} block"
    return found.group(1).strip()


@pytest.mark.parametrize("name", ["convergence", "path", "path-roles", "networks", "pathways"])
def test_readme_answers_are_what_the_analysis_finds(
        opened: tuple[OxigraphStore, Analysis], name: str) -> None:
    _, analysis = opened
    computed = tables(analysis.projection(Scope.everything()))
    assert computed[name].strip() == readme_block(name)


def test_edges_are_not_doubled_by_materialized_inferences(
        opened: tuple[OxigraphStore, Analysis], demo: Demo) -> None:
    store, analysis = opened
    names = GraphNames(demo.settings.base_iri)
    inferred = [g for g in store.graphs() if g.endswith("/inferred")]
    assert inferred, "the demo was loaded with reasoning: inferred graphs exist"
    projection = analysis.projection(Scope.everything())
    counts = {kind: sum(1 for e in projection.edges.values() if e.kind == kind)
              for kind in ("membership", "facilitation", "pathway-use", "transfer")}
    # one edge per reified link between two distinct parties (a transfer between one's own
    # accounts is no link), whatever the inferred graphs repeat
    expected = {kind: len(store.select(
        "SELECT DISTINCT ?link ?a ?b WHERE { GRAPH ?g { ?link ?from ?a ; ?to ?b } "
        "FILTER(!STRENDS(STR(?g), '/inferred') && ?a != ?b) }", scope=Scope.everything(), bindings={
            "from": URIRef(rule.src), "to": URIRef(rule.dst)}).rows)
        for kind in counts for rule in analysis.rules.links if rule.kind == kind}
    assert counts == expected and counts["membership"] >= 31 and counts["transfer"] >= 59
    assert all(names.is_batch(e.graph) for e in projection.edges.values())
    holders = [e for e in projection.edges.values() if e.kind == "account-holder"]
    assert len({(e.src, e.dst) for e in holders}) == len(holders)  # holder/holdsAccount once


def test_path_constraints(opened: tuple[OxigraphStore, Analysis]) -> None:
    _, analysis = opened
    projection = analysis.projection(Scope.everything())
    a, b = "person/demo/edwin-perez", "person/demo/aurelio-benitez"
    only_roles = Constraints.parse(["membership", "facilitation"], known_kinds=[
        "membership", "facilitation"])
    found = find_paths(projection, a, b, base_iri=BASE, k=5, constraints=only_roles)
    assert found["paths"]
    for path in found["paths"]:
        assert {link["kind"] for hop in path["hops"] for link in hop["links"]} <= {
            "membership", "facilitation"}
    early = find_paths(projection, a, b, base_iri=BASE, k=5,
                       constraints=Constraints.parse(until="2016-01-01"))
    for path in early["paths"]:
        for hop in path["hops"]:
            assert all(link["start"] is None or link["start"] <= "2016-01-01"
                       for link in hop["links"])
    with pytest.raises(BadInput):
        Constraints.parse(["bribery"], known_kinds=analysis.rules.kinds())
    with pytest.raises(NotFound):
        find_paths(projection, "person/demo/nobody", b, base_iri=BASE)
    with pytest.raises(BadInput):
        find_paths(projection, a, b, base_iri=BASE, k=50)


def _snapshot(projection: Projection) -> tuple[object, ...]:
    edges = sorted((e.key_text(), e.graph, e.grade, e.marking, e.reports, e.start, e.end)
                   for e in projection.edges.values())
    nodes = sorted((n.iri, n.label, n.category, n.marking, n.batches)
                   for n in projection.nodes.values())
    return nodes, edges


def test_incremental_update_equals_a_fresh_build(
        opened: tuple[OxigraphStore, Analysis], demo: Demo) -> None:
    store, _ = opened
    names = GraphNames(demo.settings.base_iri)
    every = Scope.everything()
    batches = [g for g in store.graphs() if names.is_batch(g)]
    analysis = Analysis(store, demo.settings)
    # an earlier view (fewer batches), then the whole store: the second call extends the first
    analysis.projection(Scope.of([g for g in store.graphs() if g not in batches[-3:]]))
    assert analysis.last_build == "built"
    extended = analysis.projection(every)
    assert analysis.last_build == "extended"
    assert _snapshot(extended) == _snapshot(Analysis(store, demo.settings).projection(every))
    analysis.projection(every)
    assert analysis.last_build == "cached"


def test_a_new_batch_extends_the_projection(demo: Demo, tmp_path: Path) -> None:
    """A batch loaded through the real pipeline (a copy of the demo store: the shared one
    stays as the README describes it) reaches the projection by extension."""
    store = OxigraphStore()
    with OxigraphStore(Path(demo.settings.store), read_only=True) as source:
        store.engine.extend(source.engine.quads_for_pattern(None, None, None, None))
    settings = demo.settings.model_copy(update={"store": "memory", "home": tmp_path})
    analysis = Analysis(store, settings)
    before = analysis.projection(Scope.everything())
    assert before.node_id(f"{BASE}person/demo/new-courier") is None
    data = tmp_path / "new.ttl"
    data.write_text(
        "@prefix ipas: <https://w3id.org/ipas/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f"<{BASE}person/demo/new-courier> a ipas:Person ; rdfs:label \"New Courier\" .\n"
        f"<{BASE}membership/demo/new-courier> a ipas:Membership ;\n"
        f"  ipas:member <{BASE}person/demo/new-courier> ;\n"
        f"  ipas:memberOrganization <{BASE}organization/demo/centinelas> .\n"
        # a kidnapping in Tapachula (a stop of the Pacific corridor) by the Centinelas
        f"<{BASE}incident/demo/new-kidnapping> a ipas:ViolentIncident ;\n"
        "  ipas:violenceKind ipas:Violence_Kidnapping ;\n"
        '  ipas:date "2025-10-01"^^<http://www.w3.org/2001/XMLSchema#date> ;\n'
        f"  ipas:place <{BASE}location/demo/tapachula> ;\n"
        f"  ipas:attributedTo <{BASE}organization/demo/centinelas> .\n", encoding="utf-8")
    result = Ingestor(store, settings).ingest([data], options=LoadOptions(
        source_name="new courier", marking="TLP:GREEN", agency="HSI"))
    assert result.created and not result.quarantined
    after = analysis.projection(Scope.everything())
    assert analysis.last_build == "extended"
    # extended on a copy: the projection a caller already holds never changes under it
    assert after is not before and set(before.graphs) < set(after.graphs)
    assert before.node_id(f"{BASE}person/demo/new-courier") is None
    courier = after.node_id(f"{BASE}person/demo/new-courier")
    assert courier is not None
    found = find_paths(after, "person/demo/new-courier", "person/demo/edwin-perez",
                       base_iri=BASE)
    assert found["paths"][0]["length"] == 2
    assert _snapshot(after) == _snapshot(Analysis(store, settings).projection(Scope.everything()))
    def violence(projection: Projection, rank: Any) -> dict[str, int]:
        return {r["item"]["iri"].removeprefix(BASE): r["terms"][1]["value"]
                for r in rank(projection, weights())["ranking"]}

    fresh = Analysis(store, settings)
    old_networks = violence(fresh.projection(Scope.of(before.graphs)), rank_networks)
    old_pathways = violence(fresh.projection(Scope.of(before.graphs)), rank_pathways)
    networks, pathways = violence(after, rank_networks), violence(after, rank_pathways)
    assert networks["organization/demo/centinelas"] == old_networks[
        "organization/demo/centinelas"] + 1
    assert networks["organization/demo/valle-dorado"] == old_networks[
        "organization/demo/valle-dorado"]
    # placed on the Pacific corridor by its legs' stops (Tapachula), on no other pathway
    assert pathways["pathway/demo/pacific-nogales"] == old_pathways[
        "pathway/demo/pacific-nogales"] + 1
    assert pathways["pathway/demo/baja-san-ysidro"] == old_pathways[
        "pathway/demo/baja-san-ysidro"]


def test_a_view_too_large_is_refused(opened: tuple[OxigraphStore, Analysis], demo: Demo) -> None:
    store, _ = opened
    with pytest.raises(LimitExceeded, match="at most 1,000 triples"):
        Analysis(store, demo.settings, max_triples=1000).projection(Scope.everything())


def test_resolved_actors_become_one_node(opened: tuple[OxigraphStore, Analysis],
                                         demo: Demo) -> None:
    """Nodes are resolved actors when resolution is on: here a resolver merging the two
    holders of passport G00417355 (the shape ``ipas.resolution`` gives: canonical, members)."""
    store, plain = opened
    walter, lenzi = f"{BASE}person/demo/walter-cux", f"{BASE}person/demo/marco-lenzi"
    actor = f"{BASE}actor/test-merged"

    def resolver(*_: object) -> tuple[Any, Any]:
        return ((lambda iri: actor if iri in (walter, lenzi) else iri),
                (lambda iri: frozenset({walter, lenzi}) if iri == actor else frozenset()))

    analysis = Analysis(store, demo.settings, resolver=resolver)
    resolved = analysis.projection(Scope.everything(), resolved=True)
    assert resolved.node_id(walter) == resolved.node_id(lenzi) == resolved.node_id(actor)
    node = resolved.node_json(actor)
    assert node["records"] == sorted([walter, lenzi]) and node["category"] == "person"
    assert walter not in resolved.nodes and lenzi not in resolved.nodes
    # Lenzi reaches the Centinelas' leader through Cux's membership once they are one actor
    path = find_paths(resolved, lenzi, "person/demo/edwin-perez", base_iri=BASE)
    assert path["paths"][0]["length"] == 2
    unresolved = find_paths(plain.projection(Scope.everything()), lenzi,
                            "person/demo/edwin-perez", base_iri=BASE)
    assert not unresolved["paths"] or unresolved["paths"][0]["length"] > 2
    # the plain projection of the same scope is a separate cache entry, untouched
    assert plain.projection(Scope.everything()).node_id(lenzi) != plain.projection(
        Scope.everything()).node_id(walter)
