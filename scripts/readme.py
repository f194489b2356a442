"""Regenerate the README's generated sections from the app itself.

    python scripts/readme.py          # rewrite README.md in place
    python scripts/readme.py --check  # exit 1 if README.md is out of date (CI, tests)

A section is the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`.
Command output is real output of the installed `planner`, so examples never drift.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# no COLUMNS: output to a pipe is one line per row, as wide as it is (a README scrolls sideways)
ENV = {
    **{k: v for k, v in os.environ.items() if k != "COLUMNS"},
    "NO_COLOR": "1",
    "TERM": "dumb",
    "PLANNER_LIBRARY": "",
}


def planner(*args: str, head: int | None = None, cwd: Path = ROOT, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "planner", *args], capture_output=True, text=True, env=env or ENV, check=False, cwd=cwd
    )
    lines = result.stdout.rstrip("\n").splitlines()
    if head is not None and len(lines) > head:
        lines = [*lines[:head], "..."]
    body = "\n".join(line.rstrip() for line in lines)
    return f"```console\n$ planner {' '.join(_quote(a) for a in args)}\n{body}\n```"


# sections made inside a walkthrough (<!-- walkthrough: NAME --> ... <!-- /walkthrough: NAME -->):
# the walkthrough's ```sh lines run first, in order, in a fresh folder with a log of its own
WALKTHROUGH = {
    "log-progress": ("progress", "plan.toml"),
    "log-next": ("next", "plan.toml"),
    "log-history": ("history", "barbell-bench-press"),
}
FIXTURES = ROOT / "tests" / "fixtures" / "log"  # the files a walkthrough's folder starts with


def walkthroughs(text: str) -> dict[str, str]:
    """The console blocks of every walkthrough's generated sections, made by running it."""
    out: dict[str, str] = {}
    spans = re.findall(r"<!-- walkthrough: ([\w-]+) -->(.*?)<!-- /walkthrough: \1 -->", text, flags=re.S)
    for _, body in spans:
        with tempfile.TemporaryDirectory(prefix="planner-readme-") as tmp:
            work, env = _folder(Path(tmp))
            for sh, section in re.findall(r"^```sh\n(.*?)^```|<!-- generated:([\w-]+) -->", body, flags=re.M | re.S):
                if section:
                    out[section] = planner(*WALKTHROUGH[section], cwd=work, env=env)
                    continue
                for line in _lines(sh):
                    done = subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True)
                    if done.returncode != 0:
                        raise SystemExit(f"README.md walkthrough: {line}\n{done.stderr}")
    return out


def _folder(tmp: Path) -> tuple[Path, dict[str, str]]:
    """A folder with the fixtures, a home of its own and `planner` on PATH, as tests/test_readme.py makes."""
    work = tmp / "work"
    shutil.copytree(FIXTURES, work)
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "planner"
    launcher.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m planner "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    home = tmp / "home"
    env = {
        **ENV,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PLANNER_CACHE_DIR": str(home / ".cache" / "planner"),
    }
    env.pop("PLANNER_DB", None)
    return work, env


def _lines(block: str) -> list[str]:
    """A ```sh block's command lines: continuations joined, comments left off."""
    out, current = [], ""
    for raw in block.splitlines():
        line = raw.rstrip()
        if line.endswith("\\"):
            current += line[:-1].strip() + " "
            continue
        joined = re.sub(r"\s{2,}# .*$", "", current + line.strip())
        current = ""
        if joined:
            out.append(joined)
    return out


def _quote(arg: str) -> str:
    return f'"{arg}"' if " " in arg else arg


def commands() -> str:
    from planner.cli import app

    rows = ["| command | what it does |", "| --- | --- |"]
    entries = [(info.name, info.callback) for info in app.registered_commands]
    for group in app.registered_groups:
        sub = group.typer_instance
        entries += [(f"{group.name} {info.name}", info.callback) for info in sub.registered_commands] if sub else []
    for name, callback in entries:
        label = name or (callback.__name__ if callback else "")
        doc = (callback.__doc__ or "").strip().split("\n\n")[0] if callback else ""
        rows.append(f"| `planner {label}` | {' '.join(doc.split())} |")
    return "\n".join(rows)


