"""What the CLI and REST doors call: run, review, decide, undo, export, and the resolved view.

Every read is filtered by the caller's scope: a decision is shown, counted or used only when
both of its records are readable by the caller, so a decision never reveals a record from a
graph the caller cannot see. The decision graphs themselves are read internally (they are not
in a partner's SPARQL scope, see :mod:`ipas.security.control`).

The decision in force for a pair is its latest positive or negative one, else its latest
suggestion; retracted decisions are ignored. Resolved actors come from positives in force,
with negatives blocking (:func:`ipas.resolution.clusters.resolve`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ipas.errors import BadInput, NotFound
from ipas.graphs import GraphNames
from ipas.resolution.clusters import Resolution, auto_accept, resolve
from ipas.resolution.decisions import Decision, Ledger, check_iri, now, ordered
from ipas.resolution.extract import extract_records, visible_actors
from ipas.resolution.model import Model, load_model
from ipas.resolution.scoring import score_records
from ipas.settings import Settings
from ipas.store.base import Scope, Store

Progress = Callable[[str, int, int | None], None]  # (stage, advance, total)


@dataclass
class RunReport:
    """What ``ipas resolve run`` did."""

    batch: str | None
    records: int
    candidates: int
    suggested: int
    auto_accepted: int
    threshold: float
    review_threshold: float
    skipped_decided: int = 0

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class Actor:
    """A resolved actor: its IRI, its records, and the positive decisions that joined them."""

    iri: str
    members: list[str]
    decisions: list[Decision]

    def to_dict(self) -> dict[str, object]:
        return {"actor": self.iri, "members": self.members,
                "decisions": [d.to_dict() for d in self.decisions]}


@dataclass
class View:
    """The decisions a caller may see, and the resolved actors they make."""

    decisions: list[Decision]
    resolution: Resolution
    in_force: dict[tuple[str, str], Decision] = field(default_factory=dict)

    def actors(self) -> list[Actor]:
        """Every resolved actor with the evidence for each merge."""
        out = []
        for canonical, members in sorted(self.resolution.groups.items()):
            evidence = [d for d in self.in_force.values()
                        if d.verdict == "positive" and d.left in members]
            out.append(Actor(canonical, sorted(members), evidence))
        return out


def in_force(decisions: list[Decision]) -> dict[tuple[str, str], Decision]:
    """Per pair, the latest positive/negative decision, else the latest suggestion.

    >>> s = Decision("urn:a", "urn:b", "suggested", "run", "t1", "")
    >>> p = Decision("urn:a", "urn:b", "positive", "ana", "t2", "")
    >>> in_force([p, s])[("urn:a", "urn:b")].verdict
    'positive'
    """
    out: dict[tuple[str, str], Decision] = {}
    for d in decisions:  # oldest first
        current = out.get(d.pair)
        if current is None or d.verdict != "suggested" or current.verdict == "suggested":
            out[d.pair] = d
    return out


class ResolutionService:
    """Entity resolution over one store, for callers with a scope."""

    def __init__(self, store: Store, settings: Settings, *, model: Model | None = None) -> None:
        self.store = store
        self.settings = settings
        self.names = GraphNames(settings.base_iri)
        self.ledger = Ledger(store, self.names)
        self._model = model

    @property
    def model(self) -> Model:
        if self._model is None:
            self._model = load_model()
        return self._model

    # -- reading -----------------------------------------------------------------------------
    def view(self, scope: Scope) -> View:
        """Decisions whose two records ``scope`` can read, and the actors they resolve."""
        decisions = self.ledger.read()
        if scope.graphs is not None and decisions:
            actors = visible_actors(self.store, scope)
            decisions = [d for d in decisions if d.left in actors and d.right in actors]
        current = in_force(decisions)
        positives = [d.pair for d in current.values() if d.verdict == "positive"]
        negatives = [d.pair for d in current.values() if d.verdict == "negative"]
        return View(decisions, resolve(positives, negatives, base=self.settings.base_iri),
                    current)

    def review(self, scope: Scope, *, limit: int = 50, min_score: float = 0.0) -> list[Decision]:
        """Suggestions still waiting for a decision, best score first."""
        pending = [d for d in self.view(scope).in_force.values()
                   if d.verdict == "suggested" and (d.score or 0.0) >= min_score]
        pending.sort(key=lambda d: (-(d.score or 0.0), d.left, d.right))
        return pending[:limit]

    def export(self, scope: Scope) -> list[Decision]:
        """Every suggestion and decision in force, pair by pair."""
        return sorted(self.view(scope).in_force.values(), key=lambda d: d.pair)

    def resolution(self, scope: Scope) -> Resolution:
        return self.view(scope).resolution

    # -- writing ------------------------------------------------------------------------------
    def run(self, scope: Scope, *, by: str, why: str = "ipas resolve run",
            progress: Progress | None = None) -> RunReport:
        """Score candidates among the records ``scope`` reads; store suggestions and auto-accepts.

        Pairs that already have a decision in force are left alone; negatives block merges.
        """
        model = self.model
        tick = progress or (lambda _stage, _n, _total: None)
        records = extract_records(self.store, scope)
        tick("records", 0, len(records))
        scored = score_records(records, model, floor=model.review,
                               progress=lambda n: tick("records", n, None))
        current = self.view(scope).in_force
        negatives = [p for p, d in current.items() if d.verdict == "negative"]
        fresh = [p for p in scored if ordered(records[p.left].iri, records[p.right].iri)
                 not in current]
        accepted = {id(p) for p in auto_accept(records, fresh, model.auto_accept,
                                               negatives=negatives)}
        at = now()
        decisions = []
        for pair in fresh:
            left, right = records[pair.left].iri, records[pair.right].iri
            auto = id(pair) in accepted
            agreeing = ", ".join(k for k, v in pair.explain().items()
                                 if k.endswith("_match") and v)
            why_pair = (f"auto-accepted: score {pair.score:.3f} >= {model.auto_accept} and "
                        f"attributes agree ({agreeing})" if auto else
                        f"score {pair.score:.3f} >= review threshold {model.review}")
            decisions.append(Decision(left, right, "positive" if auto else "suggested",
                                      by, at, why_pair, pair.score, pair.explain()))
        tick("scored", len(scored), len(scored))
        batch = self.ledger.write(decisions, by=by, command="run", why=why) if decisions else None
        return RunReport(batch, len(records), len(scored), len(decisions) - len(accepted),
                         len(accepted), model.auto_accept, model.review,
                         len(scored) - len(fresh))

    def decide(self, scope: Scope, left: str, right: str, verdict: str, *, by: str,
               why: str) -> Decision:
        """Record a positive or negative decision about two records the caller can read."""
        if verdict not in ("positive", "negative"):
            raise BadInput(f"a decision is positive or negative, not {verdict!r}", field="decision")
        left, right = check_iri(left, "left"), check_iri(right, "right")
        if left == right:
            raise BadInput("left and right are the same record", field="right")
        actors = visible_actors(self.store, scope)
        for what, iri in (("left", left), ("right", right)):
            if iri not in actors:  # hidden and absent look the same: nothing leaks
                raise NotFound(f"no actor record {iri} to decide on", field=what)
        a, b = ordered(left, right)
        current = self.view(scope).in_force.get((a, b))
        score = current.score if current is not None else None
        features = current.features if current is not None else {}
        decision = Decision(a, b, verdict, by, now(), why, score, features)
        decision.batch = self.ledger.write([decision], by=by, command=verdict, why=why)
        return decision

    def undo(self, scope: Scope, *, by: str, why: str, batch: str | None = None,
             pair: tuple[str, str] | None = None) -> list[Decision]:
        """Retract decisions: a pair's decision in force, one batch, or the latest batch.

        Only decisions the caller can see are retracted; the retraction is a new batch.
        """
        visible = self.view(scope)
        if pair is not None:
            key = ordered(check_iri(pair[0], "left"), check_iri(pair[1], "right"))
            found = visible.in_force.get(key)
            targets = [found] if found is not None and found.verdict != "suggested" else []
            if not targets:
                raise NotFound(f"no positive or negative decision in force for {key[0]} "
                               f"and {key[1]}", field="pair")
        else:
            batches = [d.batch for d in visible.decisions]
            chosen = batch if batch is not None else (batches[-1] if batches else None)
            targets = [d for d in visible.decisions if d.batch == chosen]
            if not targets:
                raise NotFound("no decision batch to undo" if batch is None else
                               f"no decision batch {batch!r} with decisions in force",
                               field="batch")
        self.ledger.write([], by=by, command="undo", why=why, retracts=[d.iri for d in targets])
        return targets
