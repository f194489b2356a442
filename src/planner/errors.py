"""Errors a user can cause, and the exit codes they end in. The command line's one boundary
(cli.main) turns each into one line on stderr and its code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every code planner exits with (the README's table is made from MEANINGS)."""

    OK = 0
    BAD_INPUT = 1
    USAGE = 2
    INTERRUPTED = 130


MEANINGS = {
    ExitCode.OK: "success (also when the program reading planner's output stops early, as `head` does)",
    ExitCode.BAD_INPUT: "bad input or data: one line on stderr says what and what would be right "
    "(`validate` also exits 1 when it finds problems); or stdout cannot be written (a full disk, a closed stdout)",
    ExitCode.USAGE: "usage error: an unknown option, a missing argument or a value of the wrong kind",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


class PlannerError(Exception):
    """A problem with the user's input or data: reported without a traceback."""

    code = ExitCode.BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def exit_code(self) -> int:
        return int(self.code)

    def report(self) -> str:
        """What the user reads on stderr."""
        return f"Error: {self.message}"


class UsageError(PlannerError):
    """The command line itself is wrong (an unknown option, a missing argument): Typer's
    own message, with the usage line and where to find help."""

    code = ExitCode.USAGE

    def __init__(self, message: str, usage: str = "") -> None:
        super().__init__(message)
        self.usage = usage

    def report(self) -> str:
        return f"{self.usage}\nError: {self.message}" if self.usage else f"Error: {self.message}"


class Interrupted(PlannerError):
    code = ExitCode.INTERRUPTED

    def __init__(self) -> None:
        super().__init__("interrupted")


class ProblemsFound(PlannerError):
    """`validate` found problems: they are listed on stdout; this is the summary."""


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


# ---------------------------------------------------------------------------- suggestions


def close_matches(word: str, choices: list[str], n: int = 3) -> list[str]:
    """The choices that look like a slip of the keyboard for `word`, closest first: at most
    one edit (a letter added, dropped, changed or two swapped) per four letters, or every
    word of it present in the choice ("bench-press" finds "dumbbell-bench-press"). Nothing
    else: a suggestion with no real likeness ("wings" -> "tibialis") misleads more than
    it helps."""
    key = _plain(word)
    if not key:
        return []
    allowed = max(1, len(key) // 4)
    words = set(_words(word))
    scored: list[tuple[int, int, str]] = []
    for choice in choices:
        other = _plain(choice)
        distance = _edits(key, other, allowed)
        if distance <= allowed:
            scored.append((0, distance, choice))
        elif words and len(key) >= 4 and words <= set(_words(choice)):
            scored.append((1, len(other) - len(key), choice))
    return [choice for *_, choice in sorted(scored)][:n]


def _plain(word: str) -> str:
    return "".join(ch for ch in word.lower() if ch.isalnum())


def _words(text: str) -> list[str]:
    return [w for w in "".join(ch if ch.isalnum() else " " for ch in text.lower()).split() if w]


def _edits(a: str, b: str, limit: int) -> int:
    """Edits from a to b (optimal string alignment: insert, delete, change, swap two
    neighbours), or limit + 1 as soon as it must be more than limit. Only the cells within
    `limit` of the diagonal are worked out: an id typed wrong is checked against every id
    of a library that may hold thousands."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    far = limit + 1
    before: list[int] = []
    row = [j if j <= limit else far for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [i if i <= limit else far] + [far] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            cost = a[i - 1] != b[j - 1]
            best = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, before[j - 2] + 1)
            current[j] = min(best, far)
        if min(current) > limit:
            return far
        before, row = row, current
    return row[-1]
