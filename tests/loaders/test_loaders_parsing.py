"""Parsing layers of the loaders on small files we wrote: quirks, positions, rejections."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipas.errors import BadInput
from loaders._source import csv_dicts, csv_rows, decode, read_text, strip_dos_eof
from loaders.ftm.stream import parse_lines, read_ops
from loaders.ofac.files import read_lists, split_programs
from loaders.ofac.remarks import parse_remarks, split_segments

DATA = Path(__file__).resolve().parent.parent / "data" / "loaders"


def test_csv_rows_keep_physical_lines_across_quoted_newlines() -> None:
    text = 'a,b\r\n"multi\nline",x\r\n\r\n"bad"quote,y\r\nlast,z\r\n\x1a'
    rows = list(csv_rows(text, "t.csv"))
    assert [r.line for r in rows] == [1, 2, 5, 6]
    assert rows[1].fields == ["multi\nline", "x"]
    assert rows[2].error is not None and "unreadable" in rows[2].error
    assert rows[3].fields == ["last", "z"]


def test_decode_strips_bom_and_never_guesses_cp1252() -> None:
    assert decode(b"\xef\xbb\xbfx") == "x"
    assert decode(b"Mu\xf1oz") != "Muñoz"  # a bad byte is kept escaped (see test_source.py)
    assert decode(b"Mu\xf1oz", "cp1252") == "Muñoz"
    assert strip_dos_eof("a\x1ab\r\n") == "a\x1ab\r\n"  # only a trailing 0x1A is an EOF mark


def test_csv_dicts_requires_columns() -> None:
    with pytest.raises(BadInput) as info:
        csv_dicts("x,y\n1,2\n", "h.csv", required=("node_id",))
    assert info.value.detail["source"] == "h.csv"


def test_remarks_split_respects_quoted_alias() -> None:
    assert split_segments("a.k.a. 'A; B'; DOB 1960.") == ["a.k.a. 'A; B'", "DOB 1960"]


def test_remarks_identifiers_dates_and_links() -> None:
    r = parse_remarks(
        "DOB 03 Feb 1971; alt. DOB 1972; POB Culiacan, Sinaloa, Mexico; nationality Mexico; "
        "Passport G1234567 (Mexico) issued 01 Jan 2015 expires 01 Jan 2025; "
        "C.U.R.P. RAVJ710203HSLMGL09 (Mexico); NIT # 800146749-7 (Colombia); "
        "Digital Currency Address - XBT 1BoatSLRHtKNngkdXEeobR76b53LETtpyT; "
        "Linked To: CARTEL DEL NORTE FICTICIO; Scientific Studies Employee"
    )
    assert r.births == ["03 Feb 1971", "1972"]
    assert r.birth_places == ["Culiacan, Sinaloa, Mexico"]
    assert r.nationalities == ["Mexico"]
    schemes = {i.scheme: i for i in r.identifiers}
    assert schemes["Passport"].value == "G1234567"
    assert schemes["Passport"].country == "Mexico"
    assert schemes["Passport"].issued == "01 Jan 2015"
    assert schemes["Passport"].expires == "01 Jan 2025"
    assert schemes["NIT #"].value == "800146749-7"
    assert schemes["Digital Currency Address - XBT"].value.startswith("1Boat")
    assert r.links == ["CARTEL DEL NORTE FICTICIO"]
    assert r.notes == ["Scientific Studies Employee"]


def test_split_programs() -> None:
    assert split_programs("SDNTK] [ILLICIT-DRUGS-EO14059") == ["SDNTK", "ILLICIT-DRUGS-EO14059"]
    assert split_programs(None) == []


def test_ofac_fixture_join_and_rejections() -> None:
    lists, others, rejected = read_lists(sorted((DATA / "ofac").glob("*.csv")))
    rej = {(r.position.source, r.position.line): r.reason for r in rejected}
    assert others == []
    sdn = lists["sdn"]
    assert sorted(sdn.entries) == ["9001", "9002", "9003", "9004", "9005"]
    assert rej[("sdn.csv", 5)] == "expected 12 columns, found 1"
    assert "no primary row for ent_num 9999" in rej[("add.csv", 3)]
    assert "not a number" in rej[("add.csv", 4)] or "columns" in rej[("add.csv", 4)]
    assert len(rej) == 3
    e = sdn.entries["9002"]
    assert e.sdn_type == "individual" and e.programs == ["SDNTK", "ILLICIT-DRUGS-EO14059"]
    assert [a.name for a in e.aliases] == ["RAMOS, Julio"]
    assert e.addresses[0].street == "Calle Falsa 123" and e.position.line == 2
    # The comments file continues the remarks verbatim.
    assert sdn.entries["9003"].remarks.endswith("a.k.a. 'ARENA AZUL'.")
    assert sdn.entries["9004"].vessel["flag"] == "Panama"
    assert sdn.entries["9001"].name == "CARTEL DEL NORTE FICTICIO"  # BOM stripped from ent_num


def test_ftm_stream_rejects_bad_lines() -> None:
    text = (
        '{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n'
        "not json\n"
        '{"id": "b", "schema": "Dragon", "properties": {}}\n'
        '{"op": "MOD", "entity": {"id": "a", "schema": "Person", "properties": {}}}\n'
        '{"op": "DEL", "entity": {}}\n'
        '{"op": "UPSERT", "entity": {"id": "a"}}\n'
    )
    out = list(parse_lines(text, "x.json"))
    kinds = [getattr(o, "op", None) or f"rej:{o.position.line}" for o in out]
    assert kinds == ["ADD", "rej:2", "rej:3", "MOD", "rej:5", "rej:6"]


def test_ftm_delta_index_reports_missing_release(tmp_path: Path) -> None:
    (tmp_path / "delta.json").write_text('{"versions": {"v1": "x", "v2": "y"}}')
    (tmp_path / "v2").mkdir()
    (tmp_path / "v2" / "entities.delta.json").write_text('{"op": "DEL", "entity": {"id": "q"}}')
    out = list(read_ops([tmp_path]))
    assert "v1" in getattr(out[0], "reason", "")
    assert getattr(out[1], "op", None) == "DEL" and out[1].position.source.startswith("v2/")


def test_read_text_refuses_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        read_text(tmp_path / "absent.csv")
