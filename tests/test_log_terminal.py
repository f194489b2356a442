"""`planner log` on a real terminal (a pseudo-terminal): it asks for the session and each
exercise, and the README's transcript of it is what a person sees, line for line."""

from __future__ import annotations

import os
import re
import select
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")


def transcript() -> tuple[str, list[str]]:
    """The README's terminal example: the command typed, and what the screen shows."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"<!-- terminal: log -->\n```text\n(.*?)^```", text, flags=re.M | re.S)
    assert block, "the README shows planner log on a terminal"
    lines = block.group(1).rstrip("\n").splitlines()
    assert lines[0].startswith("$ ")
    return lines[0][2:], lines[1:]


def answers(screen: list[str]) -> list[str]:
    """What was typed: the text after each prompt (a line ending `]:` or with `): `)."""
    out = []
    for line in screen:
        found = re.match(r"^(.*[\])]):(?: (.*))?$", line)
        if found and not line.startswith("Session "):
            out.append(found.group(2) or "")
    return out


def walkthrough_setup() -> list[str]:
    """The README walkthrough's plan and its Monday and Wednesday: what comes before Friday."""
    text = README.read_text(encoding="utf-8")
    body = re.search(r"<!-- walkthrough: log -->\n.*?```sh\n(.*?)^```", text, flags=re.M | re.S)
    assert body
    lines = [line.strip() for line in re.sub(r"\\\n\s*", "", body.group(1)).splitlines() if line.strip()]
    return [line for line in lines if "--day fri" not in line]


def on_a_terminal(command: list[str], typed: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run `command` on a pseudo-terminal, typing each answer when a prompt (": ") waits."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, close_fds=True)
    os.close(slave)
    screen, pending = b"", list(typed)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                data = os.read(master, 4096)
            except OSError:  # the other end closed: the command is done
                break
            if not data:
                break
            screen += data
            if screen.endswith(b": ") and pending:
                os.write(master, pending.pop(0).encode() + b"\n")
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(timeout=30), screen.decode("utf-8").replace("\r\n", "\n")


def test_the_readme_shows_planner_log_on_a_terminal_as_it_is(tmp_path):
    command, screen = transcript()
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
           "XDG_CACHE_HOME": str(home / ".cache"), "PLANNER_CACHE_DIR": str(home / ".cache" / "planner"),
           "PLANNER_LIBRARY": "", "COLUMNS": "80", "TERM": "dumb"}  # fmt: skip
    env.pop("PLANNER_DB", None)
    work = tmp_path / "work"
    work.mkdir()
    (work / "me.toml").write_bytes((ROOT / "tests" / "fixtures" / "log" / "me.toml").read_bytes())
    planner = [sys.executable, "-m", "planner"]
    for line in walkthrough_setup():
        words = shlex.split(line)
        assert words[0] == "planner"
        r = subprocess.run([*planner, *words[1:]], cwd=work, env=env, capture_output=True, text=True, check=False)
        assert r.returncode == 0, r.stderr
    words = shlex.split(command)
    code, shown = on_a_terminal([*planner, *words[1:]], answers(screen), work, env)
    assert code == 0, shown
    assert [line.rstrip() for line in shown.rstrip("\n").splitlines()] == [line.rstrip() for line in screen]


def test_the_friday_typed_at_the_terminal_is_the_friday_of_the_walkthrough(tmp_path):
    """The transcript's answers log what the walkthrough's line for Friday logs."""
    from planner.log.grammar import parse

    text = README.read_text(encoding="utf-8")
    friday = re.search(r'--day fri ((?:"[^"]*"\s*\\?\s*)+)', text)
    assert friday
    lines = re.findall(r'"([^"]*)"', friday.group(1))
    typed = [a for a in answers(transcript()[1])[2:] if a]
    assert [parse(line).sets for line in lines] == [parse(a, exercise_given=True).sets for a in typed]
