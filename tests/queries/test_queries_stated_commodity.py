"""What a network deals in, as a source states it of the network (``ipas:dealsIn``: an OFAC
narcotics designation), narrows ``facilitators-multiple-networks`` by commodity, cells counted
as their organization; loaded through the pipeline (validated, reasoning on) as ``ipas load``
does. The demo states no ``ipas:dealsIn`` (its networks' commodities are on pathway uses)."""

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
@prefix x: <https://w3id.org/ipas/id/test/> .
x:n1 a ipas:CriminalOrganization ; rdfs:label "N1" ; ipas:dealsIn ipas:Commodity_Fentanyl .
x:cell a ipas:CriminalCell ; rdfs:label "N1 cell" ; ipas:subOrganizationOf x:n1 .
x:n2 a ipas:CriminalOrganization ; rdfs:label "N2" ; ipas:dealsIn ipas:Commodity_Drugs .
x:n3 a ipas:CriminalOrganization ; rdfs:label "N3" ; ipas:dealsIn ipas:Commodity_Firearms .
x:a a ipas:Person ; rdfs:label "A" .
x:b a ipas:Person ; rdfs:label "B" .
x:r1 a ipas:Facilitation ; ipas:service ipas:Service_TransportGuide ;
    ipas:facilitator x:a ; ipas:servedNetwork x:cell .
x:r2 a ipas:Facilitation ; ipas:service ipas:Service_TransportGuide ;
    ipas:facilitator x:a ; ipas:servedNetwork x:n2 .
x:r3 a ipas:Facilitation ; ipas:service ipas:Service_TransportGuide ;
    ipas:facilitator x:b ; ipas:servedNetwork x:n2 .
x:r4 a ipas:Facilitation ; ipas:service ipas:Service_TransportGuide ;
    ipas:facilitator x:b ; ipas:servedNetwork x:n3 .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    root = tmp_path_factory.mktemp("dealsin")
    (root / "n.ttl").write_text(DATA, encoding="utf-8")
    settings = Settings(store=str(root / "store"), home=root / "home")
    db = OxigraphStore(Path(settings.store))
    result = Ingestor(db, settings).ingest([root / "n.ttl"], options=LoadOptions())
    assert result.created and not result.quarantined, result.quarantined
    yield db
    db.close()


@pytest.mark.parametrize("mode", list(Inference))
def test_facilitators_of_networks_dealing_in_a_commodity(store: OxigraphStore,
                                                         mode: Inference) -> None:
    registry = QueryRegistry.load(PROJECT_ROOT / "queries")

    def facilitators(**params: str) -> dict[str, int]:
        answer = registry.run(store, "facilitators-multiple-networks", params,
                              scope=Scope.of(store.graphs()), inference=mode)
        assert answer.select is not None
        return {str(r["facilitator"]).rsplit("/", 1)[1]: int(str(r["networks"]))
                for r in answer.select.rows}

    assert facilitators() == {"a": 2, "b": 2}
    assert facilitators(commodity="ipas:Commodity_Drugs") == {"a": 2}  # Fentanyl is a drug
    assert facilitators(commodity="ipas:Commodity_Fentanyl") == {}  # N2: drugs, not said which
    assert facilitators(commodity="ipas:Commodity_Wildlife") == {}
