"""RDF in every serialization the engine reads, one record per described subject.

A record is a subject with its triples, plus the blank nodes hanging from it (an address
written as ``[ ... ]`` travels with the person it belongs to), kept as the engine's terms
(no rdflib round trip). Every format streams: N-Triples and N-Quads are read in chunks of
lines, and every record knows its exact line; the other formats go through the engine's
streaming parser, grouped a window of triples at a time (a subject still open at the end of a
window is carried into the next), and the line is where the subject is first written (Turtle,
TriG: the line that starts with it; RDF/XML and JSON-LD: its first ``about``/``@id``), found
by one scan of the file. Graph names in N-Quads and TriG are not kept: a batch is one named
graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import compress, islice
from operator import ne
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
from rdflib import URIRef

from ipas.errors import BadInput
from ipas.ingest.guards import (
    refuse_deep_nesting,
    refuse_long_lines,
    refuse_oversized,
    refuse_remote_contexts,
    refuse_xml_declarations,
    term_too_large,
)
from ipas.sources import Loader, LoadOptions, Record, Rejected, SourcePosition, Triples
from ipas.sources.base import LineBlock

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
#: Triples grouped into records at a time when streaming the other formats.
WINDOW = 20_000

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
    is_iri = isinstance(root, ox.NamedNode)
    return Record(
        position=SourcePosition(source, line=line, record_id=root.value if is_iri else None),  # type: ignore[attr-defined]
        graph=Triples.of_ox(quads),
        subjects=frozenset({URIRef(root.value)}) if is_iri else frozenset(),  # type: ignore[attr-defined]
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

    resolved: dict[Node, Node] = {}

    def root(node: Node) -> Node:
        # Roots are remembered along the way: a collection is a chain of blank nodes, and
        # walking it again for every item made a 200,000-item list quadratic (issue #20).
        walked: list[Node] = []
        seen: set[Node] = set()
        while isinstance(node, ox.BlankNode) and node in parent and node not in seen:
            if node in resolved:
                node = resolved[node]
                break
            seen.add(node)
            walked.append(node)
            node = parent[node]
        for step in walked:
            resolved[step] = node
        return node

    groups: dict[Node, list[ox.Quad]] = {}
    for q in quads:
        groups.setdefault(root(q.subject), []).append(q)  # type: ignore[arg-type]
    return list(groups.items())


def _first_lines(path: Path, fmt: ox.RdfFormat) -> dict[str, int]:
    """Full IRI -> the first line that writes it as a subject (best effort, read line by line).

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = p.write_text("@prefix e: <urn:e:> .\\n\\ne:a e:p 1 .\\n<urn:b> e:p 2 .\\n")
    >>> _first_lines(p, ox.RdfFormat.TURTLE)
    {'urn:e:a': 3, 'urn:b': 4}
    """
    lines: dict[str, int] = {}
    turtle = fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)
    pattern = _XML_ID if fmt == ox.RdfFormat.RDF_XML else _JSON_ID
    prefixes: dict[str, str] = {}
    with path.open("r", encoding="utf-8", errors="replace") as stream:
        for number, line in enumerate(stream, start=1):
            if not turtle:
                for found in pattern.finditer(line):
                    lines.setdefault(found[1], number)
                continue
            if declared := _PREFIX.match(line):
                prefixes[declared[1]] = declared[2]
                continue
            token = line.lstrip().split(None, 1)[0] if line.strip() else ""
            iri = _expand(token, prefixes)
            if iri is not None and iri not in lines:
                lines[iri] = number
    return lines


_XML_ID = re.compile(r'rdf:about\s*=\s*"([^"]+)"')
_JSON_ID = re.compile(r'"@id"\s*:\s*"([^"]+)"')
_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)


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
        for item in self.read_blocks(paths, options):
            if isinstance(item, LineBlock):
                yield from item.records()
            else:
                yield item

    def read_blocks(self, paths: Sequence[Path], options: LoadOptions,
                    ) -> Iterator[Record | Rejected | LineBlock]:
        """Records, N-Triples and N-Quads as blocks of lines (the ingest fast path)."""
        for path in paths:
            yield from self.read_path(path)

    def read_path(self, path: Path, fmt: ox.RdfFormat | None = None,
                  ) -> Iterator[Record | LineBlock]:
        """Records of one file; ``fmt`` overrides the extension (bodies sent over HTTP)."""
        fmt = fmt or format_for(path)
        if fmt == ox.RdfFormat.RDF_XML:
            refuse_xml_declarations(path)
            refuse_long_lines(path, separator=b"<")
        elif fmt == ox.RdfFormat.JSON_LD:
            refuse_deep_nesting(path, json_syntax=True)
            refuse_oversized(path, json_syntax=True)
            refuse_remote_contexts(path)
        elif fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3):
            refuse_deep_nesting(path, json_syntax=False)
            refuse_oversized(path, json_syntax=False)
        elif fmt in LINE_FORMATS:
            refuse_long_lines(path)
        if fmt in LINE_FORMATS:
            yield from self._read_lines(path, fmt)
        else:
            yield from self._read_document(path, fmt)

    @staticmethod
    def _parse(data: bytes, fmt: ox.RdfFormat, source: str, line_offset: int = 0,
               ) -> list[ox.Quad]:
        with _syntax_errors(source, line_offset):
            return list(ox.parse(data, fmt))

    def _read_document(self, path: Path, fmt: ox.RdfFormat) -> Iterator[Record]:
        """Stream: the engine's parser, grouped into records a window at a time."""
        lines = _first_lines(path, fmt)
        carried: list[ox.Quad] = []
        window: list[ox.Quad] = []
        with _syntax_errors(path.name):
            for quad in ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri()):
                if len(window) >= WINDOW and quad.subject != window[-1].subject:
                    groups = group_by_subject(carried + window)
                    # The last subject, and blank nodes whose parent is not seen yet, may
                    # continue in the next window.
                    keep = {groups[-1][0]} | {r for r, _ in groups if isinstance(r, ox.BlankNode)
                                              and r not in {q.subject for q in carried}}
                    carried = [q for r, g in groups if r in keep for q in g]
                    for root, group in groups:
                        if root not in keep:
                            yield self._document_record(path, lines, root, group)
                    window = []
                window.append(quad)
        for root, group in group_by_subject(carried + window):
            yield self._document_record(path, lines, root, group)

    @staticmethod
    def _document_record(path: Path, lines: dict[str, int], root: Node,
                         group: list[ox.Quad]) -> Record:
        line = lines.get(root.value) if isinstance(root, ox.NamedNode) else None
        return _record(path.name, line, root, group)

    def _read_lines(self, path: Path, fmt: ox.RdfFormat) -> Iterator[LineBlock]:
        """Stream: CHUNK_LINES lines at a time, parsed and re-serialized by the engine as
        canonical N-Triples (one triple per content line), grouped into records by subject
        token (a run of lines with the same subject is a record; the last run of a block is
        carried into the next, where it may continue)."""
        carried: LineBlock | None = None
        with path.open("rb") as stream:
            start = 1
            while True:
                chunk = list(islice(stream, CHUNK_LINES))
                if not chunk:
                    break
                block = self._block(path.name, chunk, fmt, start)
                start += len(chunk)
                if not block.counts:
                    continue
                if carried is not None:
                    block = _join(carried, block)
                block, carried = block.split(len(block.counts) - 1)
                if block.counts:
                    yield block
        if carried is not None:
            yield carried

    def _block(self, source: str, chunk: list[bytes], fmt: ox.RdfFormat, start: int,
               ) -> LineBlock:
        """One read of lines as a block of records (graph names dropped)."""
        data = b"".join(chunk)
        with _syntax_errors(source, start - 1):
            try:
                lines = ox.serialize(ox.parse(data, fmt), format=ox.RdfFormat.N_TRIPLES)
            except ValueError:  # N-Quads in named graphs: a batch is one graph, the names go
                lines = ox.serialize((ox.Triple(q.subject, q.predicate, q.object)
                                      for q in ox.parse(data, fmt)),
                                     format=ox.RdfFormat.N_TRIPLES)
        lines = lines or b""
        roots = _SUBJECT.findall(lines)
        if len(roots) == len(chunk):  # every line holds a triple (no comment, no blank)
            numbers: Sequence[int] = range(start, start + len(chunk))
        else:
            numbers = [start + i for i, c in enumerate(chunk)
                       if c.strip() and not c.lstrip().startswith(b"#")]
        firsts = [0, *compress(range(1, len(roots)), map(ne, roots, roots[1:]))]
        if not roots:
            firsts = []
        counts = [b - a for a, b in zip(firsts, [*firsts[1:], len(roots)], strict=True)]
        return LineBlock(source, lines, counts, [numbers[i] for i in firsts],
                         [roots[i] for i in firsts])


