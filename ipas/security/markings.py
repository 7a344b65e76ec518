"""TLP 2.0 handling markings and the rule that decides who may read a marked batch.

One function, :func:`admits`, is the whole sharing policy; scopes (``control.py``) apply it to
every batch in the catalog. The policy fails closed: an unknown or missing marking is treated
as ``TLP:RED``.

Policy (also in docs/security.md):

* internal roles (reader, analyst, loader) read a batch when its marking is in their clearance
  (the token's markings); ``TLP:RED`` additionally needs the caller's agency to own the batch or
  be named in its ``shared_with``. Admins read everything.
* partners read ``TLP:CLEAR`` and ``TLP:GREEN`` always; ``TLP:AMBER`` when their agency is in the
  batch's ``shared_with``; ``TLP:AMBER+STRICT`` only when the batch is shared with their agency
  and no other (STRICT: one recipient organization); ``TLP:RED`` never. Always capped by the
  token's markings.
* the anonymous reader (only when ``IPAS_ANONYMOUS_MARKINGS`` is set) reads batches whose
  marking is one of those markings; ``TLP:RED`` is never public.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from ipas.errors import BadInput
from ipas.security.principal import Principal, Role


class Marking(StrEnum):
    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"


ALL_MARKINGS: frozenset[str] = frozenset(m.value for m in Marking)
#: Clearance given to a token created without ``--markings`` (RED is opt-in, except for admins).
DEFAULT_CLEARANCE: frozenset[str] = ALL_MARKINGS - {Marking.RED.value}

_ALIASES = {
    "CLEAR": Marking.CLEAR,
    "WHITE": Marking.CLEAR,  # TLP 1.0 name
    "GREEN": Marking.GREEN,
    "AMBER": Marking.AMBER,
    "AMBER+STRICT": Marking.AMBER_STRICT,
    "AMBER_STRICT": Marking.AMBER_STRICT,
    "AMBER-STRICT": Marking.AMBER_STRICT,
    "AMBERSTRICT": Marking.AMBER_STRICT,
    "RED": Marking.RED,
}


def parse_marking(text: str) -> Marking:
    """A marking from user text, a catalog literal or an IRI whose local name is the level.

    >>> parse_marking("amber+strict").value
    'TLP:AMBER+STRICT'
    >>> parse_marking("https://w3id.org/ipas/ontology#TLP_GREEN").value
    'TLP:GREEN'
    >>> parse_marking("TLP:PURPLE")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ipas.errors.BadInput: unknown TLP marking 'TLP:PURPLE' (one of TLP:CLEAR, ...)
    """
    raw = text.strip()
    local = raw.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if "://" in raw else raw
    key = local.upper()
    for prefix in ("TLP:", "TLP_", "TLP-", "TLP"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    try:
        return _ALIASES[key]
    except KeyError:
        choices = ", ".join(m.value for m in Marking)
        message = f"unknown TLP marking {text!r} (one of {choices})"
        raise BadInput(message, field="marking") from None


def parse_markings(values: Iterable[str]) -> frozenset[str]:
    """Canonical marking names from comma-separated or repeated values.

    >>> sorted(parse_markings(["green,clear"]))
    ['TLP:CLEAR', 'TLP:GREEN']
    """
    out: set[str] = set()
    for value in values:
        for part in value.split(","):
            if part.strip():
                out.add(parse_marking(part).value)
    return frozenset(out)


def canonical_or_red(marking: str | None) -> str:
    """The canonical marking of a catalog value; missing or unreadable markings fail closed.

    >>> canonical_or_red(None), canonical_or_red("green")
    ('TLP:RED', 'TLP:GREEN')
    """
    if not marking:
        return Marking.RED.value
    try:
        return parse_marking(marking).value
    except BadInput:
        return Marking.RED.value


def admits(
    principal: Principal,
    marking: str | None,
    *,
    owner: str | None,
    shared_with: Iterable[str] = (),
) -> bool:
    """Whether ``principal`` may read a batch with this marking, owner and sharing list.

    Agencies compare exactly (no case folding, no parent/child matching).

    >>> p = Principal("mx", Role.PARTNER, markings=DEFAULT_CLEARANCE, agency="MX-FGR")
    >>> admits(p, "TLP:GREEN", owner="HSI")
    True
    >>> admits(p, "TLP:AMBER", owner="HSI")
    False
    >>> admits(p, "TLP:AMBER", owner="HSI", shared_with=["MX-FGR"])
    True
    >>> admits(p, "TLP:AMBER+STRICT", owner="HSI", shared_with=["MX-FGR", "CO-DIJIN"])
    False
    >>> admits(p, "TLP:RED", owner="HSI", shared_with=["MX-FGR"])
    False
    """
    level = canonical_or_red(marking)
    shared = frozenset(shared_with)
    if principal.role is Role.ADMIN and not principal.anonymous:
        return True
    if principal.anonymous:
        return level != Marking.RED.value and level in principal.markings
    if level not in principal.markings:
        return False
    agency = principal.agency
    if principal.role is Role.PARTNER:
        if level in (Marking.CLEAR.value, Marking.GREEN.value):
            return True
        if agency is None:
            return False
        if level == Marking.AMBER.value:
            return agency in shared
        if level == Marking.AMBER_STRICT.value:
            return shared == {agency}
        return False  # RED: never shared with partners through this system
    if level == Marking.RED.value:
        return agency is not None and (agency == owner or agency in shared)
    return True
