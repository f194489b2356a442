"""The bad-input corpus, part two: what only a real process shows. stdout that fails (a
full disk, a closed descriptor, a reader that left), stderr that is closed, terminals in
an encoding other than UTF-8, control characters on their way to a terminal, and folders
another user may not enter (run as `nobody` when the tests run as root, since root may
enter anything)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES

PLANNER = [sys.executable, "-m", "planner"]


def run(
    args: list[str],
    *,
    stdout: int | None = subprocess.PIPE,
    stderr: int | None = subprocess.PIPE,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
    prefix: tuple[str, ...] = (),
) -> tuple[int, bytes, bytes]:
    done = subprocess.run(
        [*prefix, *PLANNER, *args],
        stdout=stdout,
        stderr=stderr,
        env={**os.environ, **(env or {})},
        preexec_fn=before,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout or b"", done.stderr or b""


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory) -> Path:
    """A plan file, and the library index warm (so each run below is quick)."""
    folder = tmp_path_factory.mktemp("plan")
    path = folder / "plan.toml"
    env = {"PLANNER_CACHE_DIR": str(folder / "cache"), "XDG_DATA_HOME": str(folder / "data")}
    code, _, err = run(["plan", "--start", "2027-01-04", "--output", str(path)], env=env)
    assert code == 0, err
    return path


@pytest.fixture
def warm(plan_file, monkeypatch) -> Path:
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(plan_file.parent / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(plan_file.parent / "data"))
    return plan_file


# every command that prints to stdout, with arguments that make it print
COMMANDS = {
    "help": ["--help"],
    "list": ["list"],
    "show": ["show", "push-up"],
    "muscles": ["muscles"],
    "equipment": ["equipment"],
    "validate": ["validate", str(FIXTURES / "good-card.toml")],
    "plan": ["plan"],
    "plan-json": ["plan", "--json"],
    "progressions": ["progressions"],
    "stats": ["stats", "{plan}"],
    "swap": ["swap", "{plan}", "--week", "1", "--day", "mon", "--exercise", "{first}"],
    "export": ["export", "{plan}", "--format", "md"],
    "schema": ["schema", "plan"],
}


def command(name: str, plan: Path) -> list[str]:
    import tomllib

    first = tomllib.loads(plan.read_text(encoding="utf-8"))["weeks"][0]["sessions"][0]["blocks"][0]["items"][0]
    return [a.format(plan=plan, first=first["exercise"]) for a in COMMANDS[name]]


def clean_error(err: bytes, *says: str) -> None:
    text = err.decode("utf-8", "replace")
    assert "Traceback" not in text and "Exception ignored" not in text, text
    lines = text.strip().splitlines()
    assert len([line for line in lines if line.startswith("Error: ")]) == 1, text
    for word in says:
        assert word in text, (word, text)


# ---------------------------------------------------------------------------- stdout and stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_reader_that_leaves_is_not_an_error_for_any_command(warm, name):
    """`planner X | head`: the pipe's reader is gone before planner writes. Every command
    exits 0 without a word (show, stats, muscles and progressions used to exit 1)."""
    read, write = os.pipe()
    os.close(read)
    try:
        code, _, err = run(command(name, warm), stdout=write)
    finally:
        os.close(write)
    assert code == 0, (code, err)
    assert b"Traceback" not in err and b"Exception ignored" not in err and b"Error" not in err


@pytest.mark.parametrize("name", ["list", "show", "plan", "stats", "export", "muscles", "progressions", "help"])
def test_a_full_disk_on_stdout_is_one_line_and_exit_1(warm, name):
    with open("/dev/full", "wb") as full:
        code, _, err = run(command(name, warm), stdout=full.fileno())
    assert code == 1
    clean_error(err, "cannot write the output", "No space left on device")


@pytest.mark.parametrize("name", ["list", "show", "plan", "stats", "export", "muscles", "schema"])
def test_a_closed_stdout_is_one_line_and_exit_1(warm, name):
    """Used to be an AttributeError traceback (list, plan, export) or exit 0 having printed
    nothing (show, stats)."""
    code, _, err = run(command(name, warm), stdout=None, before=lambda: os.close(1))
    assert code == 1
    clean_error(err, "stdout is closed")


def test_a_closed_stdout_is_no_matter_to_a_command_that_prints_nothing(warm, tmp_path):
    """`plan --output` prints nothing when stdout is not a terminal: closed, it succeeds,
    and the plan file is not written onto descriptor 1."""
    out = tmp_path / "p.toml"
    code, _, err = run(["plan", "--output", str(out)], stdout=None, before=lambda: os.close(1))
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("# A training plan")


@pytest.mark.parametrize("name", ["list", "plan", "muscles", "stats"])
def test_a_closed_stderr_does_not_change_the_outcome(warm, name):
    """`list` used to succeed but exit 1 when stderr was closed."""
    code, out, _ = run(command(name, warm), stderr=None, before=lambda: os.close(2))
    assert code == 0
    assert out


def test_a_closed_stderr_keeps_the_exit_code_of_an_error(warm):
    code, out, _ = run(["show", "no-such-exercise"], stderr=None, before=lambda: os.close(2))
    assert code == 1 and out == b""


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("name", ["plan", "stats", "show", "list", "swap", "progressions", "export"])
def test_a_terminal_in_another_encoding_gets_text_it_can_show(warm, name, encoding):
    """An ASCII or Latin-1 stdout used to be a UnicodeEncodeError in plan, stats and show."""
    code, out, err = run(command(name, warm), env={"PYTHONIOENCODING": encoding})
    assert code == 0, err
    assert b"Traceback" not in err
    if name != "export":  # a Markdown export is a UTF-8 document, wherever it goes
        out.decode(encoding)  # every byte is text in that encoding
    if name == "plan" and encoding == "ascii":
        assert b"Full body x3 - general - beginner" in out  # the middle dots, as -


def test_control_characters_reach_no_terminal(warm, tmp_path, card_text):
    """A file name with an escape sequence in it (a shared folder, an unpacked archive):
    its problem line shows the escape as ^[ instead of retitling or clearing the terminal."""
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "test-wall-lean.toml").write_text(card_text, encoding="utf-8")
    (lib / "evil\x1b]0;owned\x07\x1b[2J.toml").write_text(card_text, encoding="utf-8")
    (lib / "caf\udce9.toml").write_text(card_text, encoding="utf-8")  # a Latin-1 name: not UTF-8
    for args in (["list", "--library", str(lib)], ["validate", str(lib)]):
        code, out, err = run(args)
        assert code in (0, 1)  # validate exits 1: it found problems
        both = out + err
        assert b"\x1b" not in both and b"\x07" not in both and b"Traceback" not in both
        assert b"evil^[]0;owned^G" in both  # (Typer strips a CSI sequence such as ESC [2J itself)
        assert b"caf\\xE9.toml" in both


# ---------------------------------------------------------------------------- folders another user may not enter


@pytest.fixture
def shared(tmp_path) -> Iterator[Path]:
    folder = tmp_path / "perm"
    folder.mkdir()
    yield folder
    for dirpath, dirnames, _ in os.walk(folder):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), 0o755)
    shutil.rmtree(folder)


def as_user() -> dict[str, tuple[str, ...]]:
    """How to run planner so that file permissions apply to it: as it is, or, when the
    tests run as root (who may read anything), without root's power to override them."""
    if os.geteuid() != 0:
        return {}
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root needs setpriv (util-linux) to drop CAP_DAC_OVERRIDE for this test")
    return {"prefix": (setpriv, "--bounding-set=-dac_override,-dac_read_search", "--")}


def test_a_home_that_cannot_be_entered_is_a_warning_not_a_traceback(shared):
    """`sudo -u someone planner list` with HOME left pointing at a folder they may not
    enter: used to be a PermissionError traceback on every command."""
    home = shared / "home"
    (home / ".local" / "share" / "planner" / "library").mkdir(parents=True)
    home.chmod(0)
    env = {"HOME": str(home), "XDG_DATA_HOME": "", "XDG_CACHE_HOME": "", "PLANNER_CACHE_DIR": ""}
    for args in (["list"], ["plan", "--weeks", "1"], ["progressions"], ["validate"]):
        code, out, err = run(args, env=env, **as_user())
        assert code == (1 if args == ["validate"] else 0), err  # validate: a folder it cannot check is a problem
        assert b"Traceback" not in err
        assert b"library: cannot read this folder: Permission denied" in out + err, err


def test_a_card_unreadable_for_a_moment_comes_back(shared, card_text):
    """chmod 0 and back changes neither size nor mtime: the index used to keep the card's
    "Permission denied" for ever."""
    lib = shared / "lib"
    lib.mkdir()
    lib.chmod(0o755)
    card = lib / "test-wall-lean.toml"
    card.write_text(card_text, encoding="utf-8")
    card.chmod(0)
    env = {"PLANNER_CACHE_DIR": str(shared / "cache"), "XDG_DATA_HOME": str(shared / "data")}
    code, out, err = run(["list", "--library", str(lib), "--search", "wall lean"], env=env, **as_user())
    assert code == 0 and b"test-wall-lean.toml: cannot read: Permission denied" in err, err
    assert b"test-wall-lean" not in out
    card.chmod(0o644)
    code, out, err = run(["list", "--library", str(lib), "--search", "wall lean"], env=env, **as_user())
    assert code == 0 and b"test-wall-lean" in out and b"Permission denied" not in err, err


def test_a_locked_subfolder_is_named(shared, card_text):
    lib = shared / "lib"
    (lib / "locked").mkdir(parents=True)
    lib.chmod(0o755)
    (lib / "locked" / "test-wall-lean.toml").write_text(card_text, encoding="utf-8")
    (lib / "locked").chmod(0)
    env = {"PLANNER_CACHE_DIR": str(shared / "cache"), "XDG_DATA_HOME": str(shared / "data")}
    for args in (["list", "--library", str(lib)], ["validate", str(lib)]):
        code, out, err = run(args, env=env, **as_user())
        assert code == (1 if args[0] == "validate" else 0), err
        assert b"Traceback" not in err
        assert b"locked: cannot read this folder: Permission denied" in out + err, err
