"""`python -m bench`: every benchmark, results in bench/RESULTS.md (see bench/run.py)."""

from bench.run import main

main()
