"""A bounded schemathesis run over the OpenAPI document, in process: no route answers 5xx.

Two apps: the small test ontology with data (every generated route kind, the saved query
library, ingest), and the real ontology and shapes (a sample of its classes, empty store).
"""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipas.settings import PROJECT_ROOT
from ipas.store.oxigraph import OxigraphStore
from tests.rest.test_rest_entities import BASE, DATA

AUTH = {"Authorization": "Bearer loader-token"}
EXAMPLES = 4


def no_server_errors(app, path_regex: str | None = None) -> int:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    if path_regex is not None:
        schema = schema.include(path_regex=path_regex)
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(), auth=st.booleans())
        def check(case, auth: bool) -> None:
            response = case.call(headers=AUTH if auth else {})
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} {case.query}: {response.status_code} "
                f"{response.text[:300]}")

        check()
        ran += 1
    return ran


def test_small_ontology_app_has_no_5xx(make_client, dirs, tmp_path: Path) -> None:
    store = OxigraphStore()
    store.load(DATA.encode(), "text/turtle", graph=BASE + "graph/batch/b1")
    client = make_client(store, ontology_dir=dirs[0], shapes_dir=dirs[1],
                         queries_dir=PROJECT_ROOT / "queries")
    operations = no_server_errors(client.app)
    # 3 classes x 4 routes, the class list, 2 per saved query, the catalogue, ingest x2, ...
    assert operations >= 13 + 2 * 15 + 1 + 2


def test_real_ontology_sample_has_no_5xx(make_client, tmp_path: Path) -> None:
    client = make_client(OxigraphStore(), queries_dir=tmp_path)
    assert no_server_errors(client.app, r"^/entities/(person|transfer|seizure|firearm)(/|$)") == 16
