"""The JSON-LD remote-context guard streams the document and judges as the whole-document walk.

The documents are real data: what the ``ofac`` loader makes of the shared OFAC mini list,
written as JSON-LD with an inline context, then given remote contexts where real documents
put them (the top, a scoped context deep inside, an ``@import``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from ipas.cli.main import cli
from ipas.errors import BadInput, Refused
from ipas.ingest import guards
from tests.loaders.loader_run import run

MINI = Path(__file__).resolve().parents[3] / "shared" / "data" / "ofac-watchman" / "mini"

pytestmark = pytest.mark.skipif(not MINI.is_dir(), reason=f"{MINI} is absent (../shared)")


def _document() -> dict[str, Any]:
    records, _, _ = run("ofac", sorted(MINI.glob("*.csv")))
    triples = [t for r in records for t in r.graph.ox()]
    graph = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b"[]")
    return {"@context": {"ipas": "https://w3id.org/ipas/ontology#"}, "@graph": graph}


def _outcome(path: Path, check: Any) -> str:
    try:
        check(path)
    except (Refused, BadInput) as exc:
        return f"{type(exc).__name__}: {exc.message}"
    return "ok"


def _whole(path: Path) -> None:
    """The guard as it was: the whole document parsed, then walked."""
    try:
        document = json.loads(path.read_bytes())
    except ValueError as err:
        raise BadInput(f"not JSON: {err}", source=path.name) from None
    guards._walk_contexts(document, path.name)


def _variants(doc: dict[str, Any]) -> dict[str, Any]:
    last = doc["@graph"][-1]
    scoped = {**doc, "@graph": [*doc["@graph"][:-1], {
        **last, "@context": {"term": {"@id": "urn:t", "@context": "https://example.org/c"}}}]}
    return {
        "inline": doc,
        "remote-top": {**doc, "@context": "https://schema.org/"},
        "remote-in-list": {**doc, "@context": [{"a": "urn:a:"}, "https://schema.org/"]},
        "remote-scoped-at-the-end": scoped,
        "import": {**doc, "@context": {"@import": "https://example.org/c", "a": "urn:a:"}},
        "null-context": {**doc, "@context": [None, {"a": "urn:a:"}]},
        "number-context": {**doc, "@context": 7},
        "list-in-list": {**doc, "@context": [[{"a": "urn:a:"}]]},
        "empty-list": {**doc, "@context": []},
    }


def test_streamed_guard_judges_as_the_whole_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(guards, "_CHUNK", 256)  # the document crosses hundreds of windows
    outcomes = {}
    for name, doc in _variants(_document()).items():
        path = tmp_path / f"{name}.jsonld"
        path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
        assert path.stat().st_size > 100 * 256
        outcomes[name] = _outcome(path, guards.refuse_remote_contexts)
        assert outcomes[name] == _outcome(path, _whole), name
    assert outcomes["inline"] == "ok" and outcomes["empty-list"] == "ok"
    assert outcomes["remote-scoped-at-the-end"].startswith("Refused: remote JSON-LD context")
    assert outcomes["list-in-list"] == "BadInput: a JSON-LD @context must be an object"


def test_remote_context_refused_before_the_rest_is_read(tmp_path: Path) -> None:
    """A remote context at the top is refused as it is read: a document cut off further on
    (no longer JSON) is refused for its context, where the whole-document guard had to read
    to the end and called it "not JSON"."""
    text = json.dumps({**_document(), "@context": "https://schema.org/"})
    path = tmp_path / "cut.jsonld"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    assert _outcome(path, guards.refuse_remote_contexts).startswith("Refused: remote JSON-LD")
    assert _outcome(path, _whole).startswith("BadInput: not JSON")
    broken = tmp_path / "broken.jsonld"
    broken.write_text('{"@graph": [\n{"@id": "urn:a"},,\n]}', encoding="utf-8")
    with pytest.raises(BadInput, match="not JSON") as err:
        guards.refuse_remote_contexts(broken)
    assert err.value.detail.get("line") == 2  # the exact place, from json, as before


def test_ipas_load_jsonld_with_inline_and_remote_contexts(tmp_path: Path) -> None:
    variants = _variants(_document())
    env = {"IPAS_STORE": str(tmp_path / "store"), "IPAS_HOME": str(tmp_path / "home")}
    runner = CliRunner()
    good = tmp_path / "ofac-mini.jsonld"
    good.write_text(json.dumps(variants["inline"]), encoding="utf-8")
    loaded = runner.invoke(cli, ["load", str(good)], env=env)
    assert loaded.exit_code == 0, loaded.output
    text = " ".join(loaded.output.split())
    # The same 943 triples as `ipas load --format ofac` of the mini list commits.
    assert "943 triples committed" in text and "0 quarantined" in text, text
    bad = tmp_path / "ofac-mini-scoped.jsonld"
    bad.write_text(json.dumps(variants["remote-scoped-at-the-end"]), encoding="utf-8")
    refused = runner.invoke(cli, ["load", str(bad)], env=env)
    assert refused.exit_code != 0
    assert "remote JSON-LD context 'https://example.org/c' is refused" in " ".join(
        refused.output.split())
