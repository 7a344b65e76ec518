"""``ipas ontology`` for maintainers, through the real CLI on copies of the real modules:
lint (clean now, and each rule caught when broken), docs, diff, release, new-module."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipas.cli.main import cli
from ipas.ontology.diff import compare, read
from ipas.ontology.files import ONTOLOGY_DIR, SHAPES_DIR
from ipas.ontology.lint import ERROR, lint
from ipas.settings import PROJECT_ROOT


def ipas(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    onto, shapes = tmp_path / "ontology", tmp_path / "shapes"
    shutil.copytree(ONTOLOGY_DIR, onto)
    shutil.copytree(SHAPES_DIR, shapes)
    return onto, shapes


def codes(onto: Path, shapes: Path) -> set[tuple[str, str]]:
    return {(f.code, f.term.rsplit("#", 1)[-1]) for f in lint(onto, shapes, reasoner=False)
            if f.severity == ERROR}


def test_lint_is_clean_on_the_project_and_reports_json() -> None:
    from ipas.ontology.hermit import java_available

    # With HermiT when Java is there (CI installs it), as `make lint` runs it.
    flags = [] if java_available() else ["--no-reasoner"]
    code, out = ipas("ontology", "lint", *flags, "--format", "json")
    assert code == 0, out
    assert json.loads(out) == {"errors": 0, "warnings": 0, "findings": []}


def test_lint_catches_each_rule(copies: tuple[Path, Path]) -> None:
    onto, shapes = copies
    with (onto / "extensions" / "smuggling.ttl").open("a", encoding="utf-8") as f:
        f.write("""
ipas:Unlabelled a owl:Class ; rdfs:subClassOf ipas:Evnt .
ipas:badProp a owl:ObjectProperty ; rdfs:label "bad"@en ; skos:definition "x"@en ;
    rdfs:domain ipas:Debt .
""")
    with (shapes / "extensions" / "smuggling.ttl").open("a", encoding="utf-8") as f:
        f.write("""
shape:SecondDebtShape a sh:NodeShape ; sh:targetClass ipas:Debt ;
    sh:property [ sh:path ipas:amount ; sh:minCount 1 ] .
shape:Untargeted a sh:NodeShape ; sh:property [ sh:path ipas:amount ; sh:maxCount 1 ;
    sh:severity sh:Violation ] .