def exit_codes() -> str:
    from planner.errors import MEANINGS

    rows = ["| code | meaning |", "| --- | --- |"]
    rows += [f"| {int(code)} | {meaning} |" for code, meaning in MEANINGS.items()]
    return "\n".join(rows)


def coverage() -> str:
    from planner.coverage import PROFILES, available, in_block, ladders, linked_share, requirements
    from planner.library import library_sources, load_library
    from planner.vocab import BLOCK_ORDER, LEVELS, builtin_vocab

    vocab = builtin_vocab()
    lib = load_library(library_sources(env={}), use_cache=False)
    exercises = lib.sorted()
    levels = {level: sum(ex.level == level for ex in exercises) for level in LEVELS}
    linked = linked_share(exercises)
    lines = [
        f"{len(exercises)} exercises: " + ", ".join(f"{n} {level}" for level, n in levels.items()) + ". "
        f"{linked:.0%} of them have an easier or a harder variation, in "
        f"{len(ladders(exercises))} easier-to-harder ladders of three rungs or more.",
        "",
        "Cards per equipment profile and block (a card counts in every block it suits):",
        "",
        "| profile | cards | " + " | ".join(BLOCK_ORDER) + " |",
        "| --- | --- |" + " --- |" * len(BLOCK_ORDER),
    ]
    for profile in PROFILES:
        pool = available(exercises, vocab, profile)
        counts = " | ".join(str(len(in_block(pool, b))) for b in BLOCK_ORDER)
        lines.append(f"| {profile} | {len(pool)} | {counts} |")
    reqs = requirements(exercises, vocab)
    lines += [
        "",
        "What each profile must offer, found / needed (accessories count cards with the muscle as a primary "
        "muscle; `tests/test_library_coverage.py` enforces every cell):",
        "",
        "| requirement | " + " | ".join(PROFILES) + " |",
        "| --- |" + " --- |" * len(PROFILES),
    ]
    for what in dict.fromkeys(r.what for r in reqs if r.profile in PROFILES):
        cells = []
        for profile in PROFILES:
            match = [r for r in reqs if r.profile == profile and r.what == what]
            cells.append(match[0].cell() if match else "")
        lines.append(f"| {what} | " + " | ".join(cells) + " |")
    lines += ["", "| library-wide | found / needed |", "| --- | --- |"]
    lines += [f"| {r.what} | {r.cell()} |" for r in reqs if r.profile == "library"]
    return "\n".join(lines)


SECTIONS: dict[str, Callable[[], str]] = {
    "commands": commands,
    "example-list": lambda: planner("list", "--muscle", "glutes", "--primary", "--equipment", "bodyweight"),
    "example-show": lambda: planner("show", "lying-alternate-hip-extension", head=40),
    "example-muscles": lambda: planner("muscles", head=12),
    "example-plan": lambda: planner("plan", head=24),
    "example-progressions": lambda: planner("progressions", "--exercise", "lying-alternate-hip-extension", head=13),
    "coverage": coverage,
    "exit-codes": exit_codes,
}


def render(text: str) -> str:
    walked = walkthroughs(text)

    def replace(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in walked:
            return f"<!-- generated:{name} -->\n{walked[name]}\n<!-- /generated:{name} -->"
        if name not in SECTIONS:
            raise SystemExit(f"README.md: unknown generated section {name!r}")
        return f"<!-- generated:{name} -->\n{SECTIONS[name]()}\n<!-- /generated:{name} -->"

    return re.sub(r"<!-- generated:([\w-]+) -->.*?<!-- /generated:\1 -->", replace, text, flags=re.S)


def main() -> None:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            import difflib

            diff = difflib.unified_diff(current.splitlines(), fresh.splitlines(), "README.md", "generated", lineterm="")
            shown = "\n".join(list(diff)[:40])
            sys.stderr.write(f"README.md is out of date: run `python scripts/readme.py`\n{shown}\n")
            raise SystemExit(1)
        return
    README.write_text(fresh, encoding="utf-8")


if __name__ == "__main__":
    main()
