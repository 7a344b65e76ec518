"""Scopes computed from catalog entries: markings, sharing, inferred graphs, shared graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipas.errors import BadInput, Unauthorized
from ipas.graphs import GraphNames
from ipas.security.control import BatchAccess, TokenAccessControl
from ipas.security.markings import ALL_MARKINGS, Marking, admits
from ipas.security.principal import Principal, Role
from ipas.security.tokens import TokenStore

NAMES = GraphNames("https://example.org/id/")
EXTRA = "https://example.org/id/graph/other"


def batch(bid: str, marking: str | None, agency: str = "HSI", *shared: str) -> BatchAccess:
    return BatchAccess(bid, NAMES.batch(bid), marking, agency, tuple(shared))


BATCHES = [
    batch("clear", "TLP:CLEAR"),
    batch("green", "TLP:GREEN"),
    batch("amber", "TLP:AMBER", "HSI", "MX-FGR"),
    batch("amber-other", "TLP:AMBER", "HSI", "CO-DIJIN"),
    batch("strict", "TLP:AMBER+STRICT", "HSI", "MX-FGR"),
    batch("strict-two", "TLP:AMBER+STRICT", "HSI", "MX-FGR", "CO-DIJIN"),
    batch("red", "TLP:RED", "HSI", "MX-FGR"),
    batch("red-cbp", "TLP:RED", "CBP"),
    batch("unmarked", None),
]


def control(
    tmp_path: Path, batches: list[BatchAccess], anonymous: tuple[str, ...] = ()
) -> TokenAccessControl:
    every = [g for b in batches for g in (b.graph, NAMES.inferred_for(b.graph))]
    return TokenAccessControl(
        TokenStore(tmp_path / "tokens.json"),
        lambda: batches,
        NAMES,
        graphs=lambda: [*every, NAMES.catalog, NAMES.ontology, EXTRA],
        anonymous_markings=anonymous,
    )


def batch_ids(ac: TokenAccessControl, p: Principal) -> set[str]:
    graphs = ac.scope_for(p).graphs or frozenset()
    return {NAMES.batch_id(g) or "" for g in graphs if NAMES.is_batch(g)}


def test_partner_sees_clear_green_and_what_is_shared_with_it(tmp_path: Path) -> None:
    ac = control(tmp_path, BATCHES)
    mx = Principal("mx", Role.PARTNER, markings=ALL_MARKINGS, agency="MX-FGR")
    assert batch_ids(ac, mx) == {"clear", "green", "amber", "strict"}
    graphs = ac.scope_for(mx).graphs or frozenset()
    assert NAMES.ontology in graphs
    assert NAMES.catalog not in graphs and NAMES.resolution not in graphs and EXTRA not in graphs
    assert NAMES.inferred_for(NAMES.batch("amber")) in graphs
    assert NAMES.inferred_for(NAMES.batch("amber-other")) not in graphs
    assert [b.id for b in ac.visible_batches(mx)] == ["clear", "green", "amber", "strict"]


def test_partner_token_markings_cap_what_sharing_admits(tmp_path: Path) -> None:
    ac = control(tmp_path, BATCHES)
    mx = Principal("mx", Role.PARTNER, markings=frozenset({"TLP:CLEAR"}), agency="MX-FGR")
    assert batch_ids(ac, mx) == {"clear"}


def test_internal_roles_follow_clearance_and_red_needs_agency(tmp_path: Path) -> None:
    ac = control(tmp_path, BATCHES)
    default = ALL_MARKINGS - {"TLP:RED"}
    reader = Principal("rd", Role.READER, markings=default, agency="HSI")
    expected = {"clear", "green", "amber", "amber-other", "strict", "strict-two"}
    assert batch_ids(ac, reader) == expected
    assert NAMES.catalog not in (ac.scope_for(reader).graphs or ())  # RED batches are hidden
    red_hsi = Principal("rh", Role.ANALYST, markings=ALL_MARKINGS, agency="HSI")
    assert batch_ids(ac, red_hsi) == expected | {"red", "unmarked"}  # unmarked counts as RED
    red_none = Principal("rn", Role.ANALYST, markings=ALL_MARKINGS)
    assert batch_ids(ac, red_none) == expected


def test_catalog_visible_only_when_nothing_is_hidden(tmp_path: Path) -> None:
    ac = control(tmp_path, BATCHES[:3])
    reader = Principal("rd", Role.READER, markings=ALL_MARKINGS - {"TLP:RED"})
    graphs = ac.scope_for(reader).graphs or frozenset()
    assert NAMES.catalog in graphs and EXTRA not in graphs


def test_admin_sees_every_graph(tmp_path: Path) -> None:
    ac = control(tmp_path, BATCHES)
    admin = Principal("root", Role.ADMIN, markings=ALL_MARKINGS)
    graphs = ac.scope_for(admin).graphs or frozenset()
    assert batch_ids(ac, admin) == {b.id for b in BATCHES}
    assert {NAMES.catalog, EXTRA, NAMES.ontology} <= graphs


def test_anonymous_off_by_default_and_limited_when_on(tmp_path: Path) -> None:
    with pytest.raises(Unauthorized):
        control(tmp_path, BATCHES).authenticate(None, client_host="127.0.0.1")
    ac = control(tmp_path, BATCHES, anonymous=("TLP:CLEAR",))
    anon = ac.authenticate(None, client_host="203.0.113.9")
    assert anon.anonymous and batch_ids(ac, anon) == {"clear"}
    assert NAMES.catalog not in (ac.scope_for(anon).graphs or ())
    with pytest.raises(BadInput):
        control(tmp_path, BATCHES, anonymous=("TLP:RED",))


@pytest.mark.parametrize(
    "header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc", "bearer ipas_x_y"]
)
def test_bad_authorization_headers_refused(tmp_path: Path, header: str) -> None:
    with pytest.raises(Unauthorized):
        control(tmp_path, BATCHES).authenticate(header, client_host=None)


def test_bearer_scheme_is_case_insensitive(tmp_path: Path) -> None:
    ac = control(tmp_path, BATCHES)
    _, token = ac.tokens.create("mx", Role.PARTNER, agency="MX-FGR")
    assert ac.authenticate(f"bEaReR  {token} ", client_host=None).agency == "MX-FGR"


markings = st.sampled_from([*(m.value for m in Marking), None, "TLP:PURPLE"])
agencies = st.sampled_from(["HSI", "CBP", "MX-FGR", "CO-DIJIN"])


@given(
    marking=markings,
    owner=agencies,
    shared=st.frozensets(agencies, max_size=3),
    role=st.sampled_from(list(Role)),
    agency=st.none() | agencies,
    clearance=st.frozensets(st.sampled_from(sorted(ALL_MARKINGS))),
)
def test_policy_properties(
    marking: str | None,
    owner: str,
    shared: frozenset[str],
    role: Role,
    agency: str | None,
    clearance: frozenset[str],
) -> None:
    p = Principal("x", role, markings=clearance, agency=agency)
    ok = admits(p, marking, owner=owner, shared_with=shared)
    if role is Role.ADMIN:
        assert ok
        return
    level = marking if marking in ALL_MARKINGS else "TLP:RED"  # unknown fails closed
    if level not in clearance:
        assert not ok
    if role is Role.PARTNER:
        if level == "TLP:RED":
            assert not ok
        if ok and level in ("TLP:AMBER", "TLP:AMBER+STRICT"):
            assert agency in shared
        if ok and level == "TLP:AMBER+STRICT":
            assert shared == {agency}
    if ok and level == "TLP:RED":
        assert agency == owner or agency in shared
