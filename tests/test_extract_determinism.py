"""One analysis per document: the same text, watchlists and known actors give the same result in any order
and in any process. The corpus (tests/corpus) is extracted forward and backward, in processes with different
hash seeds, and every file's records must be equal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from .conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"


def _extract(paths: list[Path], hash_seed: str) -> dict[str, list[dict[str, Any]]]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run([sys.executable, "-m", "monitor", "extract", "--format", "jsonl", *map(str, paths)],
                            capture_output=True, text=True, check=True, cwd=ROOT, env=env, timeout=600)
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in result.stdout.splitlines():
        record = json.loads(line)
        by_file[Path(record.pop("path")).name].append(record)
    return by_file


def test_the_corpus_extracts_the_same_in_any_order_and_process() -> None:
    paths = sorted(CORPUS.glob("*.txt"))
    assert len(paths) == 37
    forward = _extract(paths, "1")
    backward = _extract(paths[::-1], "2")
    assert set(forward) == {path.name for path in paths}
    for name, records in forward.items():
        assert records == backward[name], name
    assert sum(1 for records in forward.values() for r in records if r["kind"] == "figure") > 200
