"""Shared test helpers. Every test runs with its own user folders and cache, so nothing
on the machine (a real ~/.local/share/planner, PLANNER_LIBRARY) leaks in."""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from planner.resources import builtin_library_dir

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(home / "cache" / "planner"))
    monkeypatch.delenv("PLANNER_LIBRARY", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def has_traceback(self) -> bool:
        return "Traceback" in self.out + self.err


def run(*args: str) -> Result:
    """Run the planner CLI in-process, through the same entry point as the console script."""
    from planner.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_argv = sys.argv
    sys.argv = ["planner", *args]
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main()
            except SystemExit as e:
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = old_argv
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run


@pytest.fixture
def card_text() -> str:
    """A complete, valid card (a copy of a fixture) to derive broken variants from."""
    return (FIXTURES / "good-card.toml").read_text(encoding="utf-8")


@pytest.fixture
def builtin_dir() -> Path:
    return builtin_library_dir()


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    """A writable copy of the built-in library folder."""
    dest = tmp_path / "lib"
    shutil.copytree(builtin_library_dir(), dest)
    return dest


@pytest.fixture(scope="session")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The default plan (3 days, 4 weeks) with dates, for the log's tests: a path as text."""
    path = tmp_path_factory.mktemp("plan") / "plan.toml"
    r = run("plan", "--start", "2027-01-04", "--output", str(path))
    assert r.code == 0, r.err
    return str(path)
