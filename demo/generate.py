"""Write the demo scenario: one Turtle file per handling batch, and demo/manifest.json.

Usage (from the project root)::

    .venv/bin/python demo/generate.py          # (re)write demo/*.ttl and demo/manifest.json
    .venv/bin/python demo/generate.py --check  # exit 1 if the committed files differ

The committed files are what users load (``ipas demo``); this script is how they are made,
seeded so that it always writes the same bytes. tests/demo checks that it still does.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import _bulk  # noqa: E402
import _cast  # noqa: E402
import _finance  # noqa: E402
import _intel  # noqa: E402
import _phases  # noqa: E402
import _smuggling  # noqa: E402
import _weapons  # noqa: E402
import _world  # noqa: E402
from _emit import Doc, iri  # noqa: E402


@dataclass(frozen=True)
class Batch:
    """One file of the demo and how it is handled (the manifest entry)."""

    path: str
    marking: str
    agency: str
    source: str
    reliability: str
    credibility: int
    shared_with: tuple[str, ...]
    title: str

    def entry(self) -> dict[str, object]:
        return {
            "path": self.path,
            "marking": self.marking,
            "agency": self.agency,
            "source": self.source,
            "reliability": self.reliability,
            "credibility": self.credibility,
            "sharedWith": list(self.shared_with),
        }


#: Load order: every file only refers to nodes typed in itself or in a file before it.
BATCHES = [
    Batch("geography.ttl", "TLP:CLEAR", "HSI", "Public gazetteer and agency directory",
          "A", 1, (), "Places, agencies and the demo's pathways"),
    Batch("core.ttl", "TLP:GREEN", "HSI", "HSI Tucson case file, Operation Quetzal Shadow",
          "B", 2, (), "Networks, people, companies, roles and the HSI investigation"),
    Batch("activity.ttl", "TLP:GREEN", "CBP", "CBP and HSI enforcement and seizure records",
          "A", 1, ("HSI",), "Shipments, seizures, interdictions, arrests and court actions"),
    Batch("finance-amber.ttl", "TLP:AMBER", "HSI",
          "Subpoenaed bank records and Bank Secrecy Act filings", "A", 2, (),
          "Transfers and trade transactions"),
    Batch("intel-amber.ttl", "TLP:AMBER", "HSI", "HSI Tucson intelligence reporting",
          "B", 2, (), "Graded HSI intelligence reports"),
    Batch("partner-gt.ttl", "TLP:AMBER", "HSI", "Guatemala TCIU joint reporting", "C", 3,
          ("GT-TCIU",), "Reporting shared with the Guatemalan partner unit"),
    Batch("weapons.ttl", "TLP:AMBER", "ATF", "ATF eTrace and Operation Iron Mirage reporting",
          "B", 2, ("HSI",), "The weapons thread (weapons extension)"),
    Batch("dea-amber-strict.ttl", "TLP:AMBER+STRICT", "DEA",
          "DEA Phoenix Field Division case summary", "B", 2, ("HSI",),
          "DEA's own investigation, shared with HSI for deconfliction"),
    Batch("red.ttl", "TLP:RED", "HSI", "HSI sensitive human source reporting", "B", 2, (),
          "Sensitive-source reporting: the terrorism nexus"),
    # The domain modules' batches (ontology/extensions), after the original nine so that the
    # older questions' answers stay as demo/README.md documents them.
    Batch("rates.ttl", "TLP:CLEAR", "HSI", "Published reference exchange rates (demo values)",
          "A", 1, (), "Reference exchange rates to USD"),
    Batch("smuggling.ttl", "TLP:AMBER", "HSI", "HSI human smuggling and trafficking reporting",
          "B", 2, (), "Stash houses, migrants, fees, trafficking, violence and supply"),
    Batch("ip-theft.ttl", "TLP:AMBER", "HSI", "National IPR Center seizure records", "A", 2,
          (), "Counterfeit consignments and IPR seizures (intellectual-property extension)"),
    Batch("cyber.ttl", "TLP:AMBER", "HSI", "HSI Cyber Crimes Center tracing", "B", 2, (),
          "A ransomware attack and its bitcoin trail (cyber extension)"),
    Batch("money-laundering.ttl", "TLP:AMBER", "HSI", "HSI financial investigations", "B", 2,
          (), "Laundering schemes and typologies (money-laundering extension)"),
    Batch("counter-proliferation.ttl", "TLP:AMBER", "HSI",
          "HSI Counter-Proliferation Investigations", "B", 2, (),
          "Controlled exports diverted to the cartel (counter-proliferation extension)"),
]


def build() -> dict[str, Doc]:
    """Every demo file, by path, built in load order from one seeded generator."""
    rng = random.Random(_bulk.SEED)  # noqa: S311 - reproducible fiction, not security
    docs = {
        b.path: Doc(f"IPAS-KG demo scenario (fictional): {b.title}.\n"
                    f"Batch: {b.marking}, owned by {b.agency}; see demo/README.md.")
        for b in BATCHES
    }
    geo, core, act = docs["geography.ttl"], docs["core.ttl"], docs["activity.ttl"]
    fin, intel = docs["finance-amber.ttl"], docs["intel-amber.ttl"]
    _world.build(geo)
    _cast.build(core)
    crew = _bulk.people(core, rng)
    _bulk.activity(act, fin, rng, crew)
    _bulk.legal(act)
    _bulk.statistics(act)
    _bulk.deposits(fin, rng, crew)
    _finance.build(fin, rng)
    routine = [s for s in core.subjects
               if any(str(s).startswith(str(iri(k, p))) for k, p in
                      (("membership", "vd-"), ("facilitation", "vd-courier"),
                       ("facilitation", "centinelas-guide")))]
    _intel.hsi(intel, rng, routine)
    _intel.partner(docs["partner-gt.ttl"], rng)
    _weapons.build(docs["weapons.ttl"], rng)
    _intel.dea(docs["dea-amber-strict.ttl"])
    _intel.red(docs["red.ttl"])
    _smuggling.rates(docs["rates.ttl"])
    _smuggling.build(docs["smuggling.ttl"])
    _phases.ip_theft(docs["ip-theft.ttl"])
    _phases.cyber(docs["cyber.ttl"])
    _phases.laundering(docs["money-laundering.ttl"], fin)
    _phases.counter_proliferation(docs["counter-proliferation.ttl"])
    return docs


def manifest() -> str:
    body = {
        "name": "IPAS-KG demo scenario: Operation Quetzal Shadow (fictional)",
        "description": "One batch per file, loaded in this order; see demo/README.md.",
        "files": [b.entry() for b in BATCHES],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def outputs() -> dict[str, str]:
    """File name (relative to demo/) -> the exact text the generator writes."""
    out = {path: doc.turtle() for path, doc in build().items()}
    out["manifest.json"] = manifest()
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, text in outputs().items():
        path = HERE / name
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run demo/generate.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
