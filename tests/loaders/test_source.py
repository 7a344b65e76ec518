"""Decoding real files (loaders/_source.py): UTF-8 with or without BOM, a byte that does not
decode rejected at its own line with the bytes shown escaped, ``--encoding`` for legacy files.

The excerpts are real rows of ../shared/data (ICIJ addresses with accented UTF-8 names, OFAC
SDN rows); one row of each is re-encoded as Windows-1252 to make the mixed file the issue saw.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, Literal

from ipas.cli.main import cli
from loaders._source import csv_rows, decode, read_text
from tests.loaders.loader_run import run

pytestmark = pytest.mark.shared


def _lines(path: Path, numbers: list[int]) -> list[bytes]:
    lines = path.read_bytes().splitlines(keepends=True)
    return [lines[n - 1] for n in numbers]


@pytest.fixture()
def icij_mixed(shared_dir: Path, tmp_path: Path) -> Path:
    """Header, a UTF-8 row (Pélisserie), a row re-encoded as cp1252 (Perú), a UTF-8 row."""
    src = shared_dir / "data" / "icij-offshoreleaks" / "Addresses_small.csv"
    header, geneva, lima, malta = _lines(src, [1, 218, 221, 232])
    legacy = lima.decode("utf-8").encode("cp1252")
    out = tmp_path / "addresses.csv"
    out.write_bytes(b"\xef\xbb\xbf" + header + geneva + legacy + malta)
    return out


def test_bad_byte_rejects_its_row_only(icij_mixed: Path) -> None:
    records, rejected, graph = run("icij", [icij_mixed])
    assert len(records) == 2
    labels = {str(o) for o in graph.objects(None, RDFS.label)}
    assert any("Pélisserie" in label for label in labels)  # valid UTF-8 kept as written
    assert any("“Dar il-Wied”" in label for label in labels)
    assert not any("Ã" in label for label in labels)  # nothing re-read as Windows-1252
    [bad] = rejected
    assert bad.position.line == 3 and bad.position.source == "addresses.csv"
    assert "0xfa is not valid UTF-8" in bad.reason and "--encoding" in bad.reason
    assert "Per\\xfa" in bad.raw  # the raw bytes shown escaped


def test_explicit_legacy_encoding(shared_dir: Path, tmp_path: Path) -> None:
    src = shared_dir / "data" / "icij-offshoreleaks" / "Addresses_small.csv"
    text = b"".join(_lines(src, [1, 221])).decode("utf-8")
    legacy = tmp_path / "addresses.csv"
    legacy.write_bytes(text.encode("cp1252"))
    assert "Perú" in read_text(legacy, "cp1252")
    assert [r.error is not None for r in csv_rows(read_text(legacy), "a.csv")] == [False, True]


def test_utf16_bom_and_utf8_bom() -> None:
    assert decode("\ufeffAL-UBAYDI".encode("utf-16-le")) == "AL-UBAYDI"
    assert decode(b"\xef\xbb\xbfAL-UBAYDI") == "AL-UBAYDI"


def test_cli_encoding_option(shared_dir: Path, tmp_path: Path) -> None:
    """``ipas load --encoding cp1252`` reads a legacy SDN file whole; without it the accented
    row is quarantined at its line and the others load."""
    rows = _lines(shared_dir / "data" / "ofac-watchman" / "sdn.csv", [1, 1007])
    text = b"".join(rows).decode("utf-8").replace("AL-UBAYDI", "ÉAL-UBAYDI")
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes(text.encode("cp1252"))
    store = tmp_path / "store"
    env = {"IPAS_STORE": str(store), "IPAS_HOME": str(tmp_path / "home")}
    runner = CliRunner()
    plain = runner.invoke(cli, ["load", str(sdn), "--format", "ofac", "--no-reason"], env=env)
    assert plain.exit_code == 1, plain.output
    assert "sdn.csv:2" in plain.output and "0xc9" in plain.output
    legacy = runner.invoke(cli, ["load", str(sdn), "--format", "ofac", "--no-reason",
                                 "--encoding", "cp1252", "--source", "legacy"], env=env)
    assert legacy.exit_code == 0, legacy.output
    bad = runner.invoke(cli, ["load", str(sdn), "--format", "ofac", "--encoding", "klingon"],
                        env=env)
    assert bad.exit_code == 2 and "unknown encoding" in bad.output


def test_utf8_name_survives_loader(tmp_path: Path, shared_dir: Path) -> None:
    rows = _lines(shared_dir / "data" / "ofac-watchman" / "sdn.csv", [1007])
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes(b"".join(rows).decode().replace("AL-UBAYDI", "ÉAL-UBAYDI").encode())
    _, rejected, graph = run("ofac", [sdn])
    assert not rejected
    assert Literal("ÉAL-UBAYDI, Intissar") in set(graph.objects(None, RDFS.label))


def test_piped_load_prints_where_it_is(shared_dir: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Output that is not a terminal gets plain progress lines (every 10 s; here every
    record, so a short real file shows them)."""
    monkeypatch.setattr("ipas.cli.progress.PLAIN_EVERY_S", 0.0)
    rows = _lines(shared_dir / "data" / "ofac-watchman" / "sdn.csv", list(range(1, 41)))
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes(b"".join(rows))
    env = {"IPAS_STORE": str(tmp_path / "store"), "IPAS_HOME": str(tmp_path / "home")}
    out = CliRunner().invoke(cli, ["load", str(sdn), "--format", "ofac", "--no-reason"], env=env)
    assert out.exit_code == 0, out.output
    lines = [ln for ln in out.output.splitlines() if ln.startswith("loading: ")]
    assert lines and "records/s" in lines[-1] and "40 records" in lines[-1]
