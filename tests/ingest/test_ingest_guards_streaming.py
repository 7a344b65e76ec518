"""The Turtle / JSON-LD guards read a window at a time and judge as if they read the whole file.

Windows are made tiny (64 bytes) so that nesting, collections and long strings all cross
window boundaries; a Turtle file of several chunks then stages with the same result as in one
chunk (memory bounded by the window and the chunk, not the file).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ipas.errors import LimitExceeded, Refused
from ipas.ingest import Ingestor, IngestResult
from ipas.ingest.guards import MAX_LIST_ITEMS, MAX_NESTING, refuse_deep_nesting, refuse_oversized


@pytest.fixture(autouse=True)
def tiny_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ipas.ingest.guards._CHUNK", 64)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_nesting_across_windows(tmp_path: Path) -> None:
    deep = "<urn:s> <urn:p>\n" + "[ <urn:p>\n" * (MAX_NESTING + 1) + "1" + "\n]" * (
        MAX_NESTING + 1) + " .\n"
    with pytest.raises(Refused, match="nested deeper"):
        refuse_deep_nesting(write(tmp_path, "deep.ttl", deep), json_syntax=False)
    ok = deep.replace("[ <urn:p>\n", "", 1).replace("\n]", "", 1)
    refuse_deep_nesting(write(tmp_path, "ok.ttl", ok), json_syntax=False)
    doc = '{"@id": "urn:a",\n' + '"urn:p": [\n' * (MAX_NESTING + 1) + "1" + "]\n" * (
        MAX_NESTING + 1) + "}"
    with pytest.raises(Refused, match="nested deeper"):
        refuse_deep_nesting(write(tmp_path, "deep.jsonld", doc), json_syntax=True)


def test_collection_across_windows_counted_whole(tmp_path: Path) -> None:
    items = "\n".join(f'"item {i}"' for i in range(MAX_LIST_ITEMS + 1))
    text = f"# a list\n<urn:s> <urn:p> (\n{items}\n) .\n"
    with pytest.raises(LimitExceeded, match=f"{MAX_LIST_ITEMS + 1} items at line 2"):
        refuse_oversized(write(tmp_path, "list.ttl", text), json_syntax=False)
    nested = f"<urn:s> <urn:p> (\n{items}\n( 1 ) ) .\n"  # not innermost: not a 10,001-list
    refuse_oversized(write(tmp_path, "nested.ttl", nested), json_syntax=False)


def test_long_strings_across_windows_hide_their_brackets(tmp_path: Path) -> None:
    text = ('<urn:s> <urn:p> """a long\n' + "[[[[ (((( # not a comment\n" * 40
            + 'end""" .\n<urn:s> <urn:q> \'\'\'x\n' + "]]]]\n" * 30 + "\'\'\' .\n")
    path = write(tmp_path, "long.ttl", text)
    refuse_deep_nesting(path, json_syntax=False)
    refuse_oversized(path, json_syntax=False)


def test_turtle_of_several_chunks_loads_as_if_read_whole(
    ingestor: Ingestor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    turtle = ["@prefix e: <urn:ex:> ."]
    for i in range(150):
        name = "" if i == 77 else f' ; e:name """P\n{i}"""'
        turtle.append(f"e:p{i} a e:Person{name} ; e:address [ e:street \"S{i}\" ] .")
    ttl = write(tmp_path, "people.ttl", "\n".join(turtle) + "\n")
    whole = ingestor.check([ttl])  # one chunk, one parser window, guards in 64-byte windows
    monkeypatch.setattr("ipas.ingest.fast.CHUNK_TRIPLES", 50)
    monkeypatch.setattr("loaders.rdf.WINDOW", 40)
    streamed = ingestor.check([ttl])  # 12 chunks
    assert (streamed.records, streamed.triples) == (whole.records, whole.triples) == (149, 596)
    def reasons(result: IngestResult) -> list[str]:  # blank node labels differ per parse
        return [re.sub(r"_:\w+", "_:b", repr(q.to_dict())) for q in result.quarantined]

    assert reasons(streamed) == reasons(whole)
    assert [q.position.record_id for q in whole.quarantined] == ["urn:ex:p77"]
