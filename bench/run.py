"""planner's benchmarks: ratios of medians against floors measured in the same run.

    python3 bench/run.py                 # the whole table (about 5-10 minutes)
    python3 bench/run.py --quick         # fewer runs, no 10,000-card library
    python3 bench/run.py --write docs/benchmarks.md
    python3 bench/run.py --fedb PATH/exercises.json   # where free-exercise-db is (default: looked for)

Every command runs as a fresh process, as a person would type it. Three floors:
- `python -c "import typer, pydantic"`: the least any Typer + pydantic CLI costs here;
- a raw `tomllib` parse of the same card files: the least any reader of the cards costs;
- `jq` filtering free-exercise-db's raw JSON by muscle: what a person could do without
  planner, against `planner list` over the shipped library plus that data set imported.
  jq is not a dependency of planner: without it (or without the data set), that
  comparison is left out, with a note saying why.
Ratios, not seconds, so results compare across machines; peak memory (max RSS) per
command is read from the kernel with os.wait4. Nothing here is a unit test: targets are
printed next to each ratio for a person to read.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    seconds: float
    peak_mb: float
    floor: str
    ratio: float
    target: float | None


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kB


def measure(cmd: list[str], runs: int, env: dict[str, str], before: list[str] | None = None) -> tuple[float, float]:
    """Median seconds and peak MB over `runs`; `before` runs (unmeasured) ahead of each run."""
    if before is None:
        run_once(cmd, env)  # warm the OS file cache
    times, peaks = [], []
    for _ in range(runs):
        if before is not None:
            subprocess.run(before, check=True, env=env)
        seconds, peak = run_once(cmd, env)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def ratio_to(cmd: list[str], floor: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    """Median seconds and peak MB of `cmd`, and its ratio to `floor`, the two run turn about:
    on a busy machine both see the same load, so the ratio holds when the seconds do not."""
    run_once(cmd, env)
    run_once(floor, env)
    times, floors, peaks = [], [], []
    for _ in range(runs):
        floor_s, _ = run_once(floor, env)
        seconds, peak = run_once(cmd, env)
        floors.append(floor_s)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks), statistics.median(times) / statistics.median(floors)


def planner_command() -> list[str]:
    script = Path(sys.executable).parent / "planner"
    return [str(script)] if script.exists() else [sys.executable, "-m", "planner"]


def generate_library(folder: Path, count: int) -> None:
    """`count` cards made from the shipped ones: the same fields and size, new ids and names."""
    from planner.resources import builtin_library_dir

    sources = sorted((builtin_library_dir() / "exercises").glob("*.toml"))
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in sources]
    (folder / "exercises").mkdir(parents=True)
    for n in range(count):
        stem, text = texts[n % len(texts)]
        name_line = next(line for line in text.splitlines() if line.startswith("name = "))
        renamed = text.replace(name_line, name_line[:-1] + f' {n:05d}"', 1)
        (folder / "exercises" / f"{stem}-g{n:05d}.toml").write_text(renamed, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--quick", action="store_true", help="5 runs, libraries of 1,000 only")
    parser.add_argument("--sizes", type=int, nargs="+", help="generated library sizes (default 1,000, 2,000, 10,000)")
    parser.add_argument("--write", type=Path, help="also write the table as Markdown to this file")
    parser.add_argument("--fedb", type=Path, help="free-exercise-db's exercises.json, for the jq comparison")
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs
    sizes = args.sizes or ([1000] if args.quick else [1000, 2000, 10000])

    # a pip install compiles bytecode; an editable checkout (or PYTHONDONTWRITEBYTECODE, set on
    # some machines) would otherwise recompile planner on every run and overstate its cost
    import planner

    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(Path(planner.__file__).parent)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    work = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    cache = work / "cache"
    env = {**os.environ, "XDG_DATA_HOME": str(work / "data"), "PLANNER_CACHE_DIR": str(cache), "PLANNER_LIBRARY": ""}
    planner = planner_command()
    results: list[Result] = []
    notes: list[str] = []
    try:
        floor_cmd = [sys.executable, "-c", "import typer, pydantic"]
        floor_s, floor_mb = measure(floor_cmd, runs, env)
        results.append(Result("floor: python -c 'import typer, pydantic'", floor_s, floor_mb, "-", 1.0, None))
        plan_file = work / "plan.toml"
        subprocess.run([*planner, "plan", "--days", "6", "--weeks", "8", "--equipment", "gym", "--start", "2027-03-22",
                        "--output", str(plan_file)], check=True, env=env, stdout=subprocess.DEVNULL)  # fmt: skip
        commands = [
            ("planner --help", ["--help"], 1.2),
            ("planner list", ["list"], 1.3),
            ("planner list --json", ["list", "--json"], 1.3),
            ("planner list --muscle glutes", ["list", "--muscle", "glutes"], 1.5),
            ("planner show lying-alternate-hip-extension", ["show", "lying-alternate-hip-extension"], None),
            ("planner plan (default: 3 days, 4 weeks)", ["plan"], None),
            (
                "planner plan --days 6 --weeks 8 --equipment gym",
                ["plan", "--days", "6", "--weeks", "8", "--equipment", "gym"],
                1.5,
            ),
            *(
                (f"planner export PLAN --format {fmt}", ["export", str(plan_file), "--format", fmt, *tz], 2.0)
                for fmt in ("md", "ics", "json", "pdf", "html", "fit", "csv", "liftoscript")
                for tz in [["--tz", "UTC"] if fmt == "ics" else []]
            ),
            (  # a plan file rewritten keeping its comments (tomlkit on the pieces that change)
                "planner progress PLAN --weeks 4 (6 days x 8 weeks)",
                ["progress", str(plan_file), "--weeks", "4", "--output", str(work / "longer.toml"), "--force"],
                None,
            ),
        ]
        for name, argv, target in commands:
            seconds, peak, ratio = ratio_to([*planner, *argv], floor_cmd, runs, env)
            results.append(Result(name, seconds, peak, "import", ratio, target))

        log_rows(planner, work, env, runs, floor_cmd, plan_file, results)

        notes += jq_comparison(planner, work, env, runs, args.fedb, results)

        for size in sizes:
            folder = work / f"lib{size}"
            generate_library(folder, size)
            big_runs = max(3, runs // 3) if size >= 10000 else runs
            raw = [sys.executable, "-c",
                   f"import tomllib, pathlib; [tomllib.loads(p.read_text(encoding='utf-8')) for p in pathlib.Path({str(folder)!r}).rglob('*.toml')]"]  # fmt: skip
            raw_s, raw_mb = measure(raw, big_runs, env)
            results.append(Result(f"floor: raw tomllib parse of {size:,} cards", raw_s, raw_mb, "-", 1.0, None))
            wipe = [sys.executable, "-c", f"import shutil; shutil.rmtree({str(cache)!r}, ignore_errors=True)"]
            lib = ["--library", str(folder)]
            cases = [
                (f"list --muscle glutes, {size:,} cards, cold cache", [*planner, *lib, "list", "--muscle", "glutes"], wipe, "tomllib", 1.3),
                (f"list --muscle glutes, {size:,} cards, warm cache", [*planner, *lib, "list", "--muscle", "glutes"], None, "import", 2.5),
                (f"plan 6 days 8 weeks gym, {size:,} cards, cold cache", [*planner, *lib, "plan", "--days", "6", "--weeks", "8", "--equipment", "gym"], wipe, "tomllib", None),
                (f"plan 6 days 8 weeks gym, {size:,} cards, warm cache", [*planner, *lib, "plan", "--days", "6", "--weeks", "8", "--equipment", "gym"], None, "import", 3.0),
            ]  # fmt: skip
            for name, cmd, before, floor_name, target in cases:
                if before is None:  # a warm index: against the import floor, turn about
                    seconds, peak, ratio = ratio_to(cmd, floor_cmd, big_runs, env)
                else:
                    seconds, peak = measure(cmd, big_runs, env, before)
                    ratio = seconds / raw_s
                results.append(Result(name, seconds, peak, floor_name, ratio, target))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    table = render(results, runs) + "".join(f"\n\n{note}" for note in notes)
    print(table)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        args.write.write_text(
            "# Benchmarks\n\nGenerated by `python3 bench/run.py --write docs/benchmarks.md`; "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; load average at the end {load} "
            "(other work on the machine slows the floor and the commands alike, but not evenly).\n\n"
            f"{table}\n",
            encoding="utf-8",
        )


def log_rows(
    planner: list[str],
    work: Path,
    env: dict[str, str],
    runs: int,
    floor: list[str],
    plan_file: Path,
    results: list[Result],
) -> None:
    """The training log: `planner log` of one set (into a log that grows by a set a run), and
    `planner history` over a log of 10,000 sets, each against the import floor."""
    from planner.log.access import working_items
    from planner.plans import read_plan

    session = read_plan(plan_file).weeks[0].sessions[0]
    exercise = working_items(session)[0].exercise
    log_env = {**env, "PLANNER_DB": str(work / "bench.sqlite3")}
    cmd = [*planner, "log", str(plan_file), "--week", "1", "--day", session.day, f"{exercise} 24kg 10 @2"]
    seconds, peak, ratio = ratio_to(cmd, floor, runs, log_env)
    results.append(Result("planner log PLAN (one set)", seconds, peak, "import", ratio, 1.5))
    big = work / "big.json"
    big.write_text(generate_log(10_000), encoding="utf-8")
    big_env = {**env, "PLANNER_DB": str(work / "big.sqlite3")}
    subprocess.run([*planner, "log", "import", str(big)], check=True, env=big_env, stderr=subprocess.DEVNULL)
    cmd = [*planner, "history", "barbell-bench-press"]
    seconds, peak, ratio = ratio_to(cmd, floor, runs, big_env)
    results.append(Result("planner history EXERCISE, a log of 10,000 sets", seconds, peak, "import", ratio, 1.5))


def generate_log(sets: int) -> str:
    """A log export of `sets` sets: sessions every third day, two exercises of five sets
    each, taking turns between a bench press and squat day and a pull-up and curl day."""
    import datetime as dt
    import json

    days = [
        [("barbell-bench-press", "Barbell Bench Press", 60.0), ("barbell-back-squat", "Barbell Back Squat", 80.0)],
        [("pull-up", "Pull-Up", None), ("dumbbell-curl", "Dumbbell Biceps Curl", 12.0)],
    ]
    sessions, n, total = [], 0, 0
    while total < sets:
        entries = []
        for exercise, name, load in days[n % 2]:
            done = []
            for k in range(5):
                one: dict[str, object] = {"reps": 5 + (n + k) % 6, "rir": float((n + k) % 4)}
                if load is not None:
                    one = {"load": load + (n % 40) * 2.5, "unit": "kg", **one}
                done.append(one)
            total += len(done)
            entries.append({"exercise": exercise, "name": name, "note": "", "sets": done})
        date = (dt.date(2020, 1, 6) + dt.timedelta(days=3 * n)).isoformat()
        sessions.append({"date": date, "time": "18:00", "plan": None, "week": None, "day": None, "title": "Gym",
                         "source": "strong", "key": f"strong:{date}/Gym", "note": "", "entries": entries})  # fmt: skip
        n += 1
    return json.dumps({"format": "planner-log", "version": 1, "sessions": sessions})


def find_fedb(given: Path | None) -> Path | None:
    """free-exercise-db's exercises.json: --fedb, else next to the checkout (../shared/data
    or ../../shared/data, where a worktree keeps it)."""
    if given is not None:
        return given if given.is_file() else None
    for base in (ROOT.parent, ROOT.parent.parent):
        candidate = base / "shared" / "data" / "free-exercise-db" / "exercises.json"
        if candidate.is_file():
            return candidate
    return None


def jq_comparison(
    planner: list[str], work: Path, env: dict[str, str], runs: int, fedb: Path | None, results: list[Result]
) -> list[str]:
    """`planner list --muscle glutes` (table and JSON) over the shipped library plus
    free-exercise-db imported, against jq filtering the raw data set by the same muscle.
    Returns notes: why the comparison was left out, or what it compares."""
    jq = shutil.which("jq")
    data = find_fedb(fedb)
    if jq is None:
        return ["The jq comparison is left out: jq is not installed (Debian: `apt-get install jq`)."]
    if data is None:
        return ["The jq comparison is left out: free-exercise-db's exercises.json was not found (pass --fedb PATH)."]
    folder = work / "fedb"
    subprocess.run([*planner, "import", "free-exercise-db", str(data), "--into", str(folder)],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    cards = len(list(folder.glob("*.toml"))) + len(list((ROOT / "library" / "exercises").glob("*.toml")))
    # the same question of both: every exercise that works the glutes, as primary or secondary muscle
    raw = [jq, '[.[] | select((.primaryMuscles + .secondaryMuscles) | index("glutes"))]', str(data)]
    jq_s, jq_mb = measure(raw, runs, env)
    results.append(Result(f"floor: jq filtering {data.name} by muscle", jq_s, jq_mb, "-", 1.0, None))
    lib = ["--library", str(folder)]
    for name, extra, target in (("list", [], 2.0), ("list --json", ["--json"], None)):
        cmd = [*planner, *lib, "list", "--muscle", "glutes", *extra]
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm the index
        seconds, peak, ratio = ratio_to(cmd, raw, runs, env)
        results.append(
            Result(
                f"{name} --muscle glutes, {cards:,} cards (shipped + free-exercise-db)",
                seconds,
                peak,
                "jq",
                ratio,
                target,
            )
        )
    return [
        f"jq: {subprocess.run([jq, '--version'], capture_output=True, text=True, check=False).stdout.strip()}; "
        f"the jq rows compare `planner list` over the shipped library plus free-exercise-db imported ({cards:,} cards, "
        "warm index) with jq selecting the same exercises from the data set's raw JSON."
    ]


def render(results: list[Result], runs: int) -> str:
    lines = [
        f"Medians of {runs} runs (3 or more for 10,000 cards). Ratio = median / the floor named, measured in the same run;"
        " a command and its floor (import or jq) run turn about, so that a busy machine weighs on both alike.",
        "",
        "A cold cache means every card is read and validated, from 300 cards on by worker processes, one per core;"
        " peak memory is the largest of the command and its workers (the kernel's maximum resident set size).",
        "",
        "| command | median | peak memory | ratio | floor | target | met |",
        "| --- | ---: | ---: | ---: | --- | ---: | --- |",
    ]
    for r in results:
        target = f"<= {r.target}x" if r.target else ""
        met = "" if r.target is None else ("yes" if r.ratio <= r.target else "**no**")
        ratio = "" if r.floor == "-" else f"{r.ratio:.2f}x"
        lines.append(
            f"| {r.name} | {r.seconds * 1000:.0f} ms | {r.peak_mb:.0f} MB | {ratio} | {r.floor} | {target} | {met} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main()
