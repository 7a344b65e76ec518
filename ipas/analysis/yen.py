"""K shortest simple paths (Yen's algorithm) by bidirectional breadth-first search.

igraph has Yen's algorithm, but each of its spur searches explores the whole component; on
the projection's hub-heavy graphs a bidirectional search that stops where the two frontiers
meet is several times faster (measured in ``bench.stage_analysis``), so the paths of k > 1
are found here, over igraph's adjacency lists.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

Adjacency = Sequence[Sequence[int]]


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def shortest(adj: Adjacency, source: int, target: int, banned_nodes: set[int] | None = None,
             banned_edges: set[tuple[int, int]] | None = None) -> list[int] | None:
    """One shortest path (vertex list) avoiding the banned vertices and edges, or ``None``.

    >>> adj = [[1, 2], [0, 3], [0, 3], [1, 2]]
    >>> shortest(adj, 0, 3), shortest(adj, 0, 3, banned_nodes={1}), shortest(adj, 0, 3, {1, 2})
    ([0, 1, 3], [0, 2, 3], None)
    """
    if source == target:
        return [source]
    nodes = banned_nodes or set()
    edges = banned_edges or set()
    pred: dict[int, int | None] = {source: None}
    succ: dict[int, int | None] = {target: None}
    forward, backward = [source], [target]
    while forward and backward:
        grow_forward = len(forward) <= len(backward)
        frontier, seen, other = (forward, pred, succ) if grow_forward else (backward, succ, pred)
        nxt: list[int] = []
        for u in frontier:
            for v in adj[u]:
                if v in seen or v in nodes or (edges and _pair(u, v) in edges):
                    continue
                seen[v] = u
                if v in other:
                    return _join(pred, succ, v)
                nxt.append(v)
        if grow_forward:
            forward = nxt
        else:
            backward = nxt
    return None


def _join(pred: dict[int, int | None], succ: dict[int, int | None], meet: int) -> list[int]:
    path: list[int] = []
    node: int | None = meet
    while node is not None:
        path.append(node)
        node = pred[node]
    path.reverse()
    node = succ[meet]
    while node is not None:
        path.append(node)
        node = succ[node]
    return path


def k_shortest(adj: Adjacency, source: int, target: int, k: int) -> list[list[int]]:
    """Up to ``k`` shortest simple paths, fewest hops first.

    >>> adj = [[1, 2], [0, 3], [0, 3], [1, 2, 4], [3]]
    >>> k_shortest(adj, 0, 4, 3)
    [[0, 1, 3, 4], [0, 2, 3, 4]]
    """
    first = shortest(adj, source, target)
    if first is None:
        return []
    found, seen = [first], {tuple(first)}
    candidates: list[tuple[int, int, list[int]]] = []
    counter = 0
    while len(found) < k:
        last = found[-1]
        for i in range(len(last) - 1):
            root = last[: i + 1]
            banned_edges = {_pair(p[i], p[i + 1]) for p in found
                            if len(p) > i + 1 and p[: i + 1] == root}
            spur = shortest(adj, last[i], target, set(root[:-1]), banned_edges)
            if spur is not None:
                path = root[:-1] + spur
                if tuple(path) not in seen:
                    seen.add(tuple(path))
                    counter += 1
                    heapq.heappush(candidates, (len(path), counter, path))
        if not candidates:
            break
        found.append(heapq.heappop(candidates)[2])
    return found
