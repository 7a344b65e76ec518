"""The expected answers written in demo/README.md are what the data says, on the store
``ipas demo`` builds (validated batches, reasoning on)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from ipas.settings import Settings
from tests.demo.conftest import DEMO, demo_module
from tests.demo_store import open_demo

#: The analyst questions of issue #5, one README section each.
QUESTIONS = 15


@pytest.fixture(scope="module")
def demo(demo_settings: Settings) -> Any:
    """The session's ``ipas demo`` store, as demo/answers.py reads a demo."""
    answers = demo_module("answers")
    return answers.Demo(open_demo(demo_settings), demo_settings)


def test_readme_answers_match_the_data(demo: Any) -> None:
    answers = demo_module("answers")
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    assert answers.computed(text, demo) == text, (
        "README tables are stale: run demo/answers.py --write")


def test_answers_builds_the_demo_as_ipas_demo_does(demo: Any) -> None:
    """demo/answers.py's own store (the function ``ipas demo`` calls) holds what the CLI's
    does: the same triples per kind of graph, inferred graphs included."""
    answers = demo_module("answers")
    built = answers.build()

    def sizes(store: Any) -> dict[str, int]:
        rows = store.engine.query(
            "SELECT ?kind (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            "BIND(IF(STRENDS(STR(?g), '/inferred'), 'inferred', STR(?g)) AS ?k) "
            "BIND(IF(CONTAINS(?k, '/batch/'), 'batch', ?k) AS ?kind) } GROUP BY ?kind")
        return {r["kind"].value: int(r["n"].value) for r in rows}

    ours = sizes(built.store)
    assert ours == sizes(demo.store) and ours["inferred"] > 1000


def test_every_question_has_a_section_and_finds_something() -> None:
    answers = demo_module("answers")
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    sections = re.findall(r"^### (\d+)\. ", text, re.M)
    assert [int(n) for n in sections] == list(range(1, QUESTIONS + 1))
    cases = answers.cases(text)
    assert len(cases) == 17  # question 13 has three queries
    assert {c.heading.split(".")[0] for c in cases} == {str(n) for n in range(1, 16)}
    for case in cases:
        rows = case.table.strip().splitlines()[2:]
        assert rows, f"{case.heading}: the demo must give this question an answer"


def test_a_stale_table_is_detected(demo: Any) -> None:
    answers = demo_module("answers")
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    row = "| person/demo/hector-ibarra | 2 |"
    tampered = text.replace(row, row.replace("2", "3"))
    assert tampered != text
    assert answers.computed(tampered, demo) != tampered


def test_scoped_views_follow_the_security_policy() -> None:
    answers = demo_module("answers")
    seen = {name: [e["path"] for e in answers.visible(p)] for name, p in answers.callers()}
    everything = [e["path"] for e in answers.manifest_entries()]
    assert seen["HSI analyst cleared for TLP:RED"] == everything
    assert "red.ttl" not in seen["DEA analyst (default clearance)"]
    assert seen["GT-TCIU partner"] == ["geography.ttl", "core.ttl", "activity.ttl",
                                       "partner-gt.ttl", "rates.ttl"]
    assert seen["anonymous reader, TLP:CLEAR only"] == ["geography.ttl", "rates.ttl"]
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- scopes -->\n")[1].split("<!-- /scopes -->")[0]
    assert len(block.strip().splitlines()) == 2 + len(seen)
