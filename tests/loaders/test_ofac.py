"""The ``ofac`` loader: programme-implied typing from the maintainers' table
(loaders/ofac/programmes.yaml), legal forms, activities; real rows of ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, Literal, URIRef

from ipas.namespace import IPAS
from ipas.ontology.files import ontology_graph
from loaders._iri import mint
from loaders.ofac.programmes import TABLE, _read
from tests.loaders.loader_run import run

#: sdn.csv lines: LOS ZETAS, YAKUZA, YAMAGUCHI-GUMI, MS-13, SUMIYOSHI-KAI, THIEVES-IN-LAW,
#: VESNA HOTEL AND SPA, YAMAKI K.K., MAHAN TRAVEL AND TOURISM SDN BHD, FARC.
LINES = [2204, 2914, 3073, 3415, 3478, 6169, 6180, 6723, 6730, 224]


def party(ent_num: str) -> URIRef:
    return mint("party", "ofac", ent_num)


@pytest.fixture()
def excerpt(shared_dir: Path, tmp_path: Path) -> Path:
    lines = (shared_dir / "data" / "ofac-watchman" / "sdn.csv").read_bytes().splitlines(True)
    out = tmp_path / "sdn.csv"
    out.write_bytes(b"".join(lines[n - 1] for n in LINES))
    return out


@pytest.mark.shared
def test_programmes_type_entries(excerpt: Path) -> None:
    records, rejected, g = run("ofac", [excerpt])
    assert (len(records), rejected) == (10, [])

    def types(ent: str) -> set[str]:
        found = {str(t).rsplit("#", 1)[-1] for t in g.objects(party(ent), RDF.type)}
        return found - {"Actor"}  # what a Linked To of another entry says of its target

    assert types("11438") == {"TraffickingEnterprise"}  # LOS ZETAS: SDNTK and TCO
    for network in ("12816", "13071", "15495", "23223"):  # yakuza -GUMI/-KAI, THIEVES-IN-LAW
        assert types(network) == {"CriminalOrganization"}, network
    assert types("15412") == {"Gang"}  # MS-13
    assert types("24683") == {"FrontCompany"}  # YAMAKI, K.K. under TCO
    assert (party("24683"), IPAS.legalForm, Literal("K.K.")) in g
    assert types("23245") == {"Organization"}  # a hotel: TCO gives it no network class
    assert types("24706") == {"Company"}  # SDN BHD, SDGT: no class implied
    assert (party("24706"), IPAS.legalForm, Literal("SDN BHD")) in g
    assert types("4711") == {"TerroristOrganization", "TraffickingEnterprise"}  # FARC: FTO, SDNTK
    topics = {str(t) for t in g.objects(party("11438"), IPAS.topic)}
    assert topics == {"narcotics trafficking", "transnational organized crime"}
    assert Literal("terrorism") in set(g.objects(party("24706"), IPAS.topic))
    # Networks under the narcotics programmes deal in drugs; a TCO network or front does not
    # (the table names no commodity for TCO), nor does a company under SDGT.
    for network in ("11438", "4711"):  # LOS ZETAS, FARC
        assert set(g.objects(party(network), IPAS.dealsIn)) == {IPAS.Commodity_Drugs}, network
    for other in ("12816", "15412", "24683", "24706"):
        assert not set(g.objects(party(other), IPAS.dealsIn)), other


def test_table_classes_exist_in_the_ontology() -> None:
    """A maintainer's typo in programmes.yaml fails here, not at load time on real data."""
    onto = ontology_graph()
    t = _read(TABLE)
    used = {c for p in t.programmes.values() for c in (p.network, p.front, p.every) if c}
    used |= {c for _, c in t.names if c is not None}
    assert used and all((c, RDF.type, OWL.Class) in onto for c in used)
    commodities = {c for p in t.programmes.values() for c in p.commodities}
    assert commodities and all((c, RDF.type, IPAS.Commodity) in onto for c in commodities)


