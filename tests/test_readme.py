"""The README is true line by line: its generated sections match the app, and every command
line in it runs as written, in a fresh folder, with what it shows compared where it shows it.

- a ```sh block is run line by line in one folder (a line ending in \\ goes on), through
  bash, so that globs, ~ and > work as they do for the reader; each must exit 0;
- a ```console block's `$ planner ...` is run and its output compared (up to "...");
- an inline `planner ...` with arguments is run; one that only names a command is checked
  to be a command (`--help` works);
- a walkthrough (between `<!-- walkthrough: NAME -->` and its closing comment) runs its
  ```sh lines and ```console commands in order in one folder, as a reader would type them;
- a ```toml block under `<!-- file: PATH -->` is that file of the repository, byte for byte."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FIXTURES = Path(__file__).parent / "fixtures"

# the lines of ```sh blocks that are not planner commands, each run elsewhere (CI installs
# the package and runs the checks); counted, so that a new one is looked at, not skipped
NOT_PLANNER = {
    "python3 -m pip install . && planner plan",
    "python3 -m pip install '.[test]' && python3 -m pytest",
    "python3 -m pip install -e '.[dev]'",
    "python3 -m pytest",
    "ruff check . && ruff format --check src tests scripts bench && mypy",
    "python3 scripts/readme.py",
    "python3 bench/run.py",
    "bash .ci/run",
}


@dataclass(frozen=True)
class Example:
    kind: str  # sh, console or inline
    lines: tuple[str, ...]  # command lines (console: one, the `$ ` taken off; walkthrough: its name)
    output: str = ""  # console: what the README shows under the command
    steps: tuple[Example, ...] = ()  # walkthrough: its sh and console examples, in order

    def __str__(self) -> str:
        return f"{self.kind}: {self.lines[0][:60]}"


WALKTHROUGH = re.compile(r"<!-- walkthrough: ([\w-]+) -->(.*?)<!-- /walkthrough: \1 -->", flags=re.S)


def walkthroughs(text: str) -> list[Example]:
    """Each walkthrough as one example: kind "walkthrough", its steps as sh and console examples."""
    return [
        Example("walkthrough", (name,), steps=tuple(examples(body, inline=False)))
        for name, body in WALKTHROUGH.findall(text)
    ]


def examples(text: str, inline: bool = True) -> list[Example]:
    found: list[Example] = []
    if inline:
        found += walkthroughs(text)
        text = WALKTHROUGH.sub(lambda m: _prose_only(m.group(2)), text)
    for kind, body in re.findall(r"^```(sh|console)\n(.*?)^```", text, flags=re.M | re.S):
        if kind == "console":
            command, _, output = body.partition("\n")
            assert command.startswith("$ planner"), command
            found.append(Example("console", (command[2:],), output.rstrip("\n")))
            continue
        lines = [line for line in _joined(body) if line]
        found.append(Example("sh", tuple(lines)))
    if not inline:
        return found
    prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    for span in dict.fromkeys(re.findall(r"`(planner(?: [^`]*)?)`", prose)):
        found.append(Example("inline", (span,)))
    return found


def _prose_only(body: str) -> str:
    """A walkthrough's text without its code blocks (its inline commands are checked as the rest)."""
    return re.sub(r"^```.*?^```", "", body, flags=re.M | re.S)


def _joined(body: str) -> list[str]:
    """Lines with their continuations joined and comments left off."""
    out, current = [], ""
    for raw in body.splitlines():
        line = raw.rstrip()
        if line.endswith("\\"):
            current += line[:-1].strip() + " "
            continue
        out.append(_uncommented(current + line.strip()))
        current = ""
    return out


def _uncommented(line: str) -> str:
    """The line without a trailing `# comment` (the README's comments follow two spaces)."""
    return re.sub(r"\s{2,}# .*$", "", line)


EXAMPLES = examples(README.read_text(encoding="utf-8"))


def _shell(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A fresh folder with what the README's examples read (card texts, the data set), a
    home of its own, and `planner` on PATH running this checkout's package."""
    work = tmp_path / "work"
    shutil.copytree(FIXTURES / "log", work)  # a profile and a Strong export, for the log's walkthroughs
    shutil.copytree(FIXTURES / "cards", work / "cards")
    shutil.copy(FIXTURES / "free-exercise-db" / "exercises.json", work / "exercises.json")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "planner"
    launcher.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m planner "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k != "COLUMNS"},  # as scripts/readme.py renders the examples
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PLANNER_CACHE_DIR": str(home / ".cache" / "planner"),
        "PLANNER_LIBRARY": "",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "SHELL": "/bin/bash",
    }
    return work, env


