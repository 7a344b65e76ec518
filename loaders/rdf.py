"""RDF in every serialization the engine reads, one record per described subject.

A record is a subject with its triples, plus the blank nodes hanging from it (an address
written as ``[ ... ]`` travels with the person it belongs to). N-Triples and N-Quads are read
in chunks of lines, so a file larger than memory streams, and every record knows its exact
line; for the other formats the line is where the subject is first written (Turtle, TriG: the
line that starts with it; RDF/XML and JSON-LD: its first ``about``/``@id``). Graph names in
N-Quads and TriG are not kept: a batch is one named graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
from rdflib import Graph, URIRef

from ipas.errors import BadInput
from ipas.ingest.guards import (
    refuse_deep_nesting,
    refuse_remote_contexts,
    refuse_xml_declarations,
)
from ipas.sources import Loader, LoadOptions, Record, Rejected, SourcePosition
from ipas.store.terms import from_ox

#: File name ending -> engine format.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
LINE_FORMATS = (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS)
#: Lines parsed at a time when streaming N-Triples / N-Quads.
CHUNK_LINES = 20_000

Node = ox.NamedNode | ox.BlankNode


def format_for(path: Path) -> ox.RdfFormat:
    """The RDF format named by ``path``'s extension; a usage error lists the supported ones.

    >>> format_for(Path("a.TTL")).name
    'Turtle'
    >>> format_for(Path("a.csv"))
    Traceback (most recent call last):
    ...
    ipas.errors.BadInput: a.csv: not an RDF file name; supported: .jsonld, .nq, .nt, .owl, ...
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        supported = ", ".join(sorted(FORMATS))
        raise BadInput(f"not an RDF file name; supported: {supported}", source=path.name)
    return fmt


def _record(source: str, line: int | None, root: object, quads: list[ox.Quad]) -> Record:
    graph = Graph()
    for q in quads:
        graph.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    subject = from_ox(root)
    is_iri = isinstance(subject, URIRef)
    return Record(
        position=SourcePosition(source, line=line, record_id=str(subject) if is_iri else None),
        graph=graph,
        subjects=frozenset({subject}) if is_iri else frozenset(),  # type: ignore[arg-type]
    )


def group_by_subject(quads: Sequence[ox.Quad]) -> list[tuple[Node, list[ox.Quad]]]:
    """Triples grouped under the IRI (or orphan blank node) that owns their subject.

    >>> qs = list(ox.parse(b"<urn:a> <urn:p> [ <urn:q> 1 ] . <urn:b> <urn:p> 2 .",
    ...                    ox.RdfFormat.TURTLE))
    >>> [(str(root), len(group)) for root, group in group_by_subject(qs)]
    [('<urn:a>', 2), ('<urn:b>', 1)]
    """
    parent: dict[ox.BlankNode, Node] = {}
    for q in quads:
        if isinstance(q.object, ox.BlankNode) and q.object not in parent and q.object != q.subject:
            parent[q.object] = q.subject  # type: ignore[assignment]

    def root(node: Node) -> Node:
        seen: set[Node] = set()
        while isinstance(node, ox.BlankNode) and node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        return node

    groups: dict[Node, list[ox.Quad]] = {}
    for q in quads:
        groups.setdefault(root(q.subject), []).append(q)  # type: ignore[arg-type]
    return list(groups.items())


def _first_lines(text: str, fmt: ox.RdfFormat, prefixes: dict[str, str]) -> dict[str, int]:
    """Full IRI -> the first line that writes it as a subject (best effort, never wrong twice)."""
    lines: dict[str, int] = {}
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        for number, line in enumerate(text.splitlines(), start=1):
            token = line.lstrip().split(None, 1)[0] if line.strip() else ""
            iri = _expand(token, prefixes)
            if iri is not None and iri not in lines:
                lines[iri] = number
        return lines
    pattern = _XML_ID if fmt == ox.RdfFormat.RDF_XML else _JSON_ID
    for found in pattern.finditer(text):
        lines.setdefault(found[1], text.count("\n", 0, found.start()) + 1)
    return lines


