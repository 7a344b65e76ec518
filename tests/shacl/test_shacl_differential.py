"""The compiled SHACL validator gives pyshacl's results on the W3C SHACL Core suite.

pyshacl is the reference validator; ``ipas.shacl`` compiles what it can to SPARQL for speed
and must not change a single result. Blank nodes in the data are skolemized first (Oxigraph
renames blank nodes on load, so results could not be matched otherwise).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from pyshacl import validate
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ipas.shacl.sparql import path_to_sparql
from ipas.shacl.validator import CompiledValidator, ShaclResult
from tests.conftest import SHARED_DIR

SUITE = SHARED_DIR / "suites" / "shacl-core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")


def _suite_files() -> list[Path]:
    """Test files as the folder manifests list them (not every .ttl in a folder is a test)."""
    files: list[Path] = []
    for manifest in sorted(SUITE.glob("*/manifest.ttl")):
        graph = Graph().parse(manifest, publicID=manifest.as_uri())
        files.extend(Path(str(i).removeprefix("file://")) for i in graph.objects(None, MF.include))
    return sorted(files)


SUITE_FILES = _suite_files() if SUITE.is_dir() else []
EXPECTED_CASES = 98


def _norm(term: Node | None) -> str:
    """Oxigraph stores canonical literal forms ("4.0"^^xsd:decimal is "4"): compare values."""
    if isinstance(term, Literal) and isinstance(term.toPython(), int | float | Decimal):
        python = term.toPython()
        return f"{term.datatype}|{python.normalize() if isinstance(python, Decimal) else python}"
    return term.n3() if term is not None else ""


def _key(graph: Graph, path: Node | None, r: ShaclResult) -> tuple[str, ...]:
    path_text = path_to_sparql(graph, path) if path is not None else ""
    return (_norm(r.focus), path_text, _norm(r.value), str(r.source_shape), str(r.component),
            str(r.severity))


def _reference(data: Graph, shapes: Graph) -> Counter[tuple[str, ...]]:
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert isinstance(report, Graph)
    keys: Counter[tuple[str, ...]] = Counter()
    tops = list(report.subjects(RDF.type, SH.ValidationReport))
    # Top-level results only: pyshacl also types the nested sh:detail results.
    for node in (n for top in tops for n in report.objects(top, SH.result)):
        r = ShaclResult(
            focus=report.value(node, SH.focusNode),  # type: ignore[arg-type]
            path=None,
            value=report.value(node, SH.value),
            source_shape=report.value(node, SH.sourceShape),  # type: ignore[arg-type]
            component=report.value(node, SH.sourceConstraintComponent),  # type: ignore[arg-type]
            severity=report.value(node, SH.resultSeverity),  # type: ignore[arg-type]
            message="",
        )
        keys[_key(report, report.value(node, SH.resultPath), r)] += 1
    return keys


def _manifest_count() -> int:
    return sum(1 for p in SUITE_FILES for _ in Graph().parse(p).subjects(
        RDF.type, URIRef("http://www.w3.org/ns/shacl-test#Validate")))


def test_suite_is_complete(shared_dir: Path) -> None:
    assert len(SUITE_FILES) == EXPECTED_CASES
    assert _manifest_count() == EXPECTED_CASES


@pytest.fixture
def lexical_forms_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep literals as written: rdflib would turn "none"^^xsd:boolean into "false" before
    our validator (which reads N-Triples, as Oxigraph parses files) ever saw it."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


@pytest.mark.parametrize("path", SUITE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
@pytest.mark.usefixtures("lexical_forms_kept")
def test_compiled_matches_pyshacl(shared_dir: Path, path: Path) -> None:
    base = f"http://shacl-test.invalid/core/{path.parent.name}/{path.name}"
    shapes = Graph().parse(path, format="turtle", publicID=base)
    data = Graph().parse(path, format="turtle", publicID=base).skolemize()
    expected = _reference(data, shapes)
    validator = CompiledValidator(shapes)
    got = Counter(_key(shapes, r.path, r) for r in validator.validate_graph(data))
    assert got == expected


def test_suite_mostly_compiles(shared_dir: Path) -> None:
    """Guard that the fast path is really exercised by the suite, not just the fallback."""
    compiled = 0
    for path in SUITE_FILES:
        base = f"http://shacl-test.invalid/core/{path.parent.name}/{path.name}"
        validator = CompiledValidator(Graph().parse(path, format="turtle", publicID=base))
        compiled += bool(validator.constraints)
    assert compiled >= 40
