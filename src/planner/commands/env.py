"""What every command gets from the global options, and the library they name."""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.structs import field, struct

if TYPE_CHECKING:
    from planner.library import Library, Problem, Source


@struct
class Env:
    """The global options (`--library`, `--no-cache`) and where a command's side messages
    go: `warn` takes a line for stderr (a skipped card), `progress` makes a progress display
    for reading cards (the command line draws a bar; elsewhere nothing)."""

    library_paths: list[Path] = field(default_factory=list)
    use_cache: bool = True
    warn: Callable[[str], None] = field(default=lambda line: None)
    progress: Callable[[], AbstractContextManager[Any]] = field(default=lambda: nullcontext(None))
    counting: Callable[[str], AbstractContextManager[Any]] = field(default=lambda label: nullcontext(None))
    terminal: bool = False  # stdout is a terminal: binary exports go to a file, not onto the screen
    # a question on the terminal, (prompt, default) -> the answer; None when nobody is there to answer
    ask: Callable[[str, str | None], str] | None = None
    read_input: Callable[[], str] = field(default=lambda: "")  # what was piped in (`planner log --json`)


def library_sources(env: Env) -> list[Source]:
    from planner.library import library_sources

    return library_sources(env.library_paths)


def open_library(env: Env) -> tuple[list[Source], Library]:
    """Every library source and the cards they hold; each bad file reported once through
    env.warn and skipped."""
    sources = library_sources(env)
    return sources, read_library(env, sources)


def read_library(env: Env, sources: list[Source]) -> Library:
    from planner.library import load_library

    with env.progress() as progress:
        lib = load_library(sources, use_cache=env.use_cache, progress=progress)
    # a command ends soon after: leave the library's many objects out of every later garbage
    # collection (with ten thousand cards, the first would walk most of a million of them)
    gc.freeze()
    for line in skipped(lib.problems):
        env.warn(line)
    return lib


def skipped(problems: list[Problem]) -> list[str]:
    """One line per bad file: its first problem, and how many more there are."""
    by_file: dict[Path, list[Problem]] = {}
    for p in problems:
        by_file.setdefault(p.path, []).append(p)
    lines = []
    for file_problems in by_file.values():
        more = f" (+{len(file_problems) - 1} more; `planner validate` lists them)" if len(file_problems) > 1 else ""
        lines.append(f"{file_problems[0]}{more}")
    return lines
