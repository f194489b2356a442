"""Benchmarks, reported as ratios against an import floor measured in the same run.

    python3 bench/run.py [--runs N] [--markdown]

Each command runs N times (default 15) as a fresh process, like a person typing it; the
figure is the median wall time divided by the median of the floor,
`python -c "import typer, pydantic"`: the least any Typer + pydantic CLI can cost on this
machine. Ratios, not seconds, so results compare across noisy machines. Nothing here is
a unit test; targets are printed next to each ratio for a person to read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def median_seconds(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)  # warm the OS cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def planner_command() -> list[str]:
    # the console script next to this interpreter: what a user of this environment runs
    script = Path(sys.executable).parent / "planner"
    return [str(script)] if script.exists() else [sys.executable, "-m", "planner"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "PLANNER_CACHE_DIR": str(home / "cache"),
        "PLANNER_LIBRARY": "",
    }
    planner = planner_command()
    cases = [
        ("planner list --muscle glutes", [*planner, "list", "--muscle", "glutes"], 1.5),
    ]
    try:
        floor = median_seconds([sys.executable, "-c", "import typer, pydantic"], args.runs, env)
        rows = []
        for name, cmd, target in cases:
            seconds = median_seconds(cmd, args.runs, env)
            ratio = seconds / floor
            rows.append((name, seconds, ratio, target))
    finally:
        shutil.rmtree(home, ignore_errors=True)

    if args.markdown:
        print(f'Floor `python -c "import typer, pydantic"`: {floor * 1000:.0f} ms (median of {args.runs})\n')
        print("| command | median | ratio to floor | target |")
        print("| --- | --- | --- | --- |")
        for name, seconds, ratio, target in rows:
            print(f"| `{name}` | {seconds * 1000:.0f} ms | {ratio:.2f}x | <= {target}x |")
    else:
        print(f"floor (import typer, pydantic): {floor * 1000:.0f} ms, median of {args.runs} runs")
        for name, seconds, ratio, target in rows:
            flag = "ok" if ratio <= target else "ABOVE TARGET"
            print(f"{name:<40} {seconds * 1000:7.0f} ms  {ratio:5.2f}x  (target <= {target}x, {flag})")


if __name__ == "__main__":
    main()
