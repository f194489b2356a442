"""`planner validate`: every problem in the cards named (or in every library source)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.commands.env import Env, library_sources, read_library
from planner.errors import PlannerError, ProblemsFound
from planner.library import (
    Library,
    Problem,
    duplicate_problems,
    exercise_files,
    link_problems,
    placeholder_problems,
    read_card,
)
from planner.structs import struct

if TYPE_CHECKING:
    from planner.models import Exercise


@struct
class Validation:
    problems: list[Problem]
    checked: int  # card files looked at

    @property
    def summary(self) -> str:
        head = f"{self.checked} card{'s' * (self.checked != 1)} checked: "
        if not self.problems:
            return head + "all good"
        files = len({p.path for p in self.problems})
        n = len(self.problems)
        return head + f"{n} problem{'s' * (n != 1)} in {files} file{'s' * (files != 1)}"

    def verdict(self) -> None:
        """Raise when there is a problem, so that the exit code says so."""
        if self.problems:
            raise ProblemsFound(self.summary)


def run(env: Env, paths: list[Path]) -> Validation:
    sources = library_sources(env)
    lib = read_library(env, sources)
    if paths:
        return _check_files(paths, lib)
    problems = list(lib.problems) + coaching_problems(sources)
    count = 0
    for source in sources:
        source_files = list(exercise_files(source.path))
        problems += duplicate_problems(source_files)
        count += len(source_files)
    problems += link_problems(lib)
    # placeholders sit in the prose, which the index leaves out: read each card in full
    problems += [p for ex in lib.sorted() for p in placeholder_problems(lib.get(ex.id), lib.paths[ex.id])]
    return Validation(problems, count)


def coaching_problems(sources: list[Any]) -> list[Problem]:
    """The coach's data (templates/*.toml) and the progression schemes of every source,
    checked as `planner plan` reads them."""
    from planner.coach.progress import load_schemes
    from planner.coach.rules import load_coaching
    from planner.vocab import builtin_vocab

    folders = [s.path for s in sources]
    out = []
    for check in (lambda: load_coaching(folders, builtin_vocab()), lambda: load_schemes(folders)):
        try:
            check()
        except PlannerError as e:
            path, _, message = e.message.partition(": ")
            out.append(Problem(Path(path), message))
    return out


def _check_files(paths: list[Path], lib: Library) -> Validation:
    """Named files and folders, checked against the library (their links may point into it)."""
    files: list[Path] = []
    problems: list[Problem] = []  # a folder that cannot be read is one
    for path in paths:
        if not path.exists():
            raise PlannerError(f"{path}: no such file or folder")
        files.extend(exercise_files(path, problems) if path.is_dir() else [path])
    combined = Library(dict(lib.cards), dict(lib.paths))
    cards: list[tuple[Exercise, Path]] = []
    for f in files:
        exercise, file_problems = read_card(f)
        problems += file_problems
        problems += placeholder_problems(exercise, f, file_problems)  # TODOs left by `planner new`
        if exercise is not None:
            cards.append((exercise, f))
            combined.add(exercise, f)
    problems += duplicate_problems(files)
    problems += link_problems(combined, cards)
    return Validation(problems, len(files))
