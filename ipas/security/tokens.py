"""Bearer tokens: created with ``secrets``, kept only as salted hashes in ``{home}/tokens.json``.

A token reads ``ipas_<id>_<secret>``: the public ``id`` finds the record, the secret is checked
against the stored hash in constant time. The file lives with the deployment's state (never in
the repository), is written atomically (temp file + fsync + rename) with mode 0600, and is
re-read whenever it changes, so a token revoked by ``ipas token revoke`` in another process is
refused by a running server on its next request.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from ipas.errors import BadInput, Conflict, NotFound, Unauthorized
from ipas.security.markings import ALL_MARKINGS, DEFAULT_CLEARANCE
from ipas.security.principal import Principal, Role

PREFIX = "ipas_"
_FILE_MODE = 0o600
_DIR_MODE = 0o700
# Unknown ids are checked against this hash so that a miss costs the same as a wrong secret.
_DUMMY_SALT = bytes(16)
_DUMMY_HASH = hashlib.sha256(_DUMMY_SALT + b"x").hexdigest()


def _hash(salt: bytes, token: str) -> str:
    # One salted SHA-256 is enough here, and a slow KDF (bcrypt, scrypt, argon2) would only slow
    # every request: KDFs defend *guessable* secrets (passwords) against offline guessing. Our
    # secrets are 256 bits from `secrets.token_urlsafe(32)`; searching 2^256 candidates is
    # infeasible at any hash speed. The salt keeps equal tokens (never expected) from sharing a
    # hash and stops precomputed tables.
    return hashlib.sha256(salt + token.encode("utf-8")).hexdigest()


def parse_expiry(text: str) -> datetime:
    """An expiry from ISO 8601 text: a date means 00:00 UTC of that day (the token expires then).

    >>> parse_expiry("2030-01-02").isoformat()
    '2030-01-02T00:00:00+00:00'
    >>> parse_expiry("2030-01-02T10:30:00+02:00").isoformat()
    '2030-01-02T08:30:00+00:00'
    """
    raw = text.strip()
    try:
        if len(raw) == 10:
            return datetime.combine(date.fromisoformat(raw), time(0), tzinfo=UTC)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise BadInput(f"not an ISO 8601 date or time: {text!r}", field="expires") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class TokenRecord:
    """What is stored about a token: everything except the token itself."""

    id: str
    name: str
    role: str
    markings: tuple[str, ...]
    agency: str | None
    created: str
    expires: str | None = None
    revoked: bool = False
    revoked_at: str | None = None
    salt: str = field(default="", repr=False)
    hash: str = field(default="", repr=False)

    def expired(self, now: datetime) -> bool:
        return self.expires is not None and now >= datetime.fromisoformat(self.expires)

    def status(self, now: datetime) -> str:
        if self.revoked:
            return "revoked"
        return "expired" if self.expired(now) else "active"

    def public(self, now: datetime) -> dict[str, Any]:
        """The record without salt or hash: what ``ipas token list`` shows.

        >>> r = TokenRecord("ab12", "ana", "analyst", ("TLP:GREEN",), None, "2030-01-01")
        >>> sorted(r.public(datetime(2030, 1, 2, tzinfo=UTC)))
        ['agency', 'created', 'expires', 'id', 'markings', 'name', 'role', 'status']
        """
        return {
            "id": self.id,
            "name": self.name,
            "role": self.role,
            "markings": list(self.markings),
            "agency": self.agency,
            "created": self.created,
            "expires": self.expires,
            "status": self.status(now),
        }

    def principal(self) -> Principal:
        return Principal(
            name=self.name,
            role=Role(self.role),
            markings=frozenset(self.markings),
            agency=self.agency,
        )


def _now() -> datetime:
    return datetime.now(UTC)


class TokenStore:
    """Tokens of one deployment, in ``path`` (usually ``settings.home / 'tokens.json'``).

    >>> import tempfile, pathlib
    >>> store = TokenStore(pathlib.Path(tempfile.mkdtemp()) / "tokens.json")
    >>> record, token = store.create("ana", Role.ANALYST)
    >>> store.verify(token).name, token in store.path.read_text()
    ('ana', False)
    """

    def __init__(self, path: Path, *, clock: Callable[[], datetime] = _now) -> None:
        self.path = path
        self.clock = clock
        self._cache_key: tuple[int, int, int] | None = None
        self._records: dict[str, TokenRecord] = {}

    # -- reading ----------------------------------------------------------------------------
    def _stat_key(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def records(self) -> dict[str, TokenRecord]:
        """Every record by id, re-read when the file changed since the last call."""
        key = self._stat_key()
        if key is None:
            self._cache_key, self._records = None, {}
        elif key != self._cache_key:
            self._records = self._read()
            self._cache_key = key
        return self._records

    def _read(self) -> dict[str, TokenRecord]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # A damaged token file must not open the door: nobody authenticates until it is fixed.
            raise Unauthorized("token store unreadable; ask an administrator") from None
        out: dict[str, TokenRecord] = {}
        for item in data.get("tokens", []):
            item["markings"] = tuple(item.get("markings", ()))
            record = TokenRecord(**item)
            out[record.id] = record
        return out

    def all(self) -> list[TokenRecord]:
        return sorted(self.records().values(), key=lambda r: (r.created, r.id))

    def is_empty(self) -> bool:
        return not self.records()

    # -- checking ---------------------------------------------------------------------------
    def verify(self, token: str) -> TokenRecord:
        """The active record behind ``token``; ``Unauthorized`` for anything else, same message."""
        refused = Unauthorized("invalid, revoked or expired token")
        token_id = ""
        if token.startswith(PREFIX):
            token_id = token[len(PREFIX) :].split("_", 1)[0]
        record = self.records().get(token_id)
        salt = bytes.fromhex(record.salt) if record else _DUMMY_SALT
        expected = record.hash if record else _DUMMY_HASH
        matches = hmac.compare_digest(_hash(salt, token), expected)
        if record is None or not matches:
            raise refused
        if record.revoked or record.expired(self.clock()):
            raise refused
        return record

    # -- writing ----------------------------------------------------------------------------
    def create(
        self,
        name: str,
        role: Role,
        *,
        markings: frozenset[str] | None = None,
        agency: str | None = None,
        expires: datetime | None = None,
    ) -> tuple[TokenRecord, str]:
        """A new token: returns its record and the token (shown once, never stored)."""
        if not name.strip():
            raise BadInput("a token needs a name", field="name")
        if role is Role.PARTNER and not agency:
            raise BadInput("a partner token needs an agency", field="agency")
        if markings is None:
            markings = ALL_MARKINGS if role is Role.ADMIN else DEFAULT_CLEARANCE
        now = self.clock()
        if expires is not None and expires <= now:
            raise BadInput("expiry is in the past", field="expires")
        token_id = secrets.token_hex(6)
        token = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
        salt = secrets.token_bytes(16)
        record = TokenRecord(
            id=token_id,
            name=name.strip(),
            role=role.value,
            markings=tuple(sorted(markings)),
            agency=agency,
            created=now.isoformat(timespec="seconds"),
            expires=expires.isoformat(timespec="seconds") if expires else None,
            salt=salt.hex(),
            hash=_hash(salt, token),
        )
        with self._locked() as records:
            if any(r.name == record.name and r.status(now) == "active" for r in records.values()):
                raise Conflict(f"an active token named {record.name!r} exists", field="name")
            records[record.id] = record
        return record, token

    def revoke(self, id_or_name: str) -> list[TokenRecord]:
        """Revoke by id, or every active token with that name; effective on the next request."""
        now = self.clock()
        with self._locked() as records:
            hits = [
                r for r in records.values()
                if (r.id == id_or_name or r.name == id_or_name) and not r.revoked
            ]
            if not hits:
                raise NotFound(f"no active token with id or name {id_or_name!r}", field="token")
            stamp = now.isoformat(timespec="seconds")
            for r in hits:
                records[r.id] = replace(r, revoked=True, revoked_at=stamp)
            return [records[r.id] for r in hits]

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, TokenRecord]]:
        """Read-modify-write under an exclusive lock; the new file replaces the old atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=_DIR_MODE)
        lock_path = self.path.with_name(self.path.name + ".lock")
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, _FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._cache_key = None
            records = dict(self.records())
            yield records
            self._write(records)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _write(self, records: dict[str, TokenRecord]) -> None:
        payload = {"version": 1, "tokens": [asdict(r) for r in records.values()]}
        fd, tmp = tempfile.mkstemp(prefix=".tokens-", dir=self.path.parent)
        try:
            os.fchmod(fd, _FILE_MODE)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(payload, out, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        dir_fd = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        self._cache_key = None
