"""The ``icij`` loader on real rows of the Panama Papers sample (../shared/data): a party with
an empty name is rejected at its line; ``status`` and ``valid_until`` are kept; intermediary
edges are roles with the entity served. And on the layout of ICIJ's current full export
(``nodes-*.csv``, ``relationships.csv`` with ``node_id_start``/``node_id_end`` and a ``link``
wording), from a small invented excerpt written in that layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal

from ipas.ingest import Ingestor
from ipas.namespace import IPAS
from ipas.sources import LoadOptions
from loaders._iri import mint
from tests.loaders.loader_run import run

DATA = Path(__file__).resolve().parent.parent / "data" / "loaders"


def node(node_id: str):  # type: ignore[no-untyped-def]
    return mint("node", "icij", node_id)


@pytest.fixture()
def sample(shared_dir: Path, tmp_path: Path) -> Path:
    src = shared_dir / "data" / "icij-offshoreleaks" / "panama-2016-mini-EDITED"
    out = tmp_path / "panama"
    out.mkdir()
    for name in ("Entities_mini.csv", "Intermediaries_mini.csv", "all_edges_mini.csv"):
        (out / name).write_bytes((src / name).read_bytes())
    # The officers file as published, but for one row whose name is blanked, as rows of the
    # full Offshore Leaks export are.
    rows = (src / "Officers_mini.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    rows[2] = "," + rows[2].split(",", 1)[1]
    (out / "Officers_mini.csv").write_text("".join(rows), encoding="utf-8")
    return out


@pytest.mark.shared
def test_empty_name_rejected_with_position(sample: Path) -> None:
    records, rejected, g = run("icij", [sample])
    [bad] = rejected
    assert (bad.position.source, bad.position.line, bad.position.record_id) == (
        "Officers_mini.csv", 3, "12000002")
    assert "name is empty" in bad.reason
    assert (node("12000002"), RDF.type, IPAS.Person) not in g
    assert len(records) == 13 + 31 + 31 + 69
    for s in g.subjects(RDF.type, IPAS.Person):
        assert g.value(s, RDFS.label) is not None  # no label-less party


@pytest.mark.shared
def test_status_and_valid_until_kept(sample: Path) -> None:
    _, _, g = run("icij", [sample])
    assert (node("10000001"), IPAS.status, Literal("Defaulted")) in g
    comments = {str(c) for c in g.objects(node("11000001"), RDFS.comment)}
    assert "status: ACTIVE" in comments  # an intermediary who is a person
    assert "valid until: The Panama Papers data is current through 2015" in comments
    assert (node("11000002"), IPAS.status, Literal("ACTIVE")) in g  # CORFIDUCIA ANSTALT


@pytest.mark.shared
def test_intermediary_edges_are_roles(sample: Path) -> None:
    _, _, g = run("icij", [sample])
    roles = list(g.subjects(RDF.type, IPAS.Representation))
    assert len(roles) == 69
    role = mint("relationship", "icij", "12000001-intermediary_of-10000001")
    assert g.value(role, IPAS.representative) == node("12000001")
    assert g.value(role, IPAS.client) == node("10000001")
    assert g.value(role, IPAS.roleTitle) == Literal("intermediary")


def test_full_export_layout() -> None:
    """relationships.csv of the current export was rejected whole ("header lacks node_1"):
    its edges now load, the ``link`` wording choosing the role; "others" and the register
    columns of entities (struck-off date, ibcRUC) are kept."""
    records, rejected, g = run("icij", [DATA / "icij-full"])
    assert [(r.position.source, r.position.line) for r in rejected] == [("relationships.csv", 5)]
    assert "entity-resolution hint" in rejected[0].reason
    assert len(records) == 2 + 1 + 1 + 5

    def rel(key: str):  # type: ignore[no-untyped-def]
        return mint("relationship", "icij", key)

    own = rel("920001-shareholder_of-910001")
    assert (own, RDF.type, IPAS.Ownership) in g
    assert g.value(own, IPAS.owner) == node("920001")
    assert str(g.value(own, IPAS.startDate)) == "1999-11-19"
    nominee = rel("920001-nominee_director_of-910002")
    assert (nominee, RDF.type, IPAS.Representation) in g
    assert g.value(nominee, IPAS.roleTitle) == Literal("nominee director")
    signatory = rel("920001-authorised_person_/_signatory_of-930001")
    assert (signatory, RDF.type, IPAS.Representation) in g
    officer = rel("920001-officer_of-910001")  # no link wording: the rel_type decides
    assert (officer, RDF.type, IPAS.Directorship) in g
    assert (rel("930001-related_entity-910001"), RDF.type, IPAS.Association) in g

    other = node("930001")
    assert (other, RDF.type, IPAS.Company) in g
    assert str(g.value(other, IPAS.incorporationDate)) == "1983-05-18"
    assert str(g.value(other, IPAS.dissolutionDate)) == "2012-11-28"
    assert g.value(other, IPAS.legalForm) == Literal("LIMITED LIABILITY COMPANY")
    entity = node("910001")
    assert "struck off date: 2013-02-15" in {str(c) for c in g.objects(entity, RDFS.comment)}
    numbers = {str(g.value(i, IPAS.identifierValue)) for i in g.objects(entity, IPAS.hasIdentifier)}
    assert numbers == {"910001", "25221"}
    assert str(g.value(node("920001"), RDFS.label)) == "José Ñúñez Ficticio"


def test_edge_file_without_ends_is_named(tmp_path: Path) -> None:
    edges = tmp_path / "relationships.csv"
    edges.write_text("start,end,rel_type\n1,2,officer_of\n", encoding="utf-8")
    _, [bad], _ = run("icij", [edges])
    assert (bad.position.source, bad.position.line) == ("relationships.csv", 1)
    assert "node_id_start" in bad.reason


def test_neo4j_era_columns_and_edges_alone(pipeline: Ingestor) -> None:
    """The 2016-2018 Neo4j exports ("fictional_leaks.nodes.officer.csv", columns "n.node_id",
    "r.sourceID", "labels(n)"): the file was "not an ICIJ Offshore Leaks CSV file". Edges
    whose nodes this load lacks state the class their place gives them, so they validate."""
    folder = DATA / "icij-neo4j"
    records, rejected, g = run("icij", [folder])
    assert not rejected and len(records) == 3
    assert str(g.value(node("23000001"), RDFS.label)) == "Fictional OFFICER"
    result = pipeline.ingest(sorted(folder.iterdir()), fmt="icij", options=LoadOptions())
    assert (result.records, result.quarantined) == (3, [])
    edges = pipeline.ingest([folder / "fictional_leaks.edges.csv"], fmt="icij",
                            options=LoadOptions(source_name="edges alone"))
    assert (edges.records, edges.quarantined) == (2, [])


def test_posted_body_recognised_by_header(pipeline: Ingestor) -> None:
    """A file posted to /ingest is stored as body.csv: its kind comes from its header
    (every such ICIJ upload was "not an ICIJ Offshore Leaks CSV file")."""
    folder = DATA / "icij-full"
    for name, records in (("nodes-entities.csv", 2), ("nodes-others.csv", 1),
                          ("nodes-officers.csv", 1), ("relationships.csv", 5)):
        result = pipeline.ingest_bytes((folder / name).read_bytes(), "text/csv",
                                       LoadOptions(source_name=name), fmt="icij",
                                       filename=name)
        assert (result.records, len(result.quarantined)) == (records, name == "relationships.csv")


def test_file_that_is_not_csv(tmp_path: Path) -> None:
    """A binary body (or a CSV with a stray carriage return in its header) was a crash of
    the header sniffing: a 500 over /ingest. It is a rejected file."""
    body = tmp_path / "body.csv"
    body.write_bytes(b"node\rid,\x00\x01\xff\xfe,name\n1,2,3\n")
    _, [bad], _ = run("icij", [body])
    assert bad.reason == "not an ICIJ Offshore Leaks CSV file"