#: A canonical N-Triples line's subject token.
_SUBJECT = re.compile(rb"^[^ \n]+", re.MULTILINE)


def _join(head: LineBlock, tail: LineBlock) -> LineBlock:
    """Two consecutive blocks as one (the head's last record continues when the tail starts
    with the same subject)."""
    if head.roots and tail.roots and head.roots[-1] == tail.roots[0]:
        counts = [*head.counts[:-1], head.counts[-1] + tail.counts[0], *tail.counts[1:]]
        return LineBlock(head.source, head.lines + tail.lines, counts,
                         head.first_lines + tail.first_lines[1:], head.roots + tail.roots[1:])
    return LineBlock(head.source, head.lines + tail.lines, head.counts + tail.counts,
                     head.first_lines + tail.first_lines, head.roots + tail.roots)


@contextmanager
def _syntax_errors(source: str, line_offset: int = 0) -> Iterator[None]:
    """The engine's ``SyntaxError`` as a ``BadInput`` naming file, line and column."""
    try:
        yield
    except MemoryError:  # the parser's 16 MiB token buffer (RDF/XML text, ...)
        raise term_too_large(source) from None
    except SyntaxError as err:
        line = err.lineno + line_offset if err.lineno is not None else None
        message = str(err.msg or err)
        message = re.sub(r"^Parser error at line \d+ (between )?columns? \d+( and \d+)?: ",
                         "", message)
        raise BadInput(message, source=source, line=line, column=err.offset) from None
