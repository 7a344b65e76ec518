"""The projection as files analysts open elsewhere: GraphML, GEXF, Cytoscape JSON, i2 CSV.

Every node and edge carries its TLP marking (and the graph its strictest one), its batches
and, for edges, grade, dates and the reports behind it. GraphML and GEXF are written by
networkx (Gephi reads both); the i2 Analyst's Notebook pair is two CSV files, entities and
links, for its import wizard, zipped together. CSV cells a spreadsheet would run as a formula
are prefixed with ``'``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import networkx as nx

from ipas.analysis.grading import grade_text, strictest
from ipas.analysis.projection import Edge, Projection
from ipas.errors import BadInput

#: format -> (media type, file name)
FORMATS = {
    "graphml": ("application/graphml+xml", "ipas-graph.graphml"),
    "gexf": ("application/gexf+xml", "ipas-graph.gexf"),
    "cytoscape": ("application/json", "ipas-graph.cyjs"),
    "i2": ("application/zip", "ipas-i2.zip"),
}
I2_ENTITY_COLUMNS = ["Entity ID", "Entity Type", "Label", "Category", "Marking", "Batches"]
I2_LINK_COLUMNS = ["Link ID", "From ID", "To ID", "Link Type", "Start Date", "End Date",
                   "Grade", "Marking", "Batch", "Source", "Evidence"]


def _edge_attrs(projection: Projection, edge: Edge) -> dict[str, str]:
    batch = projection.facts.batches.get(edge.graph)
    return {"kind": edge.kind, "link": edge.link or "", "batch": batch.id if batch else "",
            "batch_source": batch.source if batch else "", "grade": grade_text(edge.grade) or "",
            "marking": edge.marking, "start": edge.start or "", "end": edge.end or "",
            "evidence": " ".join(edge.reports)}


def _edge_id(n: int) -> str:
    return f"e{n}"


def marking_of(projection: Projection) -> str:
    """The strictest marking of any element (the export as a whole)."""
    marks = [n.marking for n in projection.nodes.values()]
    marks += [e.marking for e in projection.edges.values()]
    return strictest(marks) if marks else "TLP:CLEAR"


def to_networkx(projection: Projection) -> nx.MultiDiGraph:
    """A networkx multigraph of the projection, attributes as strings (for GraphML, GEXF)."""
    graph = nx.MultiDiGraph(marking=marking_of(projection))
    for iri, node in projection.nodes.items():
        graph.add_node(iri, label=node.label, category=node.category,
                       types=" ".join(node.types), marking=node.marking,
                       batches=" ".join(node.batches))
    for n, edge in enumerate(sorted(projection.edges.values(), key=Edge.key_text)):
        graph.add_edge(edge.src, edge.dst, key=_edge_id(n), **_edge_attrs(projection, edge))
    return graph


def cytoscape(projection: Projection) -> dict[str, Any]:
    """Cytoscape.js JSON (``elements.nodes`` / ``elements.edges``, each with ``data``)."""
    nodes = [{"data": {"id": iri, "value": iri, "label": n.label, "category": n.category,
                       "types": list(n.types), "marking": n.marking,
                       "batches": list(n.batches)}} for iri, n in projection.nodes.items()]
    edges = []
    for n, edge in enumerate(sorted(projection.edges.values(), key=Edge.key_text)):
        data = {"id": _edge_id(n), "key": _edge_id(n), "source": edge.src, "target": edge.dst,
                **_edge_attrs(projection, edge)}
        data["evidence"] = list(edge.reports)  # type: ignore[assignment]
        edges.append({"data": data})
    # directed/multigraph: what networkx's cytoscape reader needs; Cytoscape.js ignores them
    return {"data": {"name": "IPAS-KG link analysis", "marking": marking_of(projection)},
            "directed": True, "multigraph": True,
            "elements": {"nodes": nodes, "edges": edges}}


def _cell(value: str) -> str:
    """A CSV cell safe from formula injection.

    >>> _cell("=HYPERLINK(1)"), _cell("plain")
    ("'=HYPERLINK(1)", 'plain')
    """
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def i2_csv(projection: Projection) -> tuple[str, str]:
    """The i2 entities and links CSV files (text)."""
    entities, links = io.StringIO(), io.StringIO()
    ew, lw = csv.writer(entities), csv.writer(links)
    ew.writerow(I2_ENTITY_COLUMNS)
    for iri, node in projection.nodes.items():
        ew.writerow([_cell(v) for v in (iri, node.types[0] if node.types else node.category,
                                         node.label, node.category, node.marking,
                                         " ".join(node.batches))])
    lw.writerow(I2_LINK_COLUMNS)
    for n, edge in enumerate(sorted(projection.edges.values(), key=Edge.key_text)):
        a = _edge_attrs(projection, edge)
        lw.writerow([_cell(v) for v in (_edge_id(n), edge.src, edge.dst, a["kind"], a["start"],
                                         a["end"], a["grade"], a["marking"], a["batch"],
                                         a["batch_source"], a["evidence"])])
    return entities.getvalue(), links.getvalue()


def export(projection: Projection, fmt: str) -> bytes:
    """The projection serialized in ``fmt`` (see ``FORMATS``)."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}",
                       field="format")
    if fmt == "cytoscape":
        return json.dumps(cytoscape(projection), ensure_ascii=False, indent=1).encode()
    if fmt == "i2":
        entities, links = i2_csv(projection)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("entities.csv", entities)
            archive.writestr("links.csv", links)
        return out.getvalue()
    buffer = io.BytesIO()
    graph = to_networkx(projection)
    if fmt == "graphml":
        nx.write_graphml(graph, buffer)
    else:
        nx.write_gexf(graph, buffer)
    return buffer.getvalue()
