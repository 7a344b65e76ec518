"""Admiralty grades and TLP markings as comparable values (best grade, strictest marking).

A grade is a source reliability letter A-F and an information credibility digit 1-6; "A1" is
the best. ``min_grade="B2"`` admits A1, A2, B1 and B2: both halves at least as good.
"""

from __future__ import annotations

from ipas.errors import BadInput

_RELIABILITY = "ABCDEF"
_MARKINGS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")


def parse_grade(text: str, field: str = "min_grade") -> tuple[int, int]:
    """``"B2"`` as ``(1, 2)``; a clear error otherwise.

    >>> parse_grade("b2"), parse_grade("F6")
    ((1, 2), (5, 6))
    >>> parse_grade("G9")
    Traceback (most recent call last):
    ...
    ipas.errors.BadInput: grade 'G9' is not an Admiralty grade (A-F then 1-6, e.g. B2)
    """
    raw = text.strip().upper()
    if len(raw) != 2 or raw[0] not in _RELIABILITY or raw[1] not in "123456":
        raise BadInput(f"grade {text!r} is not an Admiralty grade (A-F then 1-6, e.g. B2)",
                       field=field)
    return _RELIABILITY.index(raw[0]), int(raw[1])


def grade_text(grade: tuple[int, int] | None) -> str | None:
    """``(1, 2)`` as ``"B2"``.

    >>> grade_text((0, 1)), grade_text(None)
    ('A1', None)
    """
    return None if grade is None else f"{_RELIABILITY[grade[0]]}{grade[1]}"


def grade_of(reliability: str | None, credibility: str | None) -> tuple[int, int] | None:
    """A grade from catalog or report values; ``None`` when either half is missing or odd.

    >>> grade_of("C", "3"), grade_of("C", None), grade_of("Z", "1")
    ((2, 3), None, None)
    """
    if not reliability or not credibility:
        return None
    letter, digit = reliability.strip().upper(), credibility.strip()
    if len(letter) != 1 or letter not in _RELIABILITY or digit not in tuple("123456"):
        return None
    return _RELIABILITY.index(letter), int(digit)


def meets(grade: tuple[int, int] | None, minimum: tuple[int, int] | None) -> bool:
    """True when ``grade`` is at least ``minimum`` on both halves (no minimum: always).

    >>> meets((0, 2), (1, 2)), meets((0, 3), (1, 2)), meets(None, (5, 6)), meets(None, None)
    (True, False, False, True)
    """
    if minimum is None:
        return True
    return grade is not None and grade[0] <= minimum[0] and grade[1] <= minimum[1]


def best(grades: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The best grade of several (reliability first).

    >>> best([(2, 3), (1, 4), (1, 2)]), best([])
    ((1, 2), None)
    """
    return min(grades) if grades else None


def quality(grade: tuple[int, int] | None) -> float:
    """A grade as 0..1 for scores: A1 is 1.0, F6 is 0.0, ungraded 0.0.

    >>> quality((0, 1)), quality((5, 6)), round(quality((1, 2)), 2)
    (1.0, 0.0, 0.8)
    """
    if grade is None:
        return 0.0
    return 1.0 - (grade[0] + grade[1] - 1) / 10.0


def strictest(markings: list[str]) -> str:
    """The most restrictive of several TLP markings (none or unknown: ``TLP:RED``, fail closed).

    >>> strictest(["TLP:GREEN", "TLP:AMBER"]), strictest([]), strictest(["odd"])
    ('TLP:AMBER', 'TLP:RED', 'TLP:RED')
    """
    if not markings:
        return "TLP:RED"
    ranks = [_MARKINGS.index(m) if m in _MARKINGS else len(_MARKINGS) - 1 for m in markings]
    return _MARKINGS[max(ranks)]
