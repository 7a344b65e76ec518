"""Reading W3C test manifests (DAWG test-manifest vocabulary) from ../shared/suites."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from tests.conftest import SHARED_DIR

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
SUITES = SHARED_DIR / "suites"


@dataclass(frozen=True)
class Case:
    """One test: its manifest graph, node and type; ``id`` is ``folder/local-name``."""

    id: str
    node: URIRef
    type: URIRef
    graph: Graph
    folder: Path

    def value(self, *path: URIRef) -> Node | None:
        node: Node | None = self.node
        for predicate in path:
            if node is None:
                return None
            node = self.graph.value(node, predicate)
        return node


def file_of(node: Node | None) -> Path:
    assert isinstance(node, URIRef) and node.startswith("file://"), node
    return Path(node[len("file://"):])


def read(manifest: Path) -> Iterator[Case]:
    """Every entry of ``manifest`` and of the manifests it includes, in order."""
    graph = Graph()
    graph.parse(manifest, format="turtle", publicID=manifest.resolve().as_uri())
    root = URIRef(manifest.resolve().as_uri())
    for included in graph.objects(root, MF.include):
        for item in Collection(graph, included):
            yield from read(file_of(item))
    for entries in graph.objects(root, MF.entries):
        for node in Collection(graph, entries):
            assert isinstance(node, URIRef)
            kind = graph.value(node, RDF.type)
            assert isinstance(kind, URIRef)
            local = node.split("#")[-1]
            yield Case(f"{manifest.parent.name}/{local}", node, kind, graph, manifest.parent)


def cases(*manifests: str) -> list[Case]:
    """Cases of the manifests (paths relative to ../shared/suites); none when it is absent."""
    if not SUITES.is_dir():
        return []
    return [case for m in manifests for case in read(SUITES / m)]
