"""Keeps DuckDB's parameter binding from searching for pandas on every call.

DuckDB's Python client tries `import pandas` each time it binds a parameter (to recognise a
DataFrame). Where pandas is not installed the failed import is not remembered, so every bound
statement walks `sys.path` again: about 2 s of a 30 s drain of 160 articles in the 5 % matching
cycle of bench/bench_matchcycle.py. Recording the absence once makes each later attempt fail at
once. Where pandas is installed nothing changes.
"""

from __future__ import annotations

import importlib.util
import sys


def remember_missing_pandas() -> None:
    """Marks pandas as absent in `sys.modules` when it cannot be imported (idempotent)."""
    if "pandas" not in sys.modules and importlib.util.find_spec("pandas") is None:
        sys.modules["pandas"] = None  # type: ignore[assignment]
