"""Run every benchmark in this folder (``bench/*_bench.py``), each in its own
Python process (each sets up Django and its own temporary database), one
after the other, in name order. ``make bench`` runs this.

    .venv/bin/python bench/run.py [NAME …]   # e.g. search: only search_bench.py

Exits non-zero if any benchmark failed; the others still run.
"""
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names):
    scripts = sorted(HERE.glob("*_bench.py"))
    if names:
        scripts = [s for s in scripts if s.stem.removesuffix("_bench") in names]
    if not scripts:
        sys.exit(f"no benchmarks to run in {HERE}")
    failed = []
    for script in scripts:
        print(f"=== {script.name} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        elapsed = time.perf_counter() - started
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"=== {script.name}: {status} in {elapsed:.0f} s ===\n", flush=True)
        if code:
            failed.append(script.name)
    if failed:
        sys.exit("failed: " + ", ".join(failed))


if __name__ == "__main__":
    main(sys.argv[1:])
