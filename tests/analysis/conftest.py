"""The demo store as ``ipas demo`` builds it (real pipeline, reasoning on), shared by the
analysis tests, with tokens for an admin, an HSI analyst cleared for RED and a GT-TCIU partner."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipas.cli.main import cli
from ipas.security.markings import ALL_MARKINGS
from ipas.security.principal import Role
from ipas.security.tokens import TokenStore
from ipas.settings import PROJECT_ROOT, Settings

BASE = "https://w3id.org/ipas/id/"


@dataclass
class Demo:
    root: Path
    settings: Settings
    tokens: dict[str, str]

    def ipas(self, *args: str) -> tuple[int, str]:
        """Run the real ``ipas`` command on this deployment."""
        result = CliRunner().invoke(cli, ["--store", self.settings.store, "--home",
                                          str(self.settings.home), *args])
        return result.exit_code, result.output


@pytest.fixture(scope="package")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    if not (PROJECT_ROOT / "demo" / "manifest.json").is_file():
        pytest.skip("the bundled demo is absent")
    root = tmp_path_factory.mktemp("analysis-demo")
    settings = Settings(store=str(root / "store"), home=root / "home")
    deployment = Demo(root, settings, {})
    code, output = deployment.ipas("demo")
    assert code == 0, output
    tokens = TokenStore(settings.home / "tokens.json")
    deployment.tokens["admin"] = tokens.create("root", Role.ADMIN)[1]
    deployment.tokens["analyst"] = tokens.create("hsi", Role.ANALYST, markings=ALL_MARKINGS,
                                                 agency="HSI")[1]
    deployment.tokens["partner"] = tokens.create("gt", Role.PARTNER, agency="GT-TCIU")[1]
    yield deployment
