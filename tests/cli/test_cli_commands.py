"""The ``ipas`` commands end to end on a real on-disk store, with their exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Invoke = Callable[..., Result]

GOOD = '@prefix e: <urn:ex:> .\ne:ana a e:Person ; e:name "Ana" .\ne:org e:label "Org" .\n'
MIXED = GOOD + "e:bob a e:Person .\n"


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_load_exit_codes(ipas: Invoke, tmp_path: Path) -> None:
    assert ipas("load", write(tmp_path, "good.ttl", GOOD), "--marking", "green").exit_code == 0
    mixed = ipas("load", write(tmp_path, "mixed.ttl", MIXED))
    assert mixed.exit_code == 1
    assert "mixed.ttl:4" in mixed.output and "a person needs a name" in mixed.output
    bad = ipas("load", write(tmp_path, "bad.ttl", GOOD + "e:x e:y .\n"))
    assert bad.exit_code == 2 and "bad.ttl:4:" in bad.output
    unknown = ipas("load", write(tmp_path, "notes.docx", "x"))
    assert unknown.exit_code == 2 and ".ttl" in unknown.output
    fmt = ipas("load", write(tmp_path, "g.ttl", GOOD), "--format", "nonesuch")
    assert fmt.exit_code == 2 and "supported formats" in fmt.output
    marking = ipas("load", write(tmp_path, "g.ttl", GOOD), "--marking", "PURPLE")
    assert marking.exit_code == 2
    assert ipas("load", str(tmp_path / "absent.ttl")).exit_code == 2


def test_validate_reports_and_writes_nothing(ipas: Invoke, tmp_path: Path) -> None:
    result = ipas("validate", write(tmp_path, "mixed.ttl", MIXED))
    assert result.exit_code == 1 and "would be quarantined" in result.output
    assert ipas("validate", write(tmp_path, "good.ttl", GOOD)).exit_code == 0
    listed = ipas("batches", "list", "--json")
    assert listed.exit_code == 0 and json.loads(listed.output) == []


def test_query_formats(ipas: Invoke, tmp_path: Path) -> None:
    ipas("load", write(tmp_path, "good.ttl", GOOD))
    query = "SELECT ?n WHERE { ?s <urn:ex:name> ?n }"
    as_json = ipas("query", "-", "--format", "json", input=query)
    assert as_json.exit_code == 0
    doc = json.loads(as_json.output)
    assert doc["head"]["vars"] == ["n"] and doc["results"]["bindings"][0]["n"]["value"] == "Ana"
    as_csv = ipas("query", write(tmp_path, "q.rq", query), "--format", "csv")
    assert as_csv.output.splitlines() == ["n", "Ana"]
    table = ipas("query", "-", input=query)
    assert "Ana" in table.output and "1 row(s)" in table.output
    graph = ipas("query", "-", "--format", "json", input="CONSTRUCT WHERE { ?s ?p 'Ana' }")
    assert "urn:ex:ana" in graph.output
    bad = ipas("query", "-", input="SELEC ?x {}")
    assert bad.exit_code == 2 and "1:" in bad.output
    assert ipas("query", str(tmp_path / "absent.rq")).exit_code == 2


def test_batches_and_quarantine(ipas: Invoke, tmp_path: Path) -> None:
    ipas("load", write(tmp_path, "mixed.ttl", MIXED), "--agency", "HSI",
         "--shared-with", "MX", "--reliability", "b", "--credibility", "2")
    (entry,) = json.loads(ipas("batches", "list", "--json").output)
    assert (entry["agency"], entry["shared_with"], entry["reliability"]) == ("HSI", ["MX"], "B")
    shown = json.loads(ipas("batches", "show", entry["id"]).output)
    assert shown["quarantined"] == 1 and shown["records"] == 2
    assert entry["id"] in ipas("quarantine", "list").output
    held = json.loads(ipas("quarantine", "show", entry["id"], "--json").output)
    assert held[0]["line"] == 4 and held[0]["record_id"] == "urn:ex:bob"
    assert ipas("batches", "retract", entry["id"]).exit_code == 0
    assert json.loads(ipas("batches", "list", "--json").output) == []
    assert ipas("batches", "show", "no-such-batch").exit_code == 2


def test_stats_and_export(ipas: Invoke, tmp_path: Path) -> None:
    ipas("load", write(tmp_path, "good.ttl", GOOD))
    (entry,) = json.loads(ipas("batches", "list", "--json").output)
    stats = json.loads(ipas("stats").output)
    assert stats["triples_per_graph"][entry["graph"]] == 3
    out = tmp_path / "out.ttl"
    assert ipas("export", "--graph", entry["graph"], "--format", "turtle", "-o", str(out)
                ).exit_code == 0
    assert "urn:ex:ana" in out.read_text()
    assert ipas("export", "--format", "turtle").exit_code == 2  # a triple format needs a graph


def test_demo_manifest_and_if_empty(ipas: Invoke, tmp_path: Path) -> None:
    write(tmp_path, "people.ttl", GOOD)
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps([{"path": "people.ttl", "marking": "TLP:GREEN",
                                     "agency": "HSI", "source": "demo people",
                                     "reliability": "A", "credibility": 1,
                                     "sharedWith": ["GT-TCIU"]}]))
    assert ipas("demo", "--manifest", str(manifest)).exit_code == 0
    (entry,) = json.loads(ipas("batches", "list", "--json").output)
    assert (entry["source"], entry["credibility"], entry["shared_with"]) == (
        "demo people", "1", ["GT-TCIU"])
    again = ipas("demo", "--if-empty", "--manifest", str(manifest))
    assert again.exit_code == 0 and "not loaded" in again.output
    assert len(json.loads(ipas("batches", "list", "--json").output)) == 1


def test_installed_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "ipas"
    assert script.is_file(), "the ipas console script is not installed"
    env = {**os.environ, "IPAS_STORE": str(tmp_path / "store"), "IPAS_HOME": str(tmp_path)}
    help_run = subprocess.run([script, "--help"], capture_output=True, text=True, env=env)
    assert help_run.returncode == 0 and "load" in help_run.stdout
    stats = subprocess.run([script, "stats"], capture_output=True, text=True, env=env)
    assert stats.returncode == 0 and json.loads(stats.stdout)["triples"] == 0
    usage = subprocess.run([script, "load"], capture_output=True, text=True, env=env)
    assert usage.returncode == 2


def test_reads_work_beside_a_running_writer(ipas: Invoke, tmp_path: Path) -> None:
    from ipas.store.oxigraph import OxigraphStore

    assert ipas("load", write(tmp_path, "good.ttl", GOOD)).exit_code == 0
    server = OxigraphStore(Path(os.environ["IPAS_STORE"]))  # stands in for `ipas serve`
    try:
        listed = ipas("batches", "list", "--json")
        assert listed.exit_code == 0 and len(json.loads(listed.output)) == 1
        blocked = ipas("load", write(tmp_path, "more.ttl", MIXED))
        assert blocked.exit_code == 2 and "open for writing" in blocked.output
    finally:
        server.close()


def test_load_counts_what_it_left_out(ipas: Invoke) -> None:
    """Objects a format's loader does not map are listed, then counted by kind of reason."""
    bundle = Path(__file__).resolve().parent.parent / "data" / "loaders" / "stix" / (
        "unmodelled.json")
    result = ipas("load", str(bundle), "--format", "stix", "--no-reason")
    assert result.exit_code == 1
    summary = result.output.split("quarantined by reason:\n", 1)[1].splitlines()
    assert "        1  STIX x-fict-case objects have no counterpart in the ontology" in summary
    assert len(summary) == 2
