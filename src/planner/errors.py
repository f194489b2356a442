"""Errors a user can cause. The CLI turns each into one line on stderr and its exit code."""

from __future__ import annotations


class PlannerError(Exception):
    """A problem with the user's input or data: reported without a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownName(PlannerError):
    """A word that is not in a closed vocabulary (muscle, equipment, block, ...)."""

    def __init__(self, kind: str, word: str, suggestions: list[str], see: str, option: str | None = None):
        where = f"{option}: " if option else ""
        hint = f"; did you mean {or_list(suggestions)}?" if suggestions else ""
        super().__init__(f"{where}unknown {kind} {word!r}{hint} ({see})")
        self.kind = kind
        self.word = word
        self.suggestions = suggestions


class UnknownExercise(PlannerError):
    def __init__(self, exercise_id: str, suggestions: list[str]):
        hint = f"; did you mean {or_list(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown exercise {exercise_id!r}{hint} (`planner list` shows the ids)")


class LibraryError(PlannerError):
    """A library folder or file that cannot be used at all."""


class FileExists(PlannerError):
    def __init__(self, path: object):
        super().__init__(f"{path}: file exists; pass --force to overwrite it")


def or_list(words: list[str]) -> str:
    quoted = [repr(w) for w in words]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]
