"""The ``csl`` loader on the real Consolidated Screening List sample in ../shared/data
(``ofac-watchman/invalid/csl.csv``: two real rows among junk rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from ipas.ingest import Ingestor
from ipas.namespace import IPAS
from ipas.sources import LoadOptions
from loaders._iri import digest_key, mint
from tests.loaders.loader_run import run

pytestmark = pytest.mark.shared


@pytest.fixture()
def csl(shared_dir: Path) -> Path:
    return shared_dir / "data" / "ofac-watchman" / "invalid" / "csl.csv"


def test_rows_keep_list_notice_and_url(csl: Path) -> None:
    records, rejected, g = run("csl", [csl])
    assert len(records) == 2
    assert sorted(r.position.line for r in rejected) == [2, 4, 5, 9]  # junk rows, by line
    ssi = mint("sanction", "csl", "20298-SSI")
    assert g.value(g.value(ssi, IPAS.programme), IPAS.programmeCode) == Literal("SSI")
    assert str(g.value(g.value(ssi, IPAS.authority), RDFS.label)) == "Treasury Department"
    assert URIRef("http://bit.ly/1QWTIfE") in set(g.objects(ssi, RDFS.seeAlso))
    bis_party = mint("party", "ofac", "csl-" + digest_key(
        "Entity List (EL) - Bureau of Industry and Security",
        "Gulf Eagle Industrial and Metal Profiles (GEIMP)"))
    [el] = g.subjects(IPAS.sanctionedEntity, bis_party)
    assert (el, RDFS.comment, Literal("Federal Register notice 81 FR 14953")) in g
    assert str(g.value(el, IPAS.startDate)) == "2016-03-21"
    assert "Presumption of denial." in str(g.value(el, IPAS.provisions))
    assert URIRef("http://bit.ly/1L47xrV") in set(g.objects(el, RDFS.seeAlso))
    # The row has no type: an actor, not guessed as an organization.
    assert set(g.objects(bis_party, RDF.type)) == {IPAS.Actor}


def test_csl_through_pipeline(pipeline: Ingestor, csl: Path) -> None:
    result = pipeline.ingest([csl], fmt="csl", options=LoadOptions())
    assert result.records == 2
    assert not [q for q in result.quarantined if q.position.line in (3, 6)]
