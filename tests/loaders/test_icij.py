"""The ``icij`` loader on real rows of the Panama Papers sample (../shared/data): a party with
an empty name is rejected at its line; ``status`` and ``valid_until`` are kept; intermediary
edges are roles with the entity served."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal

from ipas.namespace import IPAS
from loaders._iri import mint
from tests.loaders.loader_run import run

pytestmark = pytest.mark.shared


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


def test_status_and_valid_until_kept(sample: Path) -> None:
    _, _, g = run("icij", [sample])
    assert (node("10000001"), IPAS.status, Literal("Defaulted")) in g
    comments = {str(c) for c in g.objects(node("11000001"), RDFS.comment)}
    assert "status: ACTIVE" in comments  # an intermediary who is a person
    assert "valid until: The Panama Papers data is current through 2015" in comments
    assert (node("11000002"), IPAS.status, Literal("ACTIVE")) in g  # CORFIDUCIA ANSTALT


def test_intermediary_edges_are_roles(sample: Path) -> None:
    _, _, g = run("icij", [sample])
    roles = list(g.subjects(RDF.type, IPAS.Representation))
    assert len(roles) == 69
    role = mint("relationship", "icij", "12000001-intermediary_of-10000001")
    assert g.value(role, IPAS.representative) == node("12000001")
    assert g.value(role, IPAS.client) == node("10000001")
    assert g.value(role, IPAS.roleTitle) == Literal("intermediary")
