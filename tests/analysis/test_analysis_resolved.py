"""Link analysis on resolved actors with the real entity resolution: an analyst's decision
(``ipas resolve accept``) merges two records, and ``ipas analyze --resolved`` sees one actor."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ipas.settings import Settings
from tests.analysis.conftest import BASE, Demo


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """A demo store of its own: the decision written here must not change the shared one."""
    root = tmp_path_factory.mktemp("resolved-demo")
    own = Demo(root, Settings(store=str(root / "store"), home=root / "home"), {})
    code, output = own.ipas("demo")
    assert code == 0, output
    yield own


def test_an_accepted_merge_is_one_node(deployment: Demo) -> None:
    walter, lenzi = f"{BASE}person/demo/walter-cux", f"{BASE}person/demo/marco-lenzi"
    code, output = deployment.ipas("resolve", "accept", walter, lenzi,
                                   "--why", "same passport number G00417355")
    assert code == 0, output
    code, output = deployment.ipas("analyze", "centrality", "--entity", lenzi, "--resolved")
    assert code == 0, output
    actor = json.loads(output)["entity"]
    assert sorted(actor.get("records", [])) == sorted([walter, lenzi]) or (
        actor["iri"] in (walter, lenzi) and actor.get("records") == [
            lenzi if actor["iri"] == walter else walter])
    code, output = deployment.ipas("analyze", "paths", lenzi, "person/demo/edwin-perez",
                                   "--resolved")
    assert code == 0, output
    assert json.loads(output)["paths"][0]["length"] == 2  # through Cux's membership
    code, output = deployment.ipas("analyze", "paths", lenzi, "person/demo/edwin-perez")
    paths = json.loads(output)["paths"]
    assert not paths or paths[0]["length"] > 2  # not merged without --resolved
