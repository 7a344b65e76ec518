"""The floor of our HTTP stack, as a benchmark peer: FastAPI + pyoxigraph and nothing else.

One route, ``GET /sparql?query=...``, runs the query on a pyoxigraph ``Store`` opened
read-only on the same store files as our server (union default graph, as ours reads) and
serializes the solutions with pyoxigraph. No auth, scopes, audit, worker or guard: what is
left is what any FastAPI + pyoxigraph service pays, so ours / this is the cost of our layers.

Run as ``python -m bench.raw_server --store D --port P`` (binds 127.0.0.1 only).
"""

from __future__ import annotations

import argparse

import pyoxigraph as ox
import uvicorn
from fastapi import FastAPI, Query, Response

FORMATS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON}


def build_app(store: ox.Store) -> FastAPI:
    """An app whose only route answers SELECT/ASK queries as SPARQL Results JSON."""
    app = FastAPI()

    @app.get("/sparql")
    def sparql(query: str = Query(...)) -> Response:  # sync: FastAPI runs it in its threadpool
        results = store.query(query, use_default_graph_as_union=True)
        if isinstance(results, ox.QueryTriples):  # CONSTRUCT/DESCRIBE: not benchmarked
            return Response(status_code=400)
        body = results.serialize(format=ox.QueryResultsFormat.JSON)
        return Response(body, media_type="application/sparql-results+json")

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(build_app(ox.Store.read_only(args.store)), host="127.0.0.1", port=args.port,
                log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