def test_legal_forms() -> None:
    t = _read(TABLE)
    for name, form in [("EDARAN SDN. BHD.", "SDN. BHD."), ("TOYO SHINYO JITSUGYO K.K.", "K.K."),
                       ("ALFA, S.A. DE C.V.", "S.A. DE C.V."), ("ACME CO., LTD.", "CO., LTD."),
                       ("SUMIYOSHI-KAI", None), ("VESNA HOTEL AND SPA", None)]:
        assert t.legal_form(name) == form, name


@pytest.mark.shared
def test_linked_to_a_terrorist_organization_is_a_nexus(shared_dir: Path, tmp_path: Path) -> None:
    """NASRALLAH (SDGT) "Linked To: HIZBALLAH" (an FTO): a terrorism nexus, evidenced by the
    designation as a report graded by the load's options (F/6 when none are given)."""
    from ipas.ingest import Ingestor
    from ipas.settings import Settings
    from ipas.sources import LoadOptions
    from ipas.store import open_store

    lines = (shared_dir / "data" / "ofac-watchman" / "sdn.csv").read_bytes().splitlines(True)
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes(lines[69] + lines[214])
    _, rejected, g = run("ofac", [sdn])
    assert not rejected
    [nexus] = g.subjects(IPAS.nexusActor, party("2686"))
    assert g.value(nexus, IPAS.terroristOrganization) == party("4697")
    report = g.value(nexus, IPAS.supportedBy)
    assert str(g.value(report, IPAS.sourceReliability)) == "F"
    assert g.value(report, IPAS.marking) == IPAS.TLP_AMBER
    settings = Settings(store=str(tmp_path / "store"), home=tmp_path / "home")
    store = open_store(settings)
    result = Ingestor(store, settings, reason=False).ingest(
        [sdn], fmt="ofac", options=LoadOptions(reliability="A", credibility="2",
                                                marking="TLP:GREEN"))
    assert (result.records, len(result.quarantined)) == (2, 0)
    from ipas.query.registry import QueryRegistry
    from ipas.settings import PROJECT_ROOT
    from ipas.store.base import Scope

    answer = QueryRegistry.load(PROJECT_ROOT / "queries").run(
        store, "terrorism-nexus", {"max_reliability": "B"}, scope=Scope.of(store.graphs()))
    assert answer.select is not None and len(answer.select.rows) == 1
    store.close()


def test_sanctions_list_service_file_names() -> None:
    """OFAC's Sanctions List Service publishes the legacy set as SDN.CSV, ADD.CSV, ALT.CSV,
    SDN_COMMENTS.CSV (CRLF, blank lines and a DOS end-of-file byte at the end): the files
    join as the lower-case ones do; "Phone Number" is a phone, "IMO" a vessel's number."""
    from rdflib import RDFS

    from tests.loaders.conftest import DATA

    records, rejected, g = run("ofac", sorted((DATA / "ofac-sls").iterdir()))
    assert not rejected and len(records) == 4
    person = party("98102")
    assert g.value(person, RDFS.label) == Literal("RUIZ FICTICIO, José")
    assert g.value(person, IPAS.phoneNumber) == Literal("526671234567")
    assert g.value(person, IPAS.alias) == Literal("EL FICTICIO")
    assert str(g.value(g.value(person, IPAS.address), IPAS.streetAddress)) == "Av. Ñandú 5"
    assert g.value(party("98103"), IPAS.imoNumber) == Literal("9116412")
    assert "Secondary sanctions risk" in " ".join(map(str, g.objects(party("98101"),
                                                                     RDFS.comment)))
    assert (None, IPAS.servedNetwork, party("98101")) in g  # the Linked To resolved
    # remarks of lists since 2020: establishment date, target type
    exchange = party("98104")
    assert str(g.value(exchange, IPAS.incorporationDate)) == "2019-01-01"
    assert (exchange, RDF.type, IPAS.FinancialInstitution) in g


def test_sanctions_list_service_files_conform(pipeline) -> None:  # type: ignore[no-untyped-def]
    from ipas.sources import LoadOptions
    from tests.loaders.conftest import DATA

    result = pipeline.ingest(sorted((DATA / "ofac-sls").iterdir()), fmt="ofac",
                             options=LoadOptions())
    assert (result.records, result.quarantined) == (4, [])
