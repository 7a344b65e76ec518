"""An interrupted ``ipas load`` says what it left and how to go on; running it again goes on.

A batch commits whole or not at all (``test_ingest_crash``: even ``kill -9`` mid-commit), so
a load of several files resumes at the file it was loading: the files committed before are
recognized by their checksum and skipped, the interrupted one is loaded from its start.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from ipas.cli import load_cmd
from ipas.cli.main import cli
from ipas.ingest import IngestResult
from ipas.settings import Settings


def people(prefix: str) -> bytes:
    return "".join(
        f"<urn:ex:{prefix}{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        f'<urn:ex:Person> .\n<urn:ex:{prefix}{i}> <urn:ex:name> "{prefix} {i}" .\n'
        for i in range(5)).encode()


def test_interrupted_load_says_how_to_go_on_and_goes_on(
    ingest_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for name in ("a", "b"):
        files.append(tmp_path / f"{name}.nt")
        files[-1].write_bytes(people(name))
    real = load_cmd.load_paths

    def cut_after_first(*args: Any) -> Iterator[IngestResult]:
        results = real(*args)
        yield next(results)
        raise KeyboardInterrupt  # Ctrl-C while the second file loads

    monkeypatch.setenv("IPAS_ONTOLOGY_DIR", str(ingest_settings.ontology_dir))
    monkeypatch.setenv("IPAS_SHAPES_DIR", str(ingest_settings.shapes_dir))
    where = ["--store", ingest_settings.store, "--home", str(ingest_settings.home)]
    runner = CliRunner()
    monkeypatch.setattr(load_cmd, "load_paths", cut_after_first)
    first = runner.invoke(cli, [*where, "load", *map(str, files), "--no-reason"])
    assert first.exit_code == load_cmd.EXIT_INTERRUPTED, first.output
    assert "a.nt: batch" in first.output and "b.nt" not in first.output
    assert "Run the same command again" in first.output
    monkeypatch.setattr(load_cmd, "load_paths", real)
    again = runner.invoke(cli, [*where, "load", *map(str, files), "--no-reason"])
    assert again.exit_code == 0, again.output
    assert "a.nt: unchanged" in again.output and "b.nt: batch" in again.output
