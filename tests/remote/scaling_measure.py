"""Embedded Oxigraph vs Virtuoso at scale: load throughput and query latency (docs/scaling.md).

Not a test (heavy; never collected). Run from the project root::

    python -m tests.remote.scaling_measure --triples 1000000

It writes a synthetic IPAS-like N-Quads file (people, criminal organizations, memberships,
transfers, facilitations; spread over batch graphs), loads it into an on-disk Oxigraph store
and into a throwaway Virtuoso through :class:`RemoteSparqlStore` (staging + one-step commit),
then times a few representative analyst queries under a scope of every batch graph.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from ipas.graphs import GraphNames
from ipas.namespace import IPAS
from ipas.store import remote_load
from ipas.store.base import Scope, Store
from ipas.store.oxigraph import OxigraphStore
from ipas.store.remote import RemoteSparqlStore
from ipas.store.remote_http import Endpoints
from tests.virtuoso import VirtuosoServer, fresh_remote_store

NAMES = GraphNames("https://w3id.org/ipas/id/")
QUERIES = {
    "count_by_type": f"""SELECT ?t (COUNT(?x) AS ?n) {{ ?x <{RDF.type}> ?t }}
        GROUP BY ?t ORDER BY DESC(?n)""",
    "facilitators_of_many_networks": f"""SELECT ?f (COUNT(DISTINCT ?org) AS ?n) {{
        ?fac <{IPAS.facilitator}> ?f ; <{IPAS.servedNetwork}> ?org }}
        GROUP BY ?f HAVING (COUNT(DISTINCT ?org) > 1) ORDER BY DESC(?n) LIMIT 20""",
    "top_payers": f"""SELECT ?p (SUM(?a) AS ?total) {{
        ?t <{IPAS.payer}> ?p ; <{IPAS.amount}> ?a }} GROUP BY ?p ORDER BY DESC(?total) LIMIT 10""",
    "co_members_of_one_person": f"""SELECT DISTINCT ?other {{
        ?m1 <{IPAS.member}> <https://w3id.org/ipas/id/person/syn/7> ;
            <{IPAS.memberOrganization}> ?org .
        ?m2 <{IPAS.memberOrganization}> ?org ; <{IPAS.member}> ?other }}""",
}


def generate(path: Path, triples: int, batches: int = 10, seed: int = 7) -> list[str]:
    """About ``triples`` quads in ``batches`` batch graphs; the graph names."""
    rng = random.Random(seed)
    base = "https://w3id.org/ipas/id/"
    graphs = [NAMES.batch(f"syn-{i}") for i in range(batches)]
    people = max(10, triples // 40)
    orgs = max(3, people // 50)
    written = 0
    with path.open("w", encoding="utf-8") as out:
        def quad(s: URIRef, p: URIRef, o: object, g: str) -> None:
            nonlocal written
            term = o.n3() if isinstance(o, URIRef | Literal) else str(o)
            out.write(f"{s.n3()} {p.n3()} {term} <{g}> .\n")
            written += 1

        for i in range(people):
            g = graphs[i % batches]
            s = URIRef(f"{base}person/syn/{i}")
            quad(s, RDF.type, IPAS.Person, g)
            quad(s, IPAS.familyName, Literal(f"Name{i % 997}"), g)
        for j in range(orgs):
            o = URIRef(f"{base}org/syn/{j}")
            quad(o, RDF.type, IPAS.CriminalOrganization, graphs[j % batches])
        k = 0
        while written < triples:
            g = graphs[k % batches]
            kind = k % 3
            x = URIRef(f"{base}rec/syn/{k}")
            person = URIRef(f"{base}person/syn/{int(rng.paretovariate(1.2)) % people}")
            org = URIRef(f"{base}org/syn/{rng.randrange(orgs)}")
            if kind == 0:
                quad(x, RDF.type, IPAS.Membership, g)
                quad(x, IPAS.member, person, g)
                quad(x, IPAS.memberOrganization, org, g)
            elif kind == 1:
                payee = URIRef(f"{base}person/syn/{rng.randrange(people)}")
                quad(x, RDF.type, IPAS.Transfer, g)
                quad(x, IPAS.payer, person, g)
                quad(x, IPAS.payee, payee, g)
                amount = round(rng.paretovariate(1.5) * 1000, 2)
                quad(x, IPAS.amount, Literal(str(amount), datatype=XSD.decimal), g)
            else:
                quad(x, RDF.type, IPAS.Facilitation, g)
                quad(x, IPAS.facilitator, URIRef(f"{base}person/syn/{rng.randrange(20)}"), g)
                quad(x, IPAS.servedNetwork, org, g)
            k += 1
    return graphs


def timed_load(store: Store, path: Path) -> float:
    start = time.perf_counter()
    store.load(path, "application/n-quads")
    return time.perf_counter() - start


def timed_remote_load(store: RemoteSparqlStore, path: Path) -> dict[str, float]:
    """The remote load's steps timed one by one (the same steps ``store.load`` runs)."""
    phases: dict[str, float] = {}
    start = time.perf_counter()
    staged = remote_load.stage(path, "application/n-quads", None)
    phases["parse"] = time.perf_counter() - start
    try:
        for name, step in (("upload", remote_load.upload), ("validate", remote_load.validate),
                           ("commit", remote_load.commit)):
            start = time.perf_counter()
            step(store.http, staged)
            phases[name] = time.perf_counter() - start
    finally:
        start = time.perf_counter()
        remote_load.drop_staging(store.http, staged)
        phases["drop_staging"] = time.perf_counter() - start
    return phases


