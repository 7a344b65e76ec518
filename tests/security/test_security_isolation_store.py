"""Scoped answers equal the answers over the visible graphs alone (store level, hypothesis).

The scope comes from :class:`TokenAccessControl` over generated catalogs (markings, owners,
sharing lists) and principals; every probe of ``security_cases`` is run against a store holding
every graph and against a store holding only the visible ones, and must agree exactly.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipas.graphs import GraphNames
from ipas.security.control import BatchAccess, TokenAccessControl
from ipas.security.markings import ALL_MARKINGS, Marking
from ipas.security.principal import Principal, Role
from ipas.security.tokens import TokenStore
from ipas.store.base import Scope, Store
from ipas.store.oxigraph import OxigraphStore
from tests.security.security_cases import probes

NAMES = GraphNames("https://example.org/id/")
LINK, ALIAS = "urn:ipas-test:link", "urn:ipas-test:alias"
SHARED = "https://example.org/id/person/shared"
N_BATCHES = 4


def entity(i: int, j: int) -> str:
    return f"https://example.org/id/person/b{i}/{j}"


def dataset(n: int) -> dict[str, list[str]]:
    """N-Triples lines per graph: batches link across each other and share one entity."""
    graphs: dict[str, list[str]] = {}
    for i in range(n):
        g = NAMES.batch(f"b{i}")
        graphs[g] = [
            f'<{entity(i, 0)}> <{ALIAS}> "alias {i}" .',
            f"<{entity(i, 0)}> <{LINK}> <{entity(i, 1)}> .",
            f"<{entity(i, 1)}> <{LINK}> <{entity((i + 1) % n, 0)}> .",
            f'<{SHARED}> <{ALIAS}> "shared seen by b{i}" .',
            f"<{SHARED}> <{LINK}> <{entity(i, 1)}> .",
        ]
        graphs[NAMES.inferred_for(g)] = [
            f"<{entity((i + 1) % n, 0)}> <urn:ipas-test:inferredFrom> <{g}> .",
            f"<{SHARED}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:ipas-test:T{i}> .",
        ]
        graphs.setdefault(NAMES.catalog, []).append(f'<{g}> <{ALIAS}> "batch {i}" .')
        graphs.setdefault(NAMES.resolution, []).append(
            f"<{entity(i, 0)}> <http://www.w3.org/2002/07/owl#sameAs> <{SHARED}> ."
        )
    graphs[NAMES.ontology] = [f'<urn:ipas-test:T{i}> <{ALIAS}> "type {i}" .' for i in range(n)]
    return graphs


DATA = dataset(N_BATCHES)


def build(graphs: set[str] | None) -> OxigraphStore:
    store = OxigraphStore()
    for g, lines in DATA.items():
        if graphs is None or g in graphs:
            store.load("\n".join(lines).encode(), "application/n-triples", graph=g)
    return store


FULL = build(None)


def answer(store: Store, query: str, scope: Scope) -> object:
    head = query.lstrip().split(None, 1)[0].upper()
    if head == "ASK":
        return store.ask(query, scope=scope)
    if head in ("CONSTRUCT", "DESCRIBE"):
        return sorted(
            tuple(t.n3() for t in triple) for triple in store.construct(query, scope=scope)
        )
    result = store.select(query, scope=scope)
    return sorted(
        tuple(row[v].n3() if v in row else "-" for v in result.variables) for row in result.rows
    )


PROBES = probes(
    [NAMES.batch(f"b{i}") for i in range(N_BATCHES)],
    [entity(i, j) for i in range(N_BATCHES) for j in (0, 1)] + [SHARED],
    NAMES.catalog,
)

batch_specs = st.lists(
    st.tuples(
        st.sampled_from([m.value for m in Marking]),
        st.sampled_from(["HSI", "CBP"]),
        st.frozensets(st.sampled_from(["MX-FGR", "CO-DIJIN"])),
    ),
    min_size=N_BATCHES,
    max_size=N_BATCHES,
)
principals = st.one_of(
    st.builds(
        Principal,
        name=st.just("mx"),
        role=st.just(Role.PARTNER),
        markings=st.frozensets(st.sampled_from(sorted(ALL_MARKINGS)), min_size=1),
        agency=st.sampled_from(["MX-FGR", "CO-DIJIN"]),
    ),
    st.builds(
        Principal,
        name=st.just("rd"),
        role=st.sampled_from([Role.READER, Role.ANALYST, Role.LOADER]),
        markings=st.frozensets(st.sampled_from(sorted(ALL_MARKINGS))),
        agency=st.sampled_from(["HSI", "CBP", None]),
    ),
)


def test_probe_list_is_complete() -> None:
    # 19 general + per graph 9 variants x 3 + 6 + per entity 6
    assert len(PROBES) == 19 + N_BATCHES * (9 * 3 + 6) + (2 * N_BATCHES + 1) * 6


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=batch_specs, principal=principals)
def test_scoped_answers_equal_visible_only_answers(
    tmp_path: Path, specs: list[tuple[str, str, frozenset[str]]], principal: Principal
) -> None:
    batches = [
        BatchAccess(f"b{i}", NAMES.batch(f"b{i}"), marking, owner, tuple(sorted(shared)))
        for i, (marking, owner, shared) in enumerate(specs)
    ]
    access = TokenAccessControl(
        TokenStore(tmp_path / "tokens.json"), lambda: batches, NAMES, graphs=FULL.graphs
    )
    scope = access.scope_for(principal)
    visible = set(scope.graphs or ())
    hidden_batches = [b for b in batches if b.graph not in visible]
    assert all(NAMES.inferred_for(b.graph) not in visible for b in hidden_batches)
    if hidden_batches:
        assert NAMES.catalog not in visible and NAMES.resolution not in visible
    reference = build(visible)
    try:
        for name, query in PROBES:
            assert answer(FULL, query, scope) == answer(reference, query, scope), name
    finally:
        reference.close()


def test_hidden_batches_leave_no_trace_for_a_fixed_partner(tmp_path: Path) -> None:
    batches = [
        BatchAccess("b0", NAMES.batch("b0"), "TLP:GREEN", "HSI"),
        BatchAccess("b1", NAMES.batch("b1"), "TLP:AMBER", "HSI", ("CO-DIJIN",)),
        BatchAccess("b2", NAMES.batch("b2"), "TLP:AMBER", "HSI", ("MX-FGR",)),
        BatchAccess("b3", NAMES.batch("b3"), "TLP:RED", "HSI", ("MX-FGR",)),
    ]
    access = TokenAccessControl(
        TokenStore(tmp_path / "tokens.json"), lambda: batches, NAMES, graphs=FULL.graphs
    )
    mx = Principal("mx", Role.PARTNER, markings=ALL_MARKINGS, agency="MX-FGR")
    scope = access.scope_for(mx)
    graphs = answer(FULL, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", scope)
    assert graphs == sorted(
        (f"<{g}>",)
        for g in [
            NAMES.batch("b0"),
            NAMES.inferred_for(NAMES.batch("b0")),
            NAMES.batch("b2"),
            NAMES.inferred_for(NAMES.batch("b2")),
            NAMES.ontology,
        ]
    )
    hidden = entity(1, 1)  # occurs only in b1
    assert answer(FULL, f"DESCRIBE <{hidden}>", scope) == []
    assert answer(FULL, f"ASK {{ <{hidden}> ?p ?o }}", scope) is False
    aliases = answer(FULL, f"SELECT ?a WHERE {{ <{SHARED}> <{ALIAS}> ?a }}", scope)
    assert aliases == [('"shared seen by b0"',), ('"shared seen by b2"',)]


def test_probes_detect_a_leaky_scope() -> None:
    """The comparison has teeth: a scope that leaves GRAPH ?g unrestricted is caught."""
    visible = {NAMES.batch("b0"), NAMES.ontology}
    leaky = Scope(graphs=None, default_graphs=tuple(sorted(visible)))
    reference = build(visible)
    try:
        caught = {
            name
            for name, query in PROBES
            if answer(FULL, query, leaky) != answer(reference, query, leaky)
        }
    finally:
        reference.close()
    assert {"graph-var", "distinct-g", "count-graphs", "graph-iri-1.0", "from-named-1.0"} <= caught
    assert "describe-2" not in caught  # the default graph is still narrowed
