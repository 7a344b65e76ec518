"""The ``csl`` loader on the real Consolidated Screening List sample in ../shared/data
(``ofac-watchman/invalid/csl.csv``: two real rows among junk rows), and on an invented excerpt
in the current export's layout (``tests/data/loaders/csl/consolidated.tsv``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef

from ipas.ingest import Ingestor
from ipas.namespace import IPAS
from ipas.sources import LoadOptions
from loaders._iri import digest_key, mint
from tests.loaders.loader_run import run


@pytest.fixture()
def csl(shared_dir: Path) -> Path:
    return shared_dir / "data" / "ofac-watchman" / "invalid" / "csl.csv"


@pytest.mark.shared
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


@pytest.mark.shared
def test_csl_through_pipeline(pipeline: Ingestor, csl: Path) -> None:
    result = pipeline.ingest([csl], fmt="csl", options=LoadOptions())
    assert result.records == 2
    assert not [q for q in result.quarantined if q.position.line in (3, 6)]


def test_current_tsv_layout() -> None:
    """The current export as TSV (was rejected whole: "header lacks column(s) source..."),
    with list names whose code is followed by "List" (MEU, NS-MBS: were minted as 60-letter
    codes), ``ids`` written type first, a State list's programmes kept off OFAC, gross
    registered tonnage, and a column this loader does not know kept as a comment."""
    from tests.loaders.conftest import DATA

    records, rejected, g = run("csl", [DATA / "csl" / "consolidated.tsv"])
    assert len(records) == 5
    [bad] = rejected
    assert bad.position.line == 7 and "columns" in bad.reason
    codes = {str(c) for c in g.objects(None, IPAS.programmeCode)}
    assert {"MEU", "NS-MBS", "ISN", "SDN", "SSI", "RUSSIA-EO14024", "UKRAINE-EO13662",
            "IRAN"} == codes
    meu = mint("programme", "csl", "MEU")
    assert str(g.value(meu, RDFS.label)) == "Military End User List"
    neft = mint("party", "ofac", "98001")
    labels = {str(g.value(i, RDFS.label)) for i in g.objects(neft, IPAS.hasIdentifier)}
    assert {"Tax ID No. 5504036333", "Registration Number 1025501701686"} <= labels
    assert (neft, RDFS.comment, Literal("data_source: fictional feed")) in g
    # ISN is the State Department's: its programmes describe that listing, not OFAC's.
    ofac = mint("agency", "ofac", "OFAC")
    isn = [s for s in g.subjects(RDF.type, IPAS.Sanction)
           if str(s).endswith("-ISN")]
    assert len(isn) == 1
    assert "programmes: E.O. 13382; INKSNA" in {str(c) for c in g.objects(isn[0], RDFS.comment)}
    [person] = g.objects(isn[0], IPAS.sanctionedEntity)
    assert not [s for s in g.subjects(IPAS.sanctionedEntity, person)
                if g.value(s, IPAS.authority) == ofac]
    vessel = mint("party", "ofac", "98002")
    assert str(g.value(vessel, IPAS.grossRegisteredTonnage)) == "146245"
    assert str(g.value(vessel, IPAS.imoNumber)) == "9116412"
    # "(Linked To: NAME)" resolves against the other rows' names, as in the SDN files
    [link] = g.subjects(IPAS.party, mint("party", "ofac", "98003"))
    assert set(g.objects(link, IPAS.party)) == {mint("party", "ofac", "98003"), neft}


def test_current_tsv_layout_conforms(pipeline: Ingestor) -> None:
    from tests.loaders.conftest import DATA

    result = pipeline.ingest([DATA / "csl" / "consolidated.tsv"], fmt="csl",
                             options=LoadOptions())
    assert result.records == 5
    assert [q.position.line for q in result.quarantined] == [7]  # the short row only
