from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
WATCHLISTS = ROOT / "watchlists"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A config.toml and the shipped watchlists in a temp folder, database and alert file inside it."""
    shutil.copytree(WATCHLISTS, tmp_path / "watchlists")
    config = (ROOT / "config.toml").read_text(encoding="utf-8")
    (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    return tmp_path
