"""Isolation probes shared by the store-level and HTTP-level tests.

Each probe is a read query a hostile partner might send to learn about graphs it may not see.
A probe is judged by comparing its answer with the answer over the visible graphs alone, so
hidden data must leave no trace at all: not in rows, counts, booleans or graph names.
"""

from __future__ import annotations

from urllib.parse import quote


def iri_variants(graph: str) -> list[str]:
    """Spellings of a graph IRI a caller might try to slip past an exact-match check.

    >>> iri_variants("https://x.org/graph/batch/b1")[:2]
    ['https://x.org/graph/batch/b1', 'HTTPS://X.ORG/graph/batch/b1']
    """
    scheme, rest = graph.split("://", 1)
    host, _, path = rest.partition("/")
    return [
        graph,
        f"{scheme.upper()}://{host.upper()}/{path}",
        graph.upper(),
        graph + "/",
        graph.replace("/batch/", "/batch//"),
        f"{scheme}://{host}/{quote(path, safe='')}",
        f"{scheme}://{host}/" + "".join(f"%{ord(c):02X}" for c in path),
        graph + "#",
        graph + "?",
    ]


def probes(graphs: list[str], entities: list[str], catalog: str) -> list[tuple[str, str]]:
    """(name, query) for every isolation case, aimed at every graph and entity given.

    ``graphs`` are batch graphs (visible or not: the answer must match the visible-only store
    either way); ``entities`` are IRIs that occur in them.
    """
    out: list[tuple[str, str]] = [
        ("plain", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"),
        ("graph-var", "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"),
        ("distinct-g", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"),
        ("count-all", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        ("count-graphs", "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        ("ask-any-graph", "ASK { GRAPH ?g { ?s ?p ?o } }"),
        (
            "subquery",
            "SELECT ?s ?n WHERE { { SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } }",
        ),
        (
            "subquery-graph",
            "SELECT ?g WHERE { { SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a ?b ?c } } } }",
        ),
        ("exists", "SELECT ?s WHERE { ?s ?p ?o FILTER EXISTS { GRAPH ?g { ?s ?q ?r } } }"),
        ("not-exists", "SELECT ?s ?o WHERE { ?s ?p ?o FILTER NOT EXISTS { ?o ?q ?r } }"),
        ("minus", "SELECT ?s ?o WHERE { ?s ?p ?o MINUS { GRAPH ?g { ?o ?q ?r } } }"),
        ("optional", "SELECT ?s ?o ?x WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?x } }"),
        ("path-plus", "SELECT ?s ?o WHERE { ?s (<urn:ipas-test:link>)+ ?o }"),
        ("path-any", "SELECT ?s ?o WHERE { ?s (<urn:ipas-test:link>|!<urn:ipas-test:none>)* ?o }"),
        (
            "path-inverse",
            "SELECT ?s ?o WHERE { ?o ^<urn:ipas-test:link>/<urn:ipas-test:alias> ?s }",
        ),
        ("catalog", f"SELECT ?s ?p ?o WHERE {{ GRAPH <{catalog}> {{ ?s ?p ?o }} }}"),
        ("from-catalog", f"SELECT ?s ?p ?o FROM <{catalog}> WHERE {{ ?s ?p ?o }}"),
        ("types", "SELECT DISTINCT ?t WHERE { ?s a ?t }"),
        ("construct", "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"),
    ]
    for i, graph in enumerate(graphs):
        for j, iri in enumerate(iri_variants(graph)):
            tag = f"{i}.{j}"
            out += [
                (f"graph-iri-{tag}", f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"),
                (f"from-{tag}", f"SELECT ?s ?p ?o FROM <{iri}> WHERE {{ ?s ?p ?o }}"),
                (
                    f"from-named-{tag}",
                    f"SELECT ?g ?s FROM NAMED <{iri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                ),
            ]
        out += [
            (
                f"values-g-{i}",
                f"SELECT ?g ?s WHERE {{ VALUES ?g {{ <{graph}> }} GRAPH ?g {{ ?s ?p ?o }} }}",
            ),
            (f"ask-graph-{i}", f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
            (
                f"count-graph-{i}",
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
            ),
            (
                f"exists-graph-{i}",
                f"SELECT ?x WHERE {{ BIND(1 AS ?x) "
                f"FILTER EXISTS {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} }}",
            ),
            (
                f"bind-graph-{i}",
                f"SELECT ?s WHERE {{ BIND(<{graph}> AS ?g) GRAPH ?g {{ ?s ?p ?o }} }}",
            ),
            (
                f"inferred-{i}",
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}/inferred> {{ ?s ?p ?o }} }}",
            ),
        ]
    for k, entity in enumerate(entities):
        out += [
            (f"describe-{k}", f"DESCRIBE <{entity}>"),
            (f"about-{k}", f"SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }}"),
            (f"ask-about-{k}", f"ASK {{ <{entity}> ?p ?o }}"),
            (f"into-{k}", f"SELECT ?s ?p WHERE {{ ?s ?p <{entity}> }}"),
            (
                f"reach-{k}",
                f"SELECT ?o WHERE {{ <{entity}> "
                "(<urn:ipas-test:link>|^<urn:ipas-test:link>)* ?o }",
            ),
            (f"isiri-{k}", f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(?s = <{entity}>) }}"),
        ]
    return out