""")
    found = codes(onto, shapes)
    assert {("label", "Unlabelled"), ("definition", "Unlabelled"), ("undeclared", "Evnt"),
            ("range", "badProp"), ("one-shape-per-class", "Debt"), ("severity", "SecondDebtShape"),
            ("target-class", "Untargeted")} <= found, sorted(found)


def test_lint_checks_data_files_for_misspelt_terms(tmp_path: Path) -> None:
    data = tmp_path / "batch.ttl"
    data.write_text("@prefix ipas: <https://w3id.org/ipas/ontology#> .\n"
                    "<urn:x:a> a ipas:StashHouse ; ipas:locatedInn <urn:x:b> .\n",
                    encoding="utf-8")
    code, out = ipas("ontology", "lint", "--no-reasoner", "--data", str(data))
    assert code == 1 and "ontology#locatedInn\tused in batch.ttl" in out


def test_lint_exits_1_on_errors(copies: tuple[Path, Path]) -> None:
    onto, shapes = copies
    (shapes / "extensions" / "cyber.ttl").unlink()  # its classes lose their shapes
    code, out = ipas("ontology", "lint", "--no-reasoner", "--ontology-dir", str(onto),
                     "--shapes-dir", str(shapes))
    assert code == 1
    assert "coverage\thttps://w3id.org/ipas/ontology#CyberIncidentType" in out


def test_lint_runs_hermit_and_finds_unsatisfiable_classes(copies: tuple[Path, Path]) -> None:
    from ipas.ontology.hermit import java_available

    if not java_available():
        pytest.skip("HermiT needs a Java runtime")
    onto, shapes = copies
    with (onto / "extensions" / "cyber.ttl").open("a", encoding="utf-8") as f:
        f.write("ipas:CyberIncident rdfs:subClassOf ipas:Location .\n")  # Event vs Location
    found = {(f.code, f.term.rsplit("#", 1)[-1]) for f in lint(onto, shapes)}
    assert ("unsatisfiable", "CyberIncident") in found


def test_docs_are_one_self_contained_page(tmp_path: Path) -> None:
    code, _ = ipas("ontology", "docs", "-o", str(tmp_path))
    assert code == 0
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'id="TraffickingVictim"' in page and "Palermo" not in page.split("<body>")[0]
    assert "<script" not in page and 'href="http' not in page and 'src="' not in page


def test_diff_finds_renames_removals_and_breaking_changes(copies: tuple[Path, Path]) -> None:
    onto, _ = copies
    path = onto / "extensions" / "smuggling.ttl"
    text = path.read_text(encoding="utf-8").replace("ipas:feePaid", "ipas:feeSettled")
    text = text.replace("ipas:SmugglingFee a owl:Class ;\n    rdfs:subClassOf ipas:Event ;",
                        "ipas:SmugglingFee a owl:Class ;\n    rdfs:subClassOf ipas:Relationship ;")
    path.write_text(text.replace("ipas:Recruitment", "ipas:Enlistment")
                    .replace('"Recruitment"@en', '"Enlistment"@en'), encoding="utf-8")
    (onto / "extensions" / "cyber.ttl").unlink()
    diff = compare(read(ONTOLOGY_DIR), read(onto))
    local = {k.rsplit("#", 1)[1]: v.rsplit("#", 1)[1] for k, v in diff.renamed.items()}
    assert local["feePaid"] == "feeSettled"  # same label and definition
    assert "https://w3id.org/ipas/ontology#CyberIncident" in diff.removed
    changed = {c.term.rsplit("#", 1)[1]: c for c in diff.changed}
    assert changed["SmugglingFee"].breaking  # a superclass dropped
    code, out = ipas("--store", "memory", "ontology", "diff", str(ONTOLOGY_DIR), str(onto),
                     "--format", "json")
    assert code == 0
    body = json.loads(out)
    assert body["usage"]["https://w3id.org/ipas/ontology#CyberIncident"] == 0
    assert "https://w3id.org/ipas/ontology#feePaid" in body["breaking"]


def test_release_bumps_the_version_and_writes_changelog_and_migration(
        copies: tuple[Path, Path]) -> None:
    onto, shapes = copies
    for path in (onto / "extensions" / "smuggling.ttl", shapes / "extensions" / "smuggling.ttl"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("ipas:feePaid", "ipas:feeSettled"), encoding="utf-8")
    code, out = ipas("ontology", "release", "9.0.0", "--no-reasoner",
                     "--ontology-dir", str(onto), "--shapes-dir", str(shapes))
    assert code == 0, out
    assert 'owl:versionInfo "9.0.0"' in (onto / "ipas.ttl").read_text(encoding="utf-8")
    assert "<https://w3id.org/ipas/ontology/9.0.0>" in (onto / "ipas.ttl").read_text()
    log = (onto / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 9.0.0 (since" in log and "`ipas:feePaid` → `ipas:feeSettled`" in log
    update = (onto / "releases" / "9.0.0-migration.ru").read_text(encoding="utf-8")
    assert "ontology#feeSettled" in update
    assert (onto / "releases" / "9.0.0.ttl").is_file() and (onto / "releases" / "9.0.0.html")
    code, _ = ipas("ontology", "release", "8.0.0", "--no-reasoner",
                   "--ontology-dir", str(onto), "--shapes-dir", str(shapes))
    assert code == 2  # not after the last release


def test_release_is_refused_when_lint_fails(copies: tuple[Path, Path]) -> None:
    onto, shapes = copies
    (shapes / "extensions" / "cyber.ttl").unlink()
    header = (onto / "ipas.ttl").read_text(encoding="utf-8")
    code, out = ipas("ontology", "release", "9.0.0", "--no-reasoner",
                     "--ontology-dir", str(onto), "--shapes-dir", str(shapes))
    assert code == 1 and "release refused" in out
    assert (onto / "ipas.ttl").read_text(encoding="utf-8") == header
    assert not (onto / "releases" / "9.0.0.ttl").exists()


def test_the_migration_renames_stored_data() -> None:
    from ipas.ontology.diff import OntologyDiff, migration
    from ipas.store.base import Scope
    from ipas.store.oxigraph import OxigraphStore

    store = OxigraphStore()
    old, new = "https://w3id.org/ipas/ontology#feePaid", "https://w3id.org/ipas/ontology#feeSettled"
    store.load(f"<urn:x:fee> <{old}> true .".encode(), "text/turtle", graph="urn:x:g")
    store.update(migration(OntologyDiff(renamed={old: new})))
    rows = store.select(f"SELECT ?s WHERE {{ ?s <{new}> true }}", scope=Scope.everything()).rows
    assert len(rows) == 1


def test_the_project_has_a_release_history() -> None:
    from ipas.ontology.release import current_version, releases

    done = releases()
    assert done and done[-1] == current_version()
    assert (PROJECT_ROOT / "ontology" / "CHANGELOG.md").is_file()


def test_new_module_scaffolds_files_that_pass_and_appear_in_rest(tmp_path: Path) -> None:
    import py_compile

    import pyshacl
    from rdflib import Graph

    from ipas.facade.model import build_model
    from ipas.ontology.files import load_ontology, load_shapes
    from ipas.ontology.scaffold import new_module
    from tests.shapes.casefile import normalize, same_report, split_case

    root = tmp_path
    shutil.copytree(ONTOLOGY_DIR, root / "ontology")
    shutil.copytree(SHAPES_DIR, root / "shapes")
    written = new_module("wildlife", root)
    assert len(written) == 5
    onto, shapes = root / "ontology", root / "shapes"
    assert [f for f in lint(onto, shapes, reasoner=False) if f.severity == ERROR] == []
    og, sg = load_ontology(onto), load_shapes(shapes)
    # The shape case's expected report is what validation gives (messages aside).
    data, expected = split_case(root / "tests" / "shapes" / "cases" / "WildlifeActivityShape.ttl")
    _, report, _ = pyshacl.validate(data, shacl_graph=sg, ont_graph=og, inference="none",
                                    advanced=True, allow_warnings=True, allow_infos=True)
    from unittest import mock

    with mock.patch("tests.shapes.casefile.shapes_graph", return_value=sg):
        assert same_report(expected, normalize(report))[0]
    sample = Graph().parse(root / "demo" / "modules" / "wildlife.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(sample, shacl_graph=sg, ont_graph=og,
                                         inference="none", advanced=True)
    assert conforms, text
    assert "wildlife-activity" in {c.slug for c in build_model(onto, shapes).classes}
    py_compile.compile(str(root / "tests" / "ontology" / "test_module_wildlife.py"), doraise=True)
    code, out = ipas("ontology", "new-module", "Not A Name")
    assert code == 2 and "lower-case" in out


@pytest.mark.parametrize(("module", "slugs"), [
    ("smuggling", {"trafficking-victim", "smuggled-migrant", "exploitation", "smuggling-fee"}),
    ("intellectual-property", {"ipr-seizure", "intellectual-property-right", "rights-holder"}),
    ("cyber", {"cyber-incident", "crypto-transfer"}),
    ("money-laundering", {"laundering-scheme", "funnel-account", "money-services-business"}),
    ("counter-proliferation", {"controlled-export", "procurement-agent"}),
])
def test_each_phase_module_is_what_adds_its_rest_routes(
        copies: tuple[Path, Path], module: str, slugs: set[str]) -> None:
    from ipas.facade.model import build_model

    onto, shapes = copies
    assert slugs <= {c.slug for c in build_model(onto, shapes).classes}
    (onto / "extensions" / f"{module}.ttl").unlink()
    (shapes / "extensions" / f"{module}.ttl").unlink()
    assert not slugs & {c.slug for c in build_model(onto, shapes).classes}
