"""Tokens: hashed at rest, compared in constant time, revocable, expiring, never listed."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ipas.errors import BadInput, Conflict, NotFound, Unauthorized
from ipas.security import tokens as tokens_mod
from ipas.security.markings import ALL_MARKINGS, DEFAULT_CLEARANCE
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore, parse_expiry


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2030, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> TokenStore:
    return TokenStore(tmp_path / "home" / "tokens.json", clock=clock)


def test_token_is_stored_only_as_a_salted_hash(store: TokenStore) -> None:
    _, token_a = store.create("ana", Role.ANALYST)
    _, token_b = store.create("bob", Role.ANALYST)
    text = store.path.read_text()
    secret_a = token_a.split("_", 2)[2]
    assert token_a not in text and secret_a not in text and token_b not in text
    rows = json.loads(text)["tokens"]
    assert len({r["salt"] for r in rows}) == 2
    assert all(len(r["hash"]) == 64 for r in rows)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.verify(token_a).name == "ana"
    assert store.verify(token_b).name == "bob"


def test_tokens_are_long_random_and_distinct(store: TokenStore) -> None:
    seen = {store.create(f"t{i}", Role.READER)[1] for i in range(20)}
    assert len(seen) == 20
    assert all(len(t.split("_", 2)[2]) >= 43 for t in seen)  # 32 bytes urlsafe


def test_verification_uses_constant_time_compare(
    store: TokenStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, token = store.create("ana", Role.ANALYST)
    calls: list[tuple[str, str]] = []
    real = tokens_mod.hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(tokens_mod.hmac, "compare_digest", spy)
    store.verify(token)
    with pytest.raises(Unauthorized):
        store.verify(token[:-1] + ("A" if token[-1] != "A" else "B"))
    with pytest.raises(Unauthorized):
        store.verify("ipas_unknownid_xxxx")  # unknown id: still one comparison
    assert len(calls) == 3


@pytest.mark.parametrize(
    "bad", ["", "Bearer", "ipas_", "ipas__", "not-a-token", "ipas_" + "0" * 12 + "_x", "\x00"]
)
def test_malformed_tokens_refused_with_one_message(store: TokenStore, bad: str) -> None:
    store.create("ana", Role.ANALYST)
    with pytest.raises(Unauthorized) as info:
        store.verify(bad)
    assert info.value.message == "invalid, revoked or expired token"


def test_revoke_by_id_and_by_name_is_seen_by_another_instance(
    store: TokenStore, clock: Clock
) -> None:
    rec_a, token_a = store.create("ana", Role.ANALYST)
    _, token_b = store.create("bob", Role.READER)
    server_view = TokenStore(store.path, clock=clock)
    assert server_view.verify(token_a).name == "ana"
    store.revoke(rec_a.id)
    with pytest.raises(Unauthorized):
        server_view.verify(token_a)
    TokenStore(store.path, clock=clock).revoke("bob")
    with pytest.raises(Unauthorized):
        server_view.verify(token_b)
    with pytest.raises(NotFound):
        store.revoke("bob")
    assert [r.status(clock.now) for r in store.all()] == ["revoked", "revoked"]


def test_expiry_refuses_at_once(store: TokenStore, clock: Clock) -> None:
    _, token = store.create("ana", Role.ANALYST, expires=clock.now + timedelta(hours=1))
    assert store.verify(token).name == "ana"
    clock.now += timedelta(hours=1)
    with pytest.raises(Unauthorized):
        store.verify(token)
    with pytest.raises(BadInput):
        store.create("late", Role.ANALYST, expires=clock.now - timedelta(seconds=1))


def test_listing_never_shows_secrets(store: TokenStore, clock: Clock) -> None:
    _, token = store.create("mx", Role.PARTNER, agency="MX-FGR")
    rows = [r.public(clock.now) for r in store.all()]
    dumped = json.dumps(rows)
    assert token not in dumped and token.split("_", 2)[2] not in dumped
    assert "salt" not in dumped and "hash" not in dumped
    assert rows[0]["agency"] == "MX-FGR" and rows[0]["status"] == "active"


def test_defaults_and_refusals(store: TokenStore) -> None:
    admin, _ = store.create("root", Role.ADMIN)
    reader, _ = store.create("rd", Role.READER)
    assert set(admin.markings) == ALL_MARKINGS
    assert set(reader.markings) == DEFAULT_CLEARANCE
    with pytest.raises(BadInput):
        store.create("p", Role.PARTNER)  # a partner needs an agency
    with pytest.raises(BadInput):
        store.create("  ", Role.READER)
    with pytest.raises(Conflict):
        store.create("rd", Role.READER)


def test_missing_file_means_no_tokens_and_damaged_file_refuses(store: TokenStore) -> None:
    assert store.is_empty()
    with pytest.raises(Unauthorized):
        store.verify("ipas_x_y")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{not json")
    with pytest.raises(Unauthorized):
        store.verify("ipas_x_y")


def test_parse_expiry() -> None:
    assert parse_expiry("2031-05-06") == datetime(2031, 5, 6, tzinfo=UTC)
    with pytest.raises(BadInput):
        parse_expiry("next tuesday")


def test_first_run_creates_one_local_admin_token_on_loopback_only(tmp_path: Path) -> None:
    from ipas.security.bootstrap import first_run, token_file
    from ipas.settings import Settings

    remote = Settings(store="memory", home=tmp_path / "remote")
    assert "not loopback" in first_run(remote, "0.0.0.0", 8000)
    assert TokenStore(remote.home / "tokens.json").is_empty()

    local = Settings(store="memory", home=tmp_path / "local")
    message = first_run(local, "127.0.0.1", 8000)
    path = token_file(local)
    assert str(path) in message and "curl" in message
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    tokens = TokenStore(local.home / "tokens.json")
    assert tokens.verify(path.read_text().strip()).role == "admin"
    first_run(local, "127.0.0.1", 8000)  # second start: same token, none added
    assert len(tokens.all()) == 1
    tokens.revoke("local-admin")
    assert "ipas token create" in first_run(local, "127.0.0.1", 8000)
    assert not path.exists() and len(tokens.all()) == 1
