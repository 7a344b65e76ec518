"""The expected answers in demo/README.md, computed: every ```sparql block of the README is
run over the demo as ``ipas demo`` builds it (every file of the manifest validated and
committed as its own batch, with the ontology and each batch's materialized OWL RL
inferences), and the markdown table that follows it must be exactly the result.

Usage (from the project root)::

    .venv/bin/python demo/answers.py          # exit 1 and show the diff if a table is stale
    .venv/bin/python demo/answers.py --write  # rewrite the README's tables from the data

tests/demo runs the check, so the README cannot drift from the data.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ipas.ingest.pipeline import Ingestor
from ipas.ingest.runner import load_demo
from ipas.access import build_access_control
from ipas.security.markings import DEFAULT_CLEARANCE, Marking, admits
from ipas.security.principal import Principal, Role
from ipas.settings import Settings
from ipas.store.base import Scope
from ipas.store.dataset import dataset_options
from ipas.store.oxigraph import OxigraphStore

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
README = HERE / "README.md"
BASE = "https://w3id.org/ipas/id/"
IPAS_NS = "https://w3id.org/ipas/ontology#"

#: A query block and the table right after it (possibly empty before the first --write).
CASE = re.compile(r"```sparql\n(?P<query>.*?)\n```\n(?P<table>\n(?:\|[^\n]*\n)+\n?|)", re.S)


@dataclass(frozen=True)
class Case:
    """One README query with the table written after it."""

    heading: str
    query: str
    table: str
    start: int
    end: int


def manifest_entries() -> list[dict[str, Any]]:
    manifest = json.loads((HERE / "manifest.json").read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = manifest["files"]
    return entries


def demo_files() -> list[Path]:
    return [HERE / entry["path"] for entry in manifest_entries()]


@dataclass(frozen=True)
class Demo:
    """The demo store and the settings it was built with (for its catalog and scopes)."""

    store: OxigraphStore
    settings: Settings


def build() -> Demo:
    """The demo in memory, loaded by the function ``ipas demo`` calls (reasoning on)."""
    settings = Settings(store="memory", home=Path(tempfile.mkdtemp(prefix="ipas-demo-")))
    store = OxigraphStore()
    results = load_demo(Ingestor(store, settings), if_empty=False)
    if any(r.quarantined for r in results):
        raise SystemExit("demo records were quarantined: run ipas demo --strict to see why")
    return Demo(store, settings)


def cases(text: str) -> list[Case]:
    out = []
    for match in CASE.finditer(text):
        headings = re.findall(r"^#+ (.+)$", text[: match.start()], re.M)
        out.append(Case(headings[-1] if headings else "", match["query"], match["table"],
                        match.start("table"), match.end("table")))
    return out


def cell(term: object) -> str:
    """A result term as the README writes it: demo IRIs relative to the base, ipas: terms
    prefixed, literals by their lexical form.

    >>> cell(ox.NamedNode("https://w3id.org/ipas/id/person/demo/hector-ibarra"))
    'person/demo/hector-ibarra'
    >>> cell(ox.NamedNode("https://w3id.org/ipas/ontology#Commodity_Fentanyl"))
    'ipas:Commodity_Fentanyl'
    >>> cell(ox.Literal("2025-03-14", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")))
    '2025-03-14'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        value = term.value
        if value.startswith(BASE):
            return value[len(BASE):]
        if value.startswith(IPAS_NS):
            return "ipas:" + value[len(IPAS_NS):]
        return f"<{value}>"
    if isinstance(term, ox.Literal):
        return term.value.replace("|", "\\|")
    return str(term)


def run(demo: Demo, query: str, scope: Scope | None = None) -> ox.QuerySolutions:
    """``query`` over the demo in ``scope`` (default: every graph, the CLI's view)."""
    resolved = (scope or Scope.everything()).resolve()
    engine = demo.store.engine
    results = engine.query(query, **dataset_options(engine, resolved.default_graphs,
                                                    resolved.named_graphs))
    if not isinstance(results, ox.QuerySolutions):
        raise ValueError("README queries must be SELECT queries")
    return results


def table(demo: Demo, query: str) -> str:
    results = run(demo, query)
    if not isinstance(results, ox.QuerySolutions):
        raise ValueError("README queries must be SELECT queries")
    names = [v.value for v in results.variables]
    lines = ["", "| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    for row in results:
        lines.append("| " + " | ".join(cell(row[n]) for n in names) + " |")
    return "\n".join(lines) + "\n\n"


#: Callers whose view of the demo the README shows, and the questions counted for each.
SCOPE_QUESTIONS = ("2", "4", "10", "11", "12")
SCOPES = "<!-- scopes -->\n", "<!-- /scopes -->\n"


def callers() -> list[tuple[str, Principal]]:
    everything = frozenset(m.value for m in Marking)
    return [
        ("HSI analyst cleared for TLP:RED", Principal("hsi", Role.ANALYST, everything, "HSI")),
        ("DEA analyst (default clearance)", Principal("dea", Role.ANALYST, DEFAULT_CLEARANCE,
                                                      "DEA")),
        ("GT-TCIU partner", Principal("gt", Role.PARTNER, DEFAULT_CLEARANCE, "GT-TCIU")),
        ("anonymous reader, TLP:CLEAR only", Principal("anonymous", Role.READER,
                                                       frozenset({Marking.CLEAR.value}),
                                                       anonymous=True)),
    ]


def visible(principal: Principal) -> list[dict[str, Any]]:
    """The manifest entries the security policy (ipas.security.markings) lets a caller read."""
    return [e for e in manifest_entries()
            if admits(principal, e["marking"], owner=e["agency"], shared_with=e["sharedWith"])]


def scope_table(text: str, demo: Demo) -> str:
    """Rows found by some README questions for each kind of caller, in the scope the
    deployment's access control gives that caller."""
    first: dict[str, str] = {}
    for case in cases(text):
        first.setdefault(case.heading.split(".")[0], case.query)
    header = ["caller", "batches"] + [f"question {q}" for q in SCOPE_QUESTIONS]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    access = build_access_control(demo.settings, demo.store)
    for name, principal in callers():
        entries = visible(principal)
        scope = access.scope_for(principal)
        counts = [str(len(list(run(demo, first[q], scope)))) for q in SCOPE_QUESTIONS]
        files = ", ".join(e["path"].removesuffix(".ttl") for e in entries)
        lines.append("| " + " | ".join([name, files, *counts]) + " |")
    return "\n".join(lines) + "\n"


def computed(text: str, demo: Demo | None = None) -> str:
    """The README with every answer table recomputed from the data."""
    demo = demo or build()
    pieces, last = [], 0
    for case in cases(text):
        pieces += [text[last:case.start], table(demo, case.query)]
        last = case.end
    pieces.append(text[last:])
    out = "".join(pieces)
    if SCOPES[0] in out:
        start = out.index(SCOPES[0]) + len(SCOPES[0])
        end = out.index(SCOPES[1], start)
        out = out[:start] + scope_table(out, demo) + out[end:]
    return out


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    fresh = computed(text)
    if "--write" in argv:
        README.write_text(fresh, encoding="utf-8")
        return 0
    if fresh != text:
        sys.stdout.writelines(difflib.unified_diff(
            text.splitlines(keepends=True), fresh.splitlines(keepends=True),
            "README.md", "README.md (from the data)"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
