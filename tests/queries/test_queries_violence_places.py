"""``violence-along-pathways`` counts each incident once per pathway however it reaches it:
stated along the pathway, placed at a leg end, both, at several places on the same pathway, or
with no place at all. The demo has one place per incident, so these shapes are loaded here,
through the pipeline (validated, reasoning on) as ``ipas load`` does. The query sums incidents
per place (a town on many pathways is not paired with every pathway), so the places that
would be counted twice or missed are the ones checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ipas.ingest import Ingestor
from ipas.query.inference import Inference
from ipas.query.registry import QueryRegistry
from ipas.settings import PROJECT_ROOT, Settings
from ipas.sources import LoadOptions
from ipas.store.base import Scope
from ipas.store.oxigraph import OxigraphStore

DATA = """
@prefix ipas: <https://w3id.org/ipas/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix x: <https://w3id.org/ipas/id/test/> .
x:p1 a ipas:Pathway ; rdfs:label "P1" .
x:p2 a ipas:Pathway ; rdfs:label "P2" .
x:a a ipas:Location ; rdfs:label "A" .
x:b a ipas:Location ; rdfs:label "B" .
x:c a ipas:Location ; rdfs:label "C" .
x:d a ipas:Location ; rdfs:label "D" .
x:z a ipas:Location ; rdfs:label "Z" .
x:l1 a ipas:Leg ; ipas:legOf x:p1 ; ipas:legOrder 1 ; ipas:fromLocation x:a ; ipas:toLocation x:b .
x:l2 a ipas:Leg ; ipas:legOf x:p1 ; ipas:legOrder 2 ; ipas:fromLocation x:b ; ipas:toLocation x:c .
x:l3 a ipas:Leg ; ipas:legOf x:p2 ; ipas:legOrder 1 ; ipas:fromLocation x:c ; ipas:toLocation x:d .
x:n1 a ipas:CriminalOrganization ; rdfs:label "N1" .
x:n2 a ipas:CriminalOrganization ; rdfs:label "N2" .
x:n3 a ipas:CriminalOrganization ; rdfs:label "N3" .
x:n4 a ipas:CriminalOrganization ; rdfs:label "N4" .
x:n5 a ipas:CriminalOrganization ; rdfs:label "N5" .
# Two places, both on P1's legs, and stated along P1: once for P1.
x:i1 a ipas:ViolentIncident ; ipas:place x:a, x:b ; ipas:alongPathway x:p1 ;
    ipas:date "2025-01-01"^^xsd:date ; ipas:violenceKind ipas:Violence_Homicide ;
    ipas:victimCount 3 ; ipas:attributedTo x:n1 .
# At C (a leg end of P1 and of P2), stated along P2.
x:i2 a ipas:ViolentIncident ; ipas:place x:c ; ipas:alongPathway x:p2 ;
    ipas:date "2025-02-01"^^xsd:date ; ipas:violenceKind ipas:Violence_Extortion ;
    ipas:fatalityCount 2 ; ipas:attributedTo x:n2 .
# No place, stated along P1.
x:i3 a ipas:ViolentIncident ; ipas:alongPathway x:p1 ; ipas:date "2025-03-01"^^xsd:date ;
    ipas:violenceKind ipas:Violence_Homicide ; ipas:victimCount 5 ; ipas:attributedTo x:n3 .
# A place on no leg, stated along P2.
x:i4 a ipas:ViolentIncident ; ipas:place x:z ; ipas:alongPathway x:p2 ;
    ipas:date "2025-03-01"^^xsd:date ; ipas:violenceKind ipas:Violence_Extortion ;
    ipas:victimCount 7 .
# At B (two of P1's leg ends), stated along nothing.
x:i5 a ipas:ViolentIncident ; ipas:place x:b ; ipas:date "2025-04-01"^^xsd:date ;
    ipas:violenceKind ipas:Violence_Homicide ; ipas:victimCount 1 ; ipas:attributedTo x:n1 .
# At C and Z, stated along P1.
x:i6 a ipas:ViolentIncident ; ipas:place x:c, x:z ; ipas:alongPathway x:p1 ;
    ipas:date "2025-05-01"^^xsd:date ; ipas:violenceKind ipas:Violence_Extortion ;
    ipas:victimCount 11 ; ipas:attributedTo x:n4 .
# At D (P2 only), stated along P1.
x:i8 a ipas:ViolentIncident ; ipas:place x:d ; ipas:alongPathway x:p1 ;
    ipas:date "2025-06-01"^^xsd:date ; ipas:violenceKind ipas:Violence_Homicide ;
    ipas:victimCount 13 ; ipas:attributedTo x:n5 .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    root = tmp_path_factory.mktemp("violence")
    (root / "v.ttl").write_text(DATA, encoding="utf-8")
    settings = Settings(store=str(root / "store"), home=root / "home")
    db = OxigraphStore(Path(settings.store))
    result = Ingestor(db, settings).ingest([root / "v.ttl"], options=LoadOptions())
    assert result.created and not result.quarantined, result.quarantined
    yield db
    db.close()


@pytest.mark.parametrize("mode", list(Inference))
def test_each_incident_counts_once_per_pathway(store: OxigraphStore, mode: Inference) -> None:
    registry = QueryRegistry.load(PROJECT_ROOT / "queries")

    def run(**params: str) -> dict[str, tuple[str, ...]]:
        answer = registry.run(store, "violence-along-pathways", params,
                              scope=Scope.of(store.graphs()), inference=mode)
        assert answer.select is not None
        return {str(r["pathway"]).rsplit("/", 1)[1]: (
            str(r["incidents"]), str(r["victims"]), str(r["fatalities"]),
            " | ".join(sorted(str(r["kinds"]).split(" | "))),
            " ".join(sorted(s.rsplit("/", 1)[1] for s in str(r["attributedTo"]).split(" | "))))
            for r in answer.select.rows}

    # P1: i1, i2 (at C), i3, i5, i6, i8; P2: i2, i4, i6 (at C), i8 (at D).
    assert run() == {
        "p1": ("6", "33", "2", "Extortion | Homicide", "n1 n2 n3 n4 n5"),
        "p2": ("4", "31", "2", "Extortion | Homicide", "n2 n4 n5")}
    assert run(since="2025-03-01") == {
        "p1": ("4", "30", "0", "Extortion | Homicide", "n1 n3 n4 n5"),
        "p2": ("3", "31", "0", "Extortion | Homicide", "n4 n5")}
    assert run(pathway="https://w3id.org/ipas/id/test/p2") == {
        "p2": ("4", "31", "2", "Extortion | Homicide", "n2 n4 n5")}
