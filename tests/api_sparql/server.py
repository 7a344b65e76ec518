"""A populated on-disk store behind a real server, shared by the endpoint tests of a module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.app import create_app
from ipas.security.control import BatchAccess
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.api_sparql.conftest import NAMES, make_callers
from tests.api_sparql.live import serve

GREEN = BatchAccess("green", NAMES.batch("green"), "TLP:GREEN", "HSI")
RED = BatchAccess("red", NAMES.batch("red"), "TLP:RED", "DEA")
EX = "http://example.org/"
#: Rows of the green batch: enough that a four-way cartesian product never finishes.
PEOPLE = 400


def green_data() -> bytes:
    lines = [
        f'<{EX}p{i}> <{EX}name> "person {i}" ; <{EX}age> {20 + i % 50} .' for i in range(PEOPLE)
    ]
    lines.append(f'<{EX}evil> <{EX}name> "=HYPERLINK(\\"http://attacker.example\\")" .')
    return "\n".join(lines).encode()


@dataclass
class Live:
    url: str
    headers: dict[str, dict[str, str]]
    store: OxigraphStore
    settings: Settings
    app: Any = None  # the app served (its state: counters such as fast_reads)

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"


SHAPES = f"""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{EX}PersonShape> a sh:NodeShape ; sh:targetClass <{EX}Person> ;
    sh:property [ sh:path <{EX}name> ; sh:minCount 1 ; sh:datatype xsd:string ] .
"""


def endpoint_dirs(root: Path) -> dict[str, Path]:
    """Settings dirs for endpoint tests: no saved queries, no ontology (so no generated REST
    routes, which take seconds to build), and one small shape to validate writes against."""
    dirs = {name: root / name for name in ("queries", "ontology", "shapes")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    (dirs["shapes"] / "people.ttl").write_text(SHAPES)
    return {f"{name}_dir": path for name, path in dirs.items()}


@contextmanager
def live_server(root: Path, **overrides: Any) -> Iterator[Live]:
    store = OxigraphStore(root / "store")
    store.load(green_data(), "text/turtle", graph=GREEN.graph)
    store.load(f'<{EX}secret> <{EX}name> "hidden" .'.encode(), "text/turtle", graph=RED.graph)
    store.load(f"<{EX}Person> a <http://www.w3.org/2002/07/owl#Class> .".encode(),
               "text/turtle", graph=NAMES.ontology)
    callers = make_callers(root, [GREEN, RED], store.graphs)
    limits: dict[str, Any] = {
        "query_timeout_s": 2.0, "max_result_rows": 500, "max_body_bytes": 200_000,
        "query_workers": 2,
    }
    limits.update(overrides)
    settings = Settings(store=str(root / "store"), home=root / "home", **limits,
                        **endpoint_dirs(root))
    app = create_app(settings, store=store, access=callers.access)
    try:
        with serve(app) as url:
            yield Live(url, callers.headers, store, settings, app)
    finally:
        store.close()