_XML_ID = re.compile(r'rdf:about\s*=\s*"([^"]+)"')
_JSON_ID = re.compile(r'"@id"\s*:\s*"([^"]+)"')


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<") and token.endswith(">"):
        return token[1:-1]
    prefix, colon, local = token.partition(":")
    if colon and prefix in prefixes and not token.startswith(("_:", "@")):
        return prefixes[prefix] + local
    return None


class RdfLoader(Loader):
    """Turtle, N-Triples, N-Quads, TriG, RDF/XML and JSON-LD, chosen by file extension.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "d.ttl"
    >>> _ = p.write_text("@prefix e: <urn:e:> .\\n\\ne:a e:p 1 .\\ne:b e:p 2 .\\n")
    >>> [str(r.position) for r in RdfLoader().read([p], LoadOptions())]
    ['d.ttl:3 [urn:e:a]', 'd.ttl:4 [urn:e:b]']
    """

    name: ClassVar[str] = "rdf"
    summary: ClassVar[str] = "RDF: Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD"
    extensions: ClassVar[tuple[str, ...]] = tuple(FORMATS)

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        for path in paths:
            yield from self.read_path(path)

    def read_path(self, path: Path, fmt: ox.RdfFormat | None = None) -> Iterator[Record]:
        """Records of one file; ``fmt`` overrides the extension (bodies sent over HTTP)."""
        fmt = fmt or format_for(path)
        if fmt == ox.RdfFormat.RDF_XML:
            refuse_xml_declarations(path)
        elif fmt == ox.RdfFormat.JSON_LD:
            refuse_deep_nesting(path, json_syntax=True)
            refuse_remote_contexts(path)
        elif fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3):
            refuse_deep_nesting(path, json_syntax=False)
        if fmt in LINE_FORMATS:
            yield from self._read_lines(path, fmt)
        else:
            yield from self._read_document(path, fmt)

    @staticmethod
    def _parse(data: bytes, fmt: ox.RdfFormat, source: str, line_offset: int = 0,
               ) -> tuple[list[ox.Quad], dict[str, str]]:
        parser = ox.parse(data, fmt)
        try:
            quads = list(parser)
        except SyntaxError as err:
            line = err.lineno + line_offset if err.lineno is not None else None
            message = str(err.msg or err)
            message = re.sub(r"^Parser error at line \d+ (between )?columns? \d+( and \d+)?: ",
                             "", message)
            raise BadInput(message, source=source, line=line, column=err.offset) from None
        return quads, dict(parser.prefixes)

    def _read_document(self, path: Path, fmt: ox.RdfFormat) -> Iterator[Record]:
        data = path.read_bytes()
        quads, prefixes = self._parse(data, fmt, path.name)
        groups = group_by_subject(quads)
        lines = _first_lines(data.decode("utf-8", "replace"), fmt, prefixes) if groups else {}
        for root, group in groups:
            line = lines.get(root.value) if isinstance(root, ox.NamedNode) else None
            yield _record(path.name, line, root, group)

    def _read_lines(self, path: Path, fmt: ox.RdfFormat) -> Iterator[Record]:
        """Stream: parse CHUNK_LINES lines at a time; one triple per content line."""
        run: list[ox.Quad] = []
        run_line = 0
        with path.open("rb") as stream:
            start = 1
            while True:
                chunk = [stream.readline() for _ in range(CHUNK_LINES)]
                chunk = [c for c in chunk if c]
                if not chunk:
                    break
                content = [start + i for i, c in enumerate(chunk)
                           if c.strip() and not c.lstrip().startswith(b"#")]
                quads, _ = self._parse(b"".join(chunk), fmt, path.name, start - 1)
                for q, line in zip(quads, content, strict=False):
                    if run and q.subject != run[0].subject:
                        yield _record(path.name, run_line, run[0].subject, run)
                        run = []
                    if not run:
                        run_line = line
                    run.append(q)
                start += len(chunk)
        if run:
            yield _record(path.name, run_line, run[0].subject, run)
