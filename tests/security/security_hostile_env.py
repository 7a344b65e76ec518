"""The deployment the hostile-input tests attack: a real server on loopback.

The app is the real one (``create_app``) over an on-disk store, with the real token access
control, a visible and a hidden batch, a canary file, a saved query, and low limits so that
the bounded cases finish fast.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import httpx

from api.app import create_app
from ipas.graphs import GraphNames
from ipas.security.control import BatchAccess, TokenAccessControl
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.settings import Settings
from ipas.store.oxigraph import OxigraphStore
from tests.security.security_server import serve

BASE = "https://example.org/id/"
NAMES = GraphNames(BASE)
VISIBLE, HIDDEN = NAMES.batch("visible"), NAMES.batch("hidden")
CANARY = "ipas-canary-7f3a"
FORMULAS = ['=HYPERLINK("http://x")', "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"]


class Env:
    def __init__(
        self, url: str, settings: Settings, headers: dict[str, dict[str, str]], canary_file: Path
    ) -> None:
        self.url = url
        self.settings = settings
        self.headers = headers
        self.canary_file = canary_file
        self.client = httpx.Client(base_url=url, timeout=60)
        self.port = int(url.rsplit(":", 1)[1])

    def query(self, text: str, who: str = "admin", accept: str | None = None) -> httpx.Response:
        headers = dict(self.headers.get(who, {}))
        if accept:
            headers["Accept"] = accept
        return self.client.post("/sparql", data={"query": text}, headers=headers)

    def update(self, text: str, who: str = "admin") -> httpx.Response:
        return self.client.post("/sparql", data={"update": text}, headers=self.headers.get(who, {}))

    def count(self) -> int:
        r = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert r.status_code == 200, r.text
        return int(r.json()["results"]["bindings"][0]["n"]["value"])

    def up(self) -> bool:
        return self.client.get("/health", timeout=10).status_code == 200


SAVED_QUERY = f"""#+ summary: Values of the test entities, optionally by prefix
#+ param: prefix xsd:string optional -- only values starting with this text
SELECT ?s ?o WHERE {{
  ?s <{BASE}p/v> ?o FILTER(COALESCE(STRSTARTS(?o, ?_prefix), true))
}} ORDER BY ?s
"""


def _data() -> bytes:
    lines = [f'<{BASE}e/{i}> <{BASE}p/v> "value {i}" .' for i in range(300)]
    lines += [f"<{BASE}e/{i}> <{BASE}p/next> <{BASE}e/{i + 1}> ." for i in range(300)]
    lines += [f"<{BASE}e/f{i}> <{BASE}p/v> {json.dumps(v)} ." for i, v in enumerate(FORMULAS)]
    return "\n".join(lines).encode()


@contextlib.contextmanager
def hostile_env(root: Path, **overrides: object) -> Iterator[Env]:
    """A real server on loopback over an on-disk store, with low limits (see module doc);
    ``overrides`` are further settings."""
    canary_file = root / "canary.ttl"
    canary_file.write_text(f'<urn:canary> <urn:canary> "{CANARY}" .\n')
    queries = root / "queries"
    queries.mkdir()
    (queries / "values.rq").write_text(SAVED_QUERY)
    fields: dict[str, object] = {
        "query_timeout_s": 2.0, "max_body_bytes": 4 * 1024 * 1024, "query_workers": 2,
        **overrides,
    }
    settings = Settings(
        store=str(root / "store"), home=root / "home", base_iri=BASE, queries_dir=queries,
        **fields,  # type: ignore[arg-type]
    )
    store = OxigraphStore(root / "store")
    store.load(_data(), "application/n-triples", graph=VISIBLE)
    store.load(
        f'<{BASE}e/secret> <{BASE}p/v> "hidden" .'.encode(), "application/n-triples", graph=HIDDEN
    )
    batches = [
        BatchAccess("visible", VISIBLE, "TLP:GREEN", "HSI"),
        BatchAccess("hidden", HIDDEN, "TLP:AMBER", "HSI", ("CO-DIJIN",)),
    ]
    tokens = TokenStore(settings.home / "tokens.json")
    access = TokenAccessControl(tokens, lambda: batches, NAMES, graphs=store.graphs)
    headers = {}
    for name, role, agency in [
        ("admin", Role.ADMIN, "HSI"),
        ("partner", Role.PARTNER, "MX-FGR"),
        ("reader", Role.READER, "HSI"),
        ("mx-loader", Role.LOADER, "MX-FGR"),
    ]:
        _, token = tokens.create(name, role, agency=agency)
        headers[name] = {"Authorization": f"Bearer {token}"}
    app = create_app(settings, store=store, access=access)
    with serve(app) as url:
        e = Env(url, settings, headers, canary_file)
        yield e
        e.client.close()
    store.close()


def refused(r: httpx.Response, *codes: int) -> None:
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    if codes:
        assert r.status_code in codes, (r.status_code, r.text[:300])
    assert "Traceback" not in r.text  # no internals
    assert "root:x:0" not in r.text and CANARY not in r.text  # no file content


LAUGHS = """<?xml version="1.0" encoding="{enc}"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e.org/">
 <rdf:Description rdf:about="http://e.org/s"><ex:p>&f;</ex:p></rdf:Description>
</rdf:RDF>"""
XXE = """<?xml version="1.0" encoding="{enc}"?>
<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "{target}">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e.org/">
 <rdf:Description rdf:about="http://e.org/s"><ex:p>&x;</ex:p></rdf:Description>
</rdf:RDF>"""


def uploads(env: Env, body: bytes, ctype: str) -> list[httpx.Response]:
    """The body sent through every write door (admin: only content decides)."""
    auth = env.headers["admin"]
    graph = NAMES.batch("upload-target")
    return [
        env.client.post("/ingest", content=body, headers={**auth, "Content-Type": ctype}),
        env.client.post("/graph-store", content=body, headers={**auth, "Content-Type": ctype}),
        env.client.put(
            "/graph-store",
            params={"graph": graph},
            content=body,
            headers={**auth, "Content-Type": ctype},
        ),
    ]


def nothing_written(env: Env) -> None:
    r = env.query(
        "ASK { GRAPH ?g { ?s ?p ?o FILTER(CONTAINS(STR(?o), 'AAAA') "
        f"|| CONTAINS(STR(?o), '{CANARY}')) }} }}"
    )
    assert r.status_code == 200 and r.json()["boolean"] is False
