"""``ftm``: FollowTheMoney entities (JSON lines) and OpenSanctions delta streams.

A plain export streams one record per entity. Delta operations (ADD, MOD, DEL) are applied in
publication order within the load, so that one batch holds each entity's latest state; a MOD
or DEL record names the entity in ``Record.retractions`` so that the ingest pipeline withdraws
what earlier batches of the same source said about it. Load successive releases with the same
``--source`` for that to reach them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

from ipas.sources import Loader, LoadOptions, Record, Rejected, Triples
from loaders.ftm.mapping import entity_iri, map_proxy
from loaders.ftm.stream import EntityOp, read_ops

#: The IRI source segment: FollowTheMoney ids are unique across a dataset's releases.
SOURCE = "ftm"


def _record(op: EntityOp, retract: bool, options: LoadOptions) -> Record | Rejected:
    node = entity_iri(SOURCE, op.entity_id)
    retractions = (node,) if retract else ()
    if op.proxy is None:  # DEL
        return Record(op.position, Triples(), frozenset(), retractions)
    try:
        graph, subjects = map_proxy(op.proxy, SOURCE, op.caption, op.meta, options)
    except ValueError as exc:
        return Rejected(op.position, str(exc))
    return Record(op.position, graph, frozenset(subjects), retractions)


class FtmLoader(Loader):
    """FollowTheMoney JSON lines, mapped through the ontology's FTM alignment."""

    name = "ftm"
    summary = "FollowTheMoney entities (JSON lines) and OpenSanctions ADD/MOD/DEL delta streams"
    extensions: ClassVar[tuple[str, ...]] = (".ftm.json", ".ftm.jsonl", ".delta.json")

    def read(self, paths: Sequence[Path], options: LoadOptions) -> Iterator[Record | Rejected]:
        latest: dict[str, tuple[EntityOp, bool]] = {}  # delta ops: id -> (last op, retract?)
        for op in read_ops(paths, options.encoding):
            if isinstance(op, Rejected):
                yield op
            elif op.delta:
                # The latest operation wins; once an entity was modified or deleted in this
                # stream, its record withdraws what earlier batches said about it.
                earlier = latest.pop(op.entity_id, None)
                retract = op.op != "ADD" or (earlier is not None and earlier[1])
                latest[op.entity_id] = (op, retract)
            else:
                yield _record(op, retract=False, options=options)
        for op, retract in latest.values():
            yield _record(op, retract, options)
