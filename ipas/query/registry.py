"""The saved query library: reads ``queries/*.rq``, checks each one at startup, and runs them.

Each file starts with a grlc-style header (see ../shared/STYLE.md)::

    #+ summary: Facilitators that serve more than one criminal organization
    #+ tags: facilitators, convergence
    #+ param: since xsd:date optional -- only facilitation seen on or after this date
    #+ inference: all

``inference`` (``asserted`` or ``all``, default ``all``) is what the query reads unless the
caller chooses (:mod:`ipas.query.inference`): its scope without, or with, the batches'
``/inferred`` graphs. Every query is linted for the traps of materialized inference
(:mod:`ipas.query.lint`) when it loads.

Parameter ``since`` is the variable ``?_since``. Values are written into the text as constants
(see :mod:`ipas.query.instantiate`): a ``FILTER`` naming an absent optional parameter is
dropped, so write one ``FILTER`` per optional parameter, e.g. ``FILTER(?date >= ?_since)``. A
parameter used in a triple pattern (``?_actor ipas:memberOf ?org``) simply matches anything
when absent. Parameters are not projected.

A broken query fails :meth:`QueryRegistry.load` (and therefore the tests), never a user.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import Identifier, Node

from ipas.derived import expand_asserted
from ipas.errors import BadInput, InvalidParameter, NotFound
from ipas.ontology.files import ONTOLOGY_DIR
from ipas.query.executor import IsolatedStore, QueryAnswer
from ipas.query.inference import PARAMETER, Inference, scoped
from ipas.query.instantiate import filters, instantiate, projected
from ipas.query.lint import inverse_pairs, lint
from ipas.query.params import Param
from ipas.query.rows import Rendering
from ipas.store.base import QueryKind, Scope, SelectResult, Store
from ipas.store.terms import to_ox

_HEADER = re.compile(r"^#\+\s*([A-Za-z_]+)\s*:\s*(.*)$")
_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w\-.]*)?:\s*<([^>\s]*)>", re.IGNORECASE)
# Strings, IRIs and comments are removed before looking for variables and keywords.
_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)
_PARAM_VAR = re.compile(r"[?$]_([A-Za-z0-9_]+)")
# Keywords, not prefixed names (``ipas:service``) or variables (``?_from``).
_REFUSED = re.compile(r"(?<![\w:?$-])(SERVICE|LOAD|FROM)(?![\w:-])", re.IGNORECASE)
_POSITION = re.compile(r"(\d+):(\d+)")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_TEXTS_KEPT = 1024  # instantiated texts remembered (per parameter values)


@dataclass(frozen=True)
class SavedQuery:
    """One ``.rq`` file: its header and text."""

    name: str
    summary: str
    text: str
    kind: QueryKind
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    source: str = ""
    inference: Inference = Inference.ALL

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise InvalidParameter(
            f"unknown parameter {name!r} for query {self.name!r}; "
            f"it takes: {', '.join(p.name for p in self.params) or 'no parameters'}",
            parameter=name,
        )

    def bindings(self, raw: Mapping[str, Any]) -> dict[str, Identifier]:
        """Validate raw values and return the engine bindings (variable name -> term).

        Unknown names and missing required parameters raise ``InvalidParameter``; absent
        optional parameters without a default stay unbound.
        """
        out: dict[str, Identifier] = {}
        for name, value in raw.items():
            param = self.param(name)
            if value is None or (isinstance(value, str) and value == "" and param.optional):
                continue
            out[param.variable] = param.to_term(value)
        for p in self.params:
            if p.variable in out:
                continue
            if p.default is not None:
                out[p.variable] = p.to_term(p.default)
            elif not p.optional:
                raise InvalidParameter(
                    f"parameter {p.name!r} is required ({p.type}) for query {self.name!r}",
                    parameter=p.name,
                    expected=p.type,
                )
        return out

    def instantiate(self, raw: Mapping[str, Any]) -> str:
        """The query text with ``raw`` parameter values checked and written in as constants."""
        values = {k: str(to_ox(v)) for k, v in self.bindings(raw).items()}
        return instantiate(self.text, values, frozenset(p.variable for p in self.params))

    def describe(self) -> dict[str, Any]:
        """The catalogue entry: name, summary, tags, form and parameter schemas."""
        return {
            "name": self.name,
            "summary": self.summary,
            "tags": list(self.tags),
            "kind": self.kind.value,
            "inference": self.inference.value,
            "parameters": [p.describe() for p in self.params],
        }


@dataclass
class Answer:
    """The result of a saved query: rows for SELECT, a boolean for ASK, triples otherwise."""

    kind: QueryKind
    select: SelectResult | None = None
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    inference: Inference = Inference.ALL  # what the query read


def parse_file(path: Path, ontology_dir: Path = ONTOLOGY_DIR) -> SavedQuery:
    """Read and check one ``.rq`` file; raises ``BadInput`` with the file (and line).

    ``ontology_dir`` gives the inverse and symmetric properties the lint knows about."""
    source = path.name
    name = path.stem
    if not _NAME.match(name):
        raise BadInput("query file names are lower-case letters, digits, '-' and '_'",
                       source=source)
    text = path.read_text(encoding="utf-8")
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX.finditer(text)}
    header: dict[str, str] = {}
    params: list[Param] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        m = _HEADER.match(line.strip())
        if not m:
            if line.strip() and not line.lstrip().startswith("#"):
                break  # the header ends at the first line of SPARQL
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        try:
            if key == "param":
                params.append(Param.parse(value, prefixes))
            elif key in ("summary", "tags", "inference"):
                header[key] = value
            else:
                raise BadInput(f"unknown header key {key!r} (summary, tags, param, inference)")
            if key == "inference" and value not in {i.value for i in Inference}:
                raise BadInput(f"'#+ inference:' is asserted or all, not {value!r}")
        except BadInput as err:
            raise BadInput(err.message, source=source, line=lineno) from None
    if not header.get("summary"):
        raise BadInput("the header needs '#+ summary: ...'", source=source, line=1)
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise BadInput("a parameter is declared twice", source=source)
    if PARAMETER in names:
        raise BadInput(f"{PARAMETER!r} is the asserted/inferred switch, not a parameter name "
                       "(declare the default with '#+ inference: asserted|all')", source=source)
    _check_variables(text, names, source)
    kind = _check_engine(text, params, source)
    for trap in lint(text, prefixes, inverse_pairs(ontology_dir)):
        raise BadInput(f"{trap.rule}: {trap.message}", source=source, line=trap.line)
    tags = tuple(t.strip() for t in header.get("tags", "").split(",") if t.strip())
    return SavedQuery(name, header["summary"], text, kind, tags, tuple(params), source,
                      Inference(header.get("inference", Inference.ALL.value)))


def _check_variables(text: str, declared: list[str], source: str) -> None:
    body = _NOISE.sub(" ", text)
    if m := _REFUSED.search(body):
        raise BadInput(f"saved queries may not use {m.group(1).upper()} (the caller's scope "
                       "is the dataset, and queries reach no other server)", source=source)
    used = set(_PARAM_VAR.findall(body))
    if missing := sorted(set(declared) - used):
        raise BadInput(f"declared parameter(s) not used as ?_NAME: {', '.join(missing)}",
                       source=source)
    if undeclared := sorted(used - set(declared)):
        raise BadInput(f"variable(s) ?_{', ?_'.join(undeclared)} look like parameters but "
                       "are not declared in the header", source=source)


def _check_params(text: str, params: list[Param], source: str) -> None:
    """Parameters are not projected, and each FILTER names at most one optional parameter
    (a FILTER naming an absent one is dropped whole, see ipas.query.instantiate)."""
    variables = frozenset(p.variable for p in params)
    if echoed := sorted(projected(text, variables)):
        raise BadInput(f"parameter variable(s) ?{', ?'.join(echoed)} must not be projected: "
                       "their values are written into the query", source=source)
    optional = frozenset(p.variable for p in params if p.optional and p.default is None)
    for span in filters(text, variables):
        if len(span.params & optional) > 1:
            line = text.count("\n", 0, span.start) + 1
            raise BadInput(f"a FILTER names optional parameters ?{', ?'.join(sorted(span.params))}"
                           ": write one FILTER per optional parameter, so each is dropped "
                           "alone when absent", source=source, line=line)


def _check_engine(text: str, params: list[Param], source: str) -> QueryKind:
    """Parse and run the query on an empty store: every parameter given, then only the
    required ones (and defaults)."""
    _check_params(text, params, source)
    variables = frozenset(p.variable for p in params)
    full = {p.variable: str(to_ox(p.to_term(p.default if p.default is not None else _sample(p))))
            for p in params}
    least = {p.variable: full[p.variable] for p in params
             if not p.optional or p.default is not None}
    kinds = set()
    for values in (full, least):
        try:
            result = ox.Store().query(instantiate(text, values, variables),
                                      use_default_graph_as_union=True)
        except SyntaxError as err:
            m = _POSITION.search(str(err))
            raise BadInput(
                f"SPARQL syntax error: {err}", source=source,
                line=int(m.group(1)) if m else None, column=int(m.group(2)) if m else None,
            ) from None
        kinds.add(QueryKind.SELECT if isinstance(result, ox.QuerySolutions) else
                  QueryKind.ASK if isinstance(result, ox.QueryBoolean) else QueryKind.CONSTRUCT)
    return kinds.pop()


def _sample(p: Param) -> str:
    if p.values:
        return p.values[0]
    samples = {"iri": "urn:ipas:check", "date": "2000-01-01", "string": "x", "decimal": "1.0"}
    if p.type == "integer":
        return str(p.minimum if p.minimum is not None else 1)
    return samples[p.type]


class QueryRegistry:
    """Every saved query of a directory, checked when loaded.

    >>> import tempfile
    >>> d = Path(tempfile.mkdtemp())
    >>> _ = (d / "labels.rq").write_text(
    ...     "#+ summary: Labels\\n#+ param: limit integer optional\\n"
    ...     "SELECT ?s WHERE { ?s ?p ?o FILTER(?o < ?_limit) }\\n")
    >>> reg = QueryRegistry.load(d)
    >>> reg.names(), reg.get("labels").params[0].type
    (['labels'], 'integer')
    """

    def __init__(self, queries: Mapping[str, SavedQuery]) -> None:
        self._queries = dict(sorted(queries.items()))
        self._texts: dict[tuple[str, str], str] = {}  # (name, parameters) -> instantiated

    @classmethod
    def load(cls, directory: Path, ontology_dir: Path = ONTOLOGY_DIR) -> QueryRegistry:
        """Load and check every ``*.rq`` under ``directory``; the first broken one raises."""
        queries: dict[str, SavedQuery] = {}
        for path in sorted(directory.glob("*.rq")):
            query = parse_file(path, ontology_dir)
            queries[query.name] = query
        return cls(queries)

    def names(self) -> list[str]:
        return list(self._queries)

    def __iter__(self) -> Iterator[SavedQuery]:
        return iter(self._queries.values())

    def __len__(self) -> int:
        return len(self._queries)

    def get(self, name: str) -> SavedQuery:
        try:
            return self._queries[name]
        except KeyError:
            raise NotFound(f"no saved query named {name!r}", query=name) from None

    def catalogue(self) -> list[dict[str, Any]]:
        return [q.describe() for q in self]

    def prepare(self, store: Store, name: str, params: Mapping[str, Any], *, scope: Scope,
                inference: Inference | None = None) -> tuple[SavedQuery, str, Scope, Inference]:
        """The query ``name``, its text with ``params`` written in, the scope it reads for
        ``inference`` (default: the query's own) and that inference."""
        query = self.get(name)
        key = (name, json.dumps(dict(params), sort_keys=True, default=repr))
        text = self._texts.get(key)
        if text is None:  # tokenizing the query again costs about 0.5 ms a request
            text = query.instantiate(params)
            if len(self._texts) >= _TEXTS_KEPT:
                self._texts.clear()
            self._texts[key] = text
        read = inference or query.inference
        if read is Inference.ASSERTED:  # derived facts are inferences: walk their paths
            text = expand_asserted(text)
        return query, text, scoped(scope, read, store), read

    def run_rendered(self, store: IsolatedStore, name: str, params: Mapping[str, Any], *,
                     scope: Scope, rendering: Rendering, max_rows: int | None = None,
                     timeout_s: float | None = None,
                     inference: Inference | None = None) -> tuple[QueryAnswer, Inference]:
        """As :meth:`run` for a SELECT, its rows rendered for REST where the query runs
        (:meth:`IsolatedStore.select_rendered`), and the inference it read."""
        query, text, scope, read = self.prepare(store, name, params, scope=scope,
                                                inference=inference)
        if query.kind is not QueryKind.SELECT:
            raise BadInput(f"saved query {name!r} is not a SELECT", source=name)
        return store.select_rendered(text, scope=scope, rendering=rendering,
                                     max_rows=max_rows, timeout_s=timeout_s), read

    def run(
        self,
        store: Store,
        name: str,
        params: Mapping[str, Any],
        *,
        scope: Scope,
        max_rows: int | None = None,
        timeout_s: float | None = None,
        inference: Inference | None = None,
    ) -> Answer:
        """Validate ``params``, write them into the query and run it in ``scope``, read with
        ``inference`` (default: the query's own ``#+ inference:``)."""
        query, text, scope, read = self.prepare(store, name, params, scope=scope,
                                                inference=inference)
        if query.kind is QueryKind.SELECT:
            result = store.select(text, scope=scope, max_rows=max_rows, timeout_s=timeout_s)
            return Answer(query.kind, select=result, inference=read)
        if query.kind is QueryKind.ASK:
            return Answer(query.kind, boolean=store.ask(text, scope=scope, timeout_s=timeout_s),
                          inference=read)
        triples = store.construct(text, scope=scope, max_rows=max_rows, timeout_s=timeout_s)
        return Answer(query.kind, triples=triples, inference=read)

