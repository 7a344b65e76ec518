"""A deployment with marked and shared batches, and its visible-only twins, for HTTP tests.

The full world is a real on-disk store: seven batches from ``tests/data/security/`` loaded
through the ingest pipeline with their markings and sharing lists, an inferred graph per batch
(as the reasoner writes them) and the real app with the real access control. Agency ``P<m>``
receives exactly the AMBER batches ``a<i>`` whose bit ``i`` is set in ``m``, so choosing an
agency chooses a scope set. A twin holds only the graphs one partner may see (and their
catalog entries), copied from the full store with the same IRIs: every answer the partner
gets from the full world must equal the twin's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from fastapi.testclient import TestClient

from api.app import create_app
from ipas.catalog import Catalog
from ipas.graphs import GraphNames
from ipas.ingest.pipeline import Ingestor
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.settings import Settings
from ipas.sources import LoadOptions
from ipas.store.oxigraph import OxigraphStore

DATA = Path(__file__).resolve().parent.parent / "data" / "security"
AMBER_TAGS = ("a0", "a1", "a2", "a3")
TAGS = ("green", *AMBER_TAGS, "strict", "red")
AGENCIES = tuple(f"P{mask}" for mask in range(16))
ID = "https://w3id.org/ipas/id/"


def sharing(tag: str) -> tuple[str, tuple[str, ...]]:
    """(marking, shared_with) of each test batch."""
    if tag == "green":
        return "TLP:GREEN", ()
    if tag in AMBER_TAGS:
        bit = AMBER_TAGS.index(tag)
        return "TLP:AMBER", tuple(a for m, a in enumerate(AGENCIES) if m >> bit & 1)
    if tag == "strict":
        return "TLP:AMBER+STRICT", ("P15",)
    return "TLP:RED", ("P15",)  # RED is never shared with partners, even when listed


def visible_tags(agency: str) -> set[str]:
    """What the policy (docs/security.md) says a full-clearance partner of ``agency`` sees."""
    mask = int(agency[1:])
    tags = {"green"} | {t for i, t in enumerate(AMBER_TAGS) if mask >> i & 1}
    return tags | ({"strict"} if agency == "P15" else set())


def entities() -> list[str]:
    """Every entity IRI the batches mention (hidden ones included)."""
    out = [f"{ID}organization/sec/cartel", f"{ID}organization/sec/front", f"{ID}person/sec/ana"]
    for tag in TAGS[1:]:
        out += [f"{ID}organization/sec/cell-{tag}", f"{ID}person/sec/p-{tag}"]
    return out


@dataclass
class World:
    settings: Settings
    store: OxigraphStore
    client: TestClient
    graph_of: dict[str, str]
    tokens: dict[tuple[str, frozenset[str] | None], str] = field(default_factory=dict)

    def token(
        self, agency: str, markings: frozenset[str] | None = None, role: Role = Role.PARTNER
    ) -> str:
        key = (f"{role.value}:{agency}", markings)
        if key not in self.tokens:
            store = TokenStore(self.settings.home / "tokens.json")
            name = f"{role.value}-{agency}-{len(self.tokens)}"
            _, secret = store.create(name, role, agency=agency, markings=markings)
            self.tokens[key] = secret
        return self.tokens[key]

    def close(self) -> None:
        self.client.__exit__(None, None, None)
        self.store.close()


def _app(settings: Settings, store: OxigraphStore) -> TestClient:
    client = TestClient(create_app(settings, store=store))  # real build_access, real catalog
    client.__enter__()
    return client


def build_full(root: Path, **limits: Any) -> World:
    settings = Settings(
        store=str(root / "store"), home=root / "home", queries_dir=DATA / "queries", **limits
    )
    store = OxigraphStore(root / "store")
    ingestor = Ingestor(store, settings)
    names = GraphNames(settings.base_iri)
    graph_of: dict[str, str] = {}
    # Referenced cells must exist before the batch that links to them is validated.
    # The pipeline loads the ontology graph and materializes each batch's inferences, from
    # that batch's triples only, into its own inferred graph (asserted below).
    for tag in ("green", *reversed(TAGS[1:])):
        marking, shared = sharing(tag)
        options = LoadOptions(source_name=tag, marking=marking, agency="HSI", shared_with=shared)
        result = ingestor.ingest([DATA / f"{tag}.ttl"], options=options)
        assert result.created and not result.quarantined, (tag, result.quarantined)
        graph_of[tag] = result.batch.graph
        if tag != "green":  # cells: inverse links to the cartel, superclasses
            assert names.inferred_for(result.batch.graph) in store.graphs(), tag
    return World(settings, store, _app(settings, store), graph_of)


def build_twin(full: World, root: Path) -> World:
    """An empty twin deployment (memory store, its own tokens); :func:`fill_twin` sets it.

    One twin app serves every scope set: building an app costs seconds (the REST facade is
    generated from the ontology at start), refilling its store costs milliseconds.
    """
    settings = Settings(
        store="memory",
        home=root,
        base_iri=full.settings.base_iri,
        queries_dir=full.settings.queries_dir,
    )
    store = OxigraphStore()
    return World(settings, store, _app(settings, store), dict(full.graph_of))


def fill_twin(twin: World, full: World, tags: set[str]) -> None:
    """Make ``twin`` hold only the graphs of ``tags`` (their catalog entries, the ontology),
    copied from the full store with the same IRIs."""
    names = GraphNames(full.settings.base_iri)
    keep = {full.graph_of[t] for t in tags}
    # Facts derived from several batches (ipas.derived) are what a deployment of exactly these
    # batches would derive when every batch they follow from is here.
    ids = {names.batch_id(g) for g in keep}
    keep |= {g for g in full.store.graphs() if (names.derived_batch_ids(g) or {""}) <= ids}
    keep |= {names.inferred_for(g) for g in keep if names.is_batch(g)} | {names.ontology}
    every = Catalog(full.store, full.settings).batches(include_retracted=True)
    hidden = [b.graph for b in every if b.graph not in keep]  # uploads made by tests too
    kept = []
    for quad in full.store.engine:
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
        if graph in keep:
            kept.append(quad)
        elif graph == names.catalog:
            subject = getattr(quad.subject, "value", "")
            if not any(subject == g or subject.startswith(f"{g}/") for g in hidden):
                kept.append(quad)
    # Copied quad by quad (blank node ids kept: the ontology's lists must compare equal), then
    # one write through the Store so that whatever watches its writes (scope caches) sees it.
    twin.store.engine.clear()
    twin.store.engine.extend(kept)
    twin.store.update("DROP SILENT GRAPH <urn:ipas-test:refilled>")
    expected = {full.graph_of[t] for t in tags}
    assert {b.graph for b in Catalog(twin.store, twin.settings).batches()} == expected


def normalized(response: Any) -> tuple[int, Any]:
    """A response reduced to what must match: status, and the body as an unordered set."""
    status = response.status_code
    kind = response.headers.get("content-type", "").split(";")[0]
    if status != 200:
        return status, response.json() if kind.endswith("json") else response.text
    if kind == "application/sparql-results+json":
        data = response.json()
        if "boolean" in data:
            return status, data["boolean"]
        rows = [json.dumps(b, sort_keys=True) for b in data["results"]["bindings"]]
        return status, (data["head"].get("vars"), sorted(rows))
    if kind in ("application/json", "application/ld+json"):
        return status, _sorted_json(response.json())
    return status, sorted(line for line in response.text.splitlines() if line.strip())


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value
