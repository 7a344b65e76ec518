"""The bundled library in queries/: every file loads, is checked, and is documented."""

from __future__ import annotations

from ipas.query.registry import QueryRegistry
from ipas.settings import PROJECT_ROOT

LIBRARY = PROJECT_ROOT / "queries"


def test_every_bundled_query_loads_and_is_documented() -> None:
    registry = QueryRegistry.load(LIBRARY)
    files = sorted(p.stem for p in LIBRARY.glob("*.rq"))
    assert registry.names() == files and len(files) >= 15
    for query in registry:
        assert query.summary and query.tags, query.name
        for param in query.params:
            assert param.description, f"{query.name}: parameter {param.name} is undocumented"
