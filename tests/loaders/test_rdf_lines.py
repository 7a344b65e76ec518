"""N-Triples and N-Quads read as blocks of canonical lines give exactly the records of the
file parsed whole: one record per run of lines with the same subject, at its first line,
across block boundaries, comments, blank lines, non-canonical spacing and escapes, and graph
names (dropped: a batch is one graph)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from ipas.sources import LoadOptions, Record
from ipas.sources.base import LineBlock
from loaders.rdf import RdfLoader

T = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def source(graphs: bool) -> str:
    lines = ["# a comment line", ""]
    for i in range(40):
        g = f" <urn:g{i % 3}>" if graphs and i % 2 else ""
        lines.append(f"<urn:ex:p{i}>  {T}\t<urn:ex:Person>{g} .")
        if i % 5 == 0:
            lines.append("")
        lines.append(f'<urn:ex:p{i}> <urn:ex:name> "P\\u00e9{i}"^^'
                     f"<http://www.w3.org/2001/XMLSchema#string>{g} . # trailing comment")
        if i % 7 == 0:
            lines.append(f"_:b{i} <urn:ex:street> \"S{i}\"{g} .")
            lines.append(f"<urn:ex:p{i}> <urn:ex:address> _:b{i}{g} .")
    return "\n".join(lines)  # no final line break


def expected(text: str, fmt: ox.RdfFormat) -> list[tuple[int, str | None, list[str]]]:
    """(line, record id, triples) per run of one subject, from a line-by-line reading."""
    out: list[tuple[int, str | None, list[str]]] = []
    last = None
    for number, line in enumerate(text.splitlines(), start=1):
        quads = list(ox.parse(line.encode(), fmt))
        if not quads:
            continue
        (q,) = quads
        triple = str(ox.Triple(q.subject, q.predicate, q.object))
        if q.subject != last:
            rid = q.subject.value if isinstance(q.subject, ox.NamedNode) else None
            out.append((number, rid, []))
            last = q.subject
        out[-1][2].append(triple)
    return out


@pytest.mark.parametrize(("suffix", "fmt"), [(".nt", ox.RdfFormat.N_TRIPLES),
                                             (".nq", ox.RdfFormat.N_QUADS)])
@pytest.mark.parametrize("lines", [7, 20_000])
def test_blocks_give_the_records_of_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, fmt: ox.RdfFormat,
    lines: int,
) -> None:
    monkeypatch.setattr("loaders.rdf.CHUNK_LINES", lines)
    text = source(graphs=fmt == ox.RdfFormat.N_QUADS)
    path = tmp_path / f"people{suffix}"
    path.write_text(text, encoding="utf-8")
    records = list(RdfLoader().read([path], LoadOptions()))
    assert all(isinstance(r, Record) for r in records)
    got = [(r.position.line, r.position.record_id,
            [str(ox.Triple(t.subject, t.predicate, t.object)) for t in r.graph.ox()])
           for r in records if isinstance(r, Record)]
    assert got == expected(text, fmt)
    blocks = list(RdfLoader().read_blocks([path], LoadOptions()))
    assert all(isinstance(b, LineBlock) for b in blocks)
    assert sum(len(b.counts) for b in blocks if isinstance(b, LineBlock)) == len(got)
    if lines == 7:  # the file's 100-odd lines came in several blocks
        assert len(blocks) > 5
