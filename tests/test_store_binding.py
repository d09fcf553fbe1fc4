"""remember_missing_pandas: an absent pandas recorded once; an installed one left alone."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys

import pytest

from monitor.store import binding


def test_absent_pandas_is_recorded_and_import_fails_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "pandas", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    binding.remember_missing_pandas()
    assert "pandas" in sys.modules and sys.modules["pandas"] is None
    with pytest.raises(ImportError):
        import pandas  # noqa: F401


def test_installed_pandas_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "pandas", raising=False)
    spec = importlib.machinery.ModuleSpec("pandas", None)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: spec)
    binding.remember_missing_pandas()
    assert "pandas" not in sys.modules


def test_bound_statements_still_work_after_it() -> None:
    import duckdb

    binding.remember_missing_pandas()
    connection = duckdb.connect()
    connection.execute("CREATE TABLE t (a VARCHAR, b INTEGER)")
    connection.executemany("INSERT INTO t VALUES (?, ?)", [("x", 1), ("y", 2)])
    assert connection.execute("SELECT a FROM t WHERE b = ?", [2]).fetchall() == [("y",)]
