"""The analysis data files, read and checked: edge rules (``edges.yaml``) and ranking weights.

Both files are edited by maintainers, not code; a mistake in them is reported with the file
and the field, and the analysis refuses to start rather than rank with a silently wrong weight.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ipas.errors import BadInput

#: The ontology namespace, as text: rules may name terms an extension adds later.
ONTOLOGY = "https://w3id.org/ipas/ontology#"
HERE = Path(__file__).resolve().parent
EDGES_FILE = HERE / "edges.yaml"
WEIGHTS_FILE = HERE / "weights.yaml"

#: The terms of a network or pathway score, in the order they are shown.
TERMS = ("volume", "violence", "corruption", "terrorism_nexus", "convergence", "centrality",
         "recency", "grading")
CONVERGENCE_TERMS = ("networks", "commodities", "betweenness")


@dataclass(frozen=True)
class LinkRule:
    """Nodes of ``cls`` become edges ``src`` value -> ``dst`` value, named ``kind``."""

    kind: str
    cls: str
    src: str
    dst: str


@dataclass(frozen=True)
class DirectRule:
    """A triple ``s property o`` (or ``o inverse s``) becomes the edge ``s -> o``."""

    kind: str
    prop: str
    inverse: str | None = None


@dataclass(frozen=True)
class EdgeRules:
    links: tuple[LinkRule, ...]
    direct: tuple[DirectRule, ...]

    def predicates(self) -> set[str]:
        """Every property IRI the rules read."""
        found = {r.src for r in self.links} | {r.dst for r in self.links}
        found |= {r.prop for r in self.direct} | {r.inverse for r in self.direct if r.inverse}
        return found

    def kinds(self) -> list[str]:
        seen = [r.kind for r in self.links] + [r.kind for r in self.direct]
        return list(dict.fromkeys(seen))


@dataclass(frozen=True)
class Weights:
    networks: dict[str, float]
    pathways: dict[str, float]
    convergence: dict[str, float]
    half_life_days: float


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise BadInput(f"not valid YAML: {getattr(err, 'problem', err)}", source=path.name,
                       line=mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise BadInput("expected a mapping at the top level", source=path.name)
    return data


def _text(entry: dict[str, Any], key: str, where: str, *, optional: bool = False) -> str | None:
    value = entry.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise BadInput(f"{where}: '{key}' must be a non-empty string", field=key)
    return value.strip()


def parse_edges(data: dict[str, Any], source: str = "edges.yaml") -> EdgeRules:
    """Edge rules from the parsed YAML; local names become ontology IRIs.

    >>> rules = parse_edges({"links": [{"kind": "k", "class": "Membership", "from": "member",
    ...                                 "to": "memberOrganization"}], "direct": []})
    >>> rules.links[0].src.endswith("#member"), rules.kinds()
    (True, ['k'])
    >>> parse_edges({"links": [{"kind": "k"}]})
    Traceback (most recent call last):
    ...
    ipas.errors.BadInput: edges.yaml links[0]: 'class' must be a non-empty string
    """
    def iri(name: str | None) -> str:
        return f"{ONTOLOGY}{name}" if name and "://" not in name else str(name)

    links, direct = [], []
    for i, entry in enumerate(data.get("links") or []):
        where = f"{source} links[{i}]"
        links.append(LinkRule(str(_text(entry, "kind", where)), iri(_text(entry, "class", where)),
                              iri(_text(entry, "from", where)), iri(_text(entry, "to", where))))
    for i, entry in enumerate(data.get("direct") or []):
        where = f"{source} direct[{i}]"
        inverse = _text(entry, "inverse", where, optional=True)
        direct.append(DirectRule(str(_text(entry, "kind", where)),
                                 iri(_text(entry, "property", where)),
                                 iri(inverse) if inverse else None))
    return EdgeRules(tuple(links), tuple(direct))


def parse_weights(data: dict[str, Any], source: str = "weights.yaml") -> Weights:
    """Weights from the parsed YAML: every term present and a number (0 switches it off).

    >>> w = parse_weights({"networks": dict.fromkeys(TERMS, 1),
    ...                    "pathways": dict.fromkeys(TERMS, 2), "half_life_days": 90,
    ...                    "convergence": dict.fromkeys(CONVERGENCE_TERMS, 1)})
    >>> w.pathways["volume"], w.half_life_days
    (2.0, 90.0)
    >>> parse_weights({"networks": {"volume": "high"}})
    Traceback (most recent call last):
    ...
    ipas.errors.BadInput: weights.yaml networks.volume: weight must be a number >= 0, got 'high'
    """
    def section(name: str, terms: tuple[str, ...]) -> dict[str, float]:
        raw = data.get(name)
        if not isinstance(raw, dict):
            raise BadInput(f"{source}: section '{name}' is missing", field=name)
        out: dict[str, float] = {}
        for term in terms:
            value = raw.get(term)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise BadInput(f"{source} {name}.{term}: weight must be a number >= 0, "
                               f"got {value!r}", field=f"{name}.{term}")
            out[term] = float(value)
        unknown = sorted(set(raw) - set(terms))
        if unknown:
            raise BadInput(f"{source} {name}: unknown terms {unknown}", field=name)
        return out

    networks = section("networks", TERMS)
    pathways = section("pathways", TERMS)
    convergence = section("convergence", CONVERGENCE_TERMS)
    half_life = data.get("half_life_days")
    if isinstance(half_life, bool) or not isinstance(half_life, int | float) or half_life <= 0:
        raise BadInput(f"{source}: half_life_days must be a number > 0", field="half_life_days")
    return Weights(networks, pathways, convergence, float(half_life))


@lru_cache(maxsize=4)
def edge_rules(path: Path = EDGES_FILE) -> EdgeRules:
    """The edge rules of ``path`` (read once)."""
    return parse_edges(_read(path), path.name)


def weights(path: Path = WEIGHTS_FILE) -> Weights:
    """The ranking weights of ``path``, read on every call so edits apply without a restart."""
    return parse_weights(_read(path), path.name)
