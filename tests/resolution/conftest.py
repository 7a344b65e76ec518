"""One store for the resolution tests, built the way a user builds it: ``ipas demo`` (reasoning
on), then the real OFAC mini list and ICIJ mini sample through their loaders, then a partner
intelligence file; all through the real CLI. Markings: OFAC and ICIJ are TLP:GREEN (a partner
reads them); the intelligence file is TLP:AMBER for HSI, shared with nobody.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ipas.cli.main import cli
from ipas.settings import Settings

HERE = Path(__file__).parent
INTEL = HERE / "data" / "partner-intel.ttl"
BASE = "https://w3id.org/ipas/id/"
KHOROSHEV = f"{BASE}party/ofac/48603"
MORENO = f"{BASE}party/ofac/15102"
CHOROSCHEW = f"{BASE}intel/test/choroschew"
INTEL_MORENO = f"{BASE}intel/test/moreno"
NAMESAKE = f"{BASE}intel/test/moreno-namesake"

Invoke = Callable[..., Result]


def invoker(store: Path, home: Path) -> Invoke:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        result = runner.invoke(cli, ["--store", str(store), "--home", str(home), *args],
                               catch_exceptions=False)
        return result

    return invoke


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    shared = (Path(__file__).resolve().parents[2].parent / "shared").resolve()
    if not shared.is_dir():
        pytest.skip(f"../shared is absent ({shared}): the resolution tests load real OFAC/ICIJ")
    root = tmp_path_factory.mktemp("resolution")
    store, home = root / "store", root / "home"
    invoke = invoker(store, home)
    assert invoke("demo").exit_code == 0
    ofac = sorted(str(p) for p in (shared / "data/ofac-watchman/mini").glob("*.csv"))
    icij = sorted(str(p) for p in (shared / "data/icij-offshoreleaks/panama-2016-mini-EDITED")
                  .glob("*.csv"))
    for args in ((*ofac, "--format", "ofac", "--agency", "OFAC"),
                 (*icij, "--format", "icij", "--agency", "ICIJ")):
        result = invoke("load", *args, "--marking", "TLP:GREEN")
        assert result.exit_code in (0, 1), result.output  # 1: some records quarantined
    result = invoke("load", str(INTEL), "--marking", "TLP:AMBER", "--agency", "HSI")
    assert result.exit_code == 0, result.output
    return store, home


@pytest.fixture
def world(built_store: tuple[Path, Path], tmp_path: Path) -> tuple[Invoke, Settings]:
    """A private copy of the built store (tests decide, undo and compare freely)."""
    store, home = tmp_path / "store", tmp_path / "home"
    shutil.copytree(built_store[0], store)
    shutil.copytree(built_store[1], home)
    return invoker(store, home), Settings(store=str(store), home=home)
