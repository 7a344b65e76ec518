"""The store users actually run: the demo as ``ipas demo`` builds it (validation and OWL RL
reasoning on), built once per test session through the real CLI, and the scopes the real
access control gives each kind of caller on it.

Tests of saved queries, of the demo README's answers and of the REST views read this store,
not a hand-assembled graph, so what they check is what ``make run`` serves.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ipas.access import build_access_control
from ipas.cli.main import cli
from ipas.security.principal import Principal
from ipas.settings import Settings
from ipas.store.base import Scope, Store
from ipas.store.oxigraph import OxigraphStore


def build_demo(root: Path) -> Settings:
    """``ipas demo --strict`` into ``root/store`` (state in ``root/home``); its settings."""
    settings = Settings(store=str(root / "store"), home=root / "home")
    result = CliRunner().invoke(
        cli, ["--store", settings.store, "--home", str(settings.home), "demo", "--strict"],
        catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "inferred" in result.output  # reasoning ran: each batch reports its inferences
    return settings


def open_demo(settings: Settings) -> OxigraphStore:
    """A read-only snapshot of the built demo (the CLI may still open the store itself)."""
    return OxigraphStore(Path(settings.store), read_only=True)


def scope_of(settings: Settings, store: Store, principal: Principal) -> Scope:
    """The graphs the deployment's access control lets ``principal`` read."""
    return build_access_control(settings, store).scope_for(principal)
