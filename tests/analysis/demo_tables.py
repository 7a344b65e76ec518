"""The link-analysis answers of demo/README.md as Markdown, computed from a projection.

Run ``python -m tests.analysis.demo_tables STORE_DIR`` to print them after a change to the
demo, the edge rules or the weights; the tests compare the README with what this computes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ipas.analysis.convergence import convergence
from ipas.analysis.paths import Constraints, find_paths
from ipas.analysis.projection import Projection
from ipas.analysis.ranking import rank_networks, rank_pathways
from ipas.analysis.spec import TERMS, weights

BASE = "https://w3id.org/ipas/id/"
PATH_ENDS = ("person/demo/edwin-perez", "person/demo/aurelio-benitez")


def short(iri: str) -> str:
    return iri.removeprefix(BASE)


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _path(projection: Projection, constraints: Constraints) -> str:
    found = find_paths(projection, *PATH_ENDS, base_iri=BASE, k=1, constraints=constraints)
    rows = []
    for path in found["paths"]:
        for n, hop in enumerate(path["hops"], 1):
            for link in hop["links"]:
                evidence = ", ".join(f"{short(e['report'])} ({e['grade']}, {e['marking']})"
                                     for e in link["evidence"]) or "none (batch grade)"
                rows.append([str(n), short(hop["from"]), short(hop["to"]), link["kind"],
                             link["grade"] or "", link["marking"], link["source"] or "",
                             evidence])
    return _table(["hop", "from", "to", "link", "grade", "marking", "source", "evidence"], rows)


def _ranking(document: dict[str, object]) -> str:
    rows = []
    for row in document["ranking"]:  # type: ignore[attr-defined]
        terms = {t["term"]: t for t in row["terms"]}
        rows.append([str(row["rank"]), short(row["item"]["iri"]), f"{row['score']:.2f}"] + [
            f"{terms[t]['value']} ({terms[t]['contribution']:.2f})" for t in TERMS])
    return _table(["rank", "item", "score", *TERMS], rows)


def tables(projection: Projection) -> dict[str, str]:
    w = weights()
    conv = convergence(projection, w)
    conv_rows = [[short(r["facilitator"]["iri"]), r["facilitator"]["category"],
                  ", ".join(short(n["network"]["iri"]) for n in r["networks"]),
                  ", ".join(r["commodities"]), f"{r['score']:.2f}"]
                 for r in conv["facilitators"]]
    return {
        "convergence": _table(["facilitator", "category", "networks", "commodities", "score"],
                              conv_rows),
        "path": _path(projection, Constraints()),
        "path-roles": _path(projection, Constraints.parse(["membership", "facilitation"])),
        "networks": _ranking(rank_networks(projection, w)),
        "pathways": _ranking(rank_pathways(projection, w)),
    }


if __name__ == "__main__":
    from ipas.analysis.service import Analysis
    from ipas.settings import Settings
    from ipas.store.base import Scope
    from ipas.store.oxigraph import OxigraphStore

    store = OxigraphStore(Path(sys.argv[1]), read_only=True)
    view = Analysis(store, Settings(store=sys.argv[1])).projection(Scope.everything())
    for name, text in tables(view).items():
        print(f"<!-- analysis:{name} -->\n{text}\n<!-- /analysis:{name} -->\n")
