"""Value transforms of the mapping language: case, whitespace, date formats, lookup tables.

A property rule applies its steps in a fixed order to every value it reads: ``transform``
(``strip``, ``upper``, ``lower``, ``title``, ``collapse``), then ``lookup`` (a table of source
wording -> value), then ``date_format`` (source date formats -> ISO ``YYYY-MM-DD``).

>>> apply_steps("  ifsr ", ("strip", "upper"), {}, ())
'IFSR'
>>> apply_steps("03/14/1968", (), {}, ("%m/%d/%Y",))
'1968-03-14'
>>> apply_steps("M", (), {"M": "male"}, ())
'male'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

STEPS: dict[str, Callable[[str], str]] = {
    "strip": str.strip,
    "upper": str.upper,
    "lower": str.lower,
    "title": str.title,
    "collapse": lambda text: " ".join(text.split()),
}


class TransformError(ValueError):
    """A value the rule's lookup table or date formats do not cover."""


def parse_formatted_date(text: str, formats: Sequence[str]) -> str:
    """The ISO date of ``text`` in the first of ``formats`` that reads it."""
    for fmt in formats:
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    raise TransformError(f"{text!r} matches none of the date formats {', '.join(formats)}")


def apply_steps(text: str, steps: Sequence[str], lookup: Mapping[str, str],
                date_formats: Sequence[str]) -> str:
    """``text`` after the rule's transforms, lookup and date parsing."""
    for step in steps:
        text = STEPS[step](text)
    if lookup:
        if text not in lookup:
            raise TransformError(f"value {text!r} is not in the lookup table")
        text = lookup[text]
    if date_formats:
        text = parse_formatted_date(text, date_formats)
    return text
