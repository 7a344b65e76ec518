"""docs/architecture.md stays current: every package of the core, and the loaders and API,
has its line in the package table."""

from __future__ import annotations

from ipas.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "architecture.md"


def test_every_core_package_is_described() -> None:
    text = DOC.read_text(encoding="utf-8")
    packages = sorted(p.name for p in (PROJECT_ROOT / "ipas").iterdir()
                      if p.is_dir() and not p.name.startswith(("_", ".")))
    assert len(packages) >= 10  # the walk saw the core
    missing = [name for name in packages if f"| `ipas.{name}` |" not in text]
    assert not missing, f"docs/architecture.md has no line for: {missing}"
    assert "| `loaders` |" in text and "| `api` |" in text


def test_readme_links_the_architecture_and_nothing_outside_the_repo() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/architecture.md)" in readme
    assert "](../" not in readme  # a user's clone has no ../shared