SERVING = "planner calendar serve"  # runs until Ctrl-C: run until it says where it serves, then stopped


def _run(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    if line.startswith(SERVING) and not line.endswith("--help"):
        return _serve(line, cwd, env)
    return subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _serve(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The server started as written; exit 0 once it has said where it serves (and was
    stopped), 1 when it ended or fell silent first."""
    import select
    import time

    words = shlex.split(line)
    proc = subprocess.Popen(words, cwd=cwd, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert proc.stderr is not None
    said, deadline = "", time.monotonic() + 30
    while "serving http://127.0.0.1:" not in said and time.monotonic() < deadline and proc.poll() is None:
        if select.select([proc.stderr], [], [], 0.5)[0]:
            said += proc.stderr.readline()
    proc.terminate()
    proc.wait(timeout=10)
    code = 0 if "serving http://127.0.0.1:" in said else 1
    return subprocess.CompletedProcess(words, code, "", said)


def _all_steps() -> list[Example]:
    return [step for e in EXAMPLES for step in (e.steps if e.kind == "walkthrough" else (e,))]


def test_every_sh_line_that_is_not_planner_is_known():
    other = [line for e in _all_steps() if e.kind == "sh" for line in e.lines if not line.startswith("planner")]
    assert sorted(other) == sorted(NOT_PLANNER)


@pytest.mark.skipif(shutil.which("bash") is None, reason="the README's lines are shell lines")
@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.kind != "inline"], ids=str)
def test_readme_example_runs_as_written(example: Example, tmp_path: Path):
    work, env = _shell(tmp_path)
    for step in example.steps if example.kind == "walkthrough" else (example,):
        _check(step, work, env)


def _check(example: Example, work: Path, env: dict[str, str]) -> None:
    for line in example.lines:
        if line in NOT_PLANNER:
            continue
        r = _run(line, work, env)
        assert r.returncode == 0, f"{line}\n{r.stderr}"
        assert "Traceback" not in r.stderr
        if example.kind == "console":
            shown = [s.rstrip() for s in example.output.splitlines()]
            if shown and shown[-1] == "...":
                shown = shown[:-1]
            got = [s.rstrip() for s in r.stdout.splitlines()]
            assert got[: len(shown)] == shown


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.kind == "inline"], ids=str)
def test_readme_inline_command_runs(example: Example, tmp_path: Path):
    import typer

    from planner.cli import app

    line = example.lines[0]
    words = shlex.split(line)[1:]
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", {})
    names = set(commands) | {sub for g in ("import", "calendar", "log") for sub in commands[g].commands}
    if words and all(w in names for w in words):
        line += " --help"  # it names a command: check that it is one
    work, env = _shell(tmp_path)
    r = _run(line, work, env)
    assert r.returncode == 0, f"{line}\n{r.stderr}"
    assert "Traceback" not in r.stderr


@pytest.mark.skipif(not (ROOT / "scripts" / "readme.py").is_file(), reason="needs the source checkout")
def test_readme_is_up_to_date():
    result = subprocess.run([sys.executable, "scripts/readme.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_readme_states_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "python3 -m pip install . && planner" in text
    assert "python3 -m pip install '.[test]' && python3 -m pytest" in text


def test_readme_finds_its_examples():
    """The extraction above sees the README's examples (a change of fence would hide them)."""
    kinds = [e.kind for e in EXAMPLES]
    assert kinds.count("sh") >= 5 and kinds.count("console") >= 5 and kinds.count("inline") >= 10
    walked = {e.lines[0]: [s.kind for s in e.steps] for e in EXAMPLES if e.kind == "walkthrough"}
    assert walked["log"].count("console") >= 2 and walked["history"].count("console") == 1


@pytest.mark.parametrize(
    ("path", "block"),
    re.findall(r"<!-- file: ([\w./-]+) -->\n```toml\n(.*?)^```", README.read_text(encoding="utf-8"), flags=re.M | re.S),
)
def test_a_file_the_readme_shows_is_the_file_itself(path: str, block: str):
    assert block == (ROOT / path).read_text(encoding="utf-8")
