"""What the benchmark asks: parameters for saved queries and inputs for the HTTP stage,
picked from the generated data itself (the busiest network and payer), not hard-coded."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from bench.proc import PROJECT_ROOT
from ipas.namespace import IPAS

# The busiest node that is not one of the generator's hub facilitators (whose trail, by
# construction, reaches every network: a question no analyst starts from).
_BUSIEST = """
SELECT ?x (COUNT(*) AS ?n) WHERE {{ ?link <{predicate}> ?x FILTER(!CONTAINS(STR(?x), "-hub")) }}
GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1
"""


def _busiest(store: ox.Store, predicate: str) -> str:
    solutions = store.query(_BUSIEST.format(predicate=predicate), use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = list(solutions)
    if not rows:
        raise RuntimeError(f"the generated data has no {predicate} links")
    return str(rows[0]["x"].value)


# A monitoring window: the day of the 1,000th most recent dated event (analysts check for new
# activity since their last look, not over the whole history).
_RECENT = """
SELECT ?d WHERE {{ ?x <{predicate}> ?d }} ORDER BY DESC(?d) OFFSET 1000 LIMIT 1
"""


def _recent_date(store: ox.Store) -> str:
    query = _RECENT.format(predicate=str(IPAS.date))
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    rows = list(solutions)
    return str(rows[0]["d"].value)[:10] if rows else "2020-01-01"


def choose_params(store_path: Path) -> dict[str, dict[str, Any]]:
    """Values for the saved queries' required parameters, chosen from the data."""
    store = ox.Store.read_only(str(store_path))
    network = _busiest(store, str(IPAS.servedNetwork))
    payer = _busiest(store, str(IPAS.payer))
    return {
        "entity-profile": {"entity": network},
        "money-trail": {"actor": payer},
        "network-footprint": {"network": network},
        "new-activity": {"since": _recent_date(store)},
    }


def http_inputs(store: Path, home: Path, data: Path, params_file: Path) -> list[str]:
    """Arguments for ``bench.stage_http``: a token, a saved query, an entity and its REST path."""
    import json

    from ipas.query.registry import QueryRegistry
    from ipas.settings import Settings

    env = {**os.environ, "IPAS_STORE": str(store), "IPAS_HOME": str(home)}
    created = subprocess.run(
        [sys.executable, "-m", "ipas", "token", "create", "--name",
         f"bench-{time.time_ns()}",  # a fresh name: a resumed run finds the old token
         "--role", "admin"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
        check=True)
    token = created.stdout.strip().splitlines()[-1]
    query = QueryRegistry.load(Settings().queries_dir).get("facilitators-multiple-networks")
    entity = json.loads(params_file.read_text())["network-footprint"]["network"]
    return ["--store", str(store), "--home", str(home), "--data", str(data), "--token", token,
            "--query", query.instantiate({}), "--entity", entity,
            "--rest-path", rest_path_for(entity)]


def rest_path_for(iri: str) -> str:
    """The REST facade's path for an organization (see ``api.routes.entities``)."""
    from ipas.facade.model import build_model
    from ipas.facade.service import Facade
    from ipas.settings import Settings

    settings = Settings()
    model = build_model(settings.ontology_dir, settings.shapes_dir)
    cls = next(c for c in model.classes if c.iri == str(IPAS.Organization))
    return f"/entities/{cls.slug}/{Facade(model, settings.base_iri).id_of(URIRef(iri))}"