def query_latency(store: Store, scope: Scope, runs: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, query in QUERIES.items():
        print(f"{type(store).__name__}: {name}", file=sys.stderr, flush=True)
        store.select(query, scope=scope)  # warm-up
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            store.select(query, scope=scope)
            samples.append(time.perf_counter() - start)
        out[name] = round(statistics.median(samples) * 1000, 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ipas-scaling-") as tmp:
        data = Path(tmp) / "synthetic.nq"
        graphs = generate(data, args.triples)
        scope = Scope.of(graphs)
        result: dict[str, object] = {"triples": args.triples, "graphs": len(graphs)}
        embedded = OxigraphStore(Path(tmp) / "store")
        seconds = timed_load(embedded, data)
        result["oxigraph_disk"] = {
            "load_s": round(seconds, 1), "triples_per_s": round(args.triples / seconds),
            "stored": embedded.stats(scope=scope).triples,
            "query_ms_median": query_latency(embedded, scope, args.runs)}
        embedded.close()
        with VirtuosoServer(buffers=100_000) as server:
            remote = fresh_remote_store(server)
            phases = timed_remote_load(remote, data)
            seconds = sum(phases.values())
            result["virtuoso_remote_store"] = {
                "load_s": round(seconds, 1), "triples_per_s": round(args.triples / seconds),
                "phases_s": {k: round(v, 1) for k, v in phases.items()},
                "stored": remote.stats(scope=scope).triples,
                "query_ms_median": query_latency(remote, scope, args.runs)}
        with VirtuosoServer(buffers=100_000) as server:  # the engine's own loader, for reference
            shutil.copy(data, server.load_dir / data.name)
            start = time.perf_counter()
            server.isql(f"ld_dir('{server.load_dir}', '{data.name}', 'urn:x-ipas:unused'); "
                        "rdf_loader_run(); checkpoint;", timeout_s=3600)
            seconds = time.perf_counter() - start
            result["virtuoso_bulk_loader_isql"] = {
                "load_s": round(seconds, 1), "triples_per_s": round(args.triples / seconds),
                "stored": RemoteSparqlStore(Endpoints.for_virtuoso(server.query_url)
                                            ).stats(scope=scope).triples}
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
