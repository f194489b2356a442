"""Shell completion of option values: muscles, equipment, goals, levels, blocks, patterns,
progression schemes, exercise ids, a plan's days and weeks, export formats.

Each function takes what has been typed of the value and returns (value, help) pairs that
start with it. They run inside the shell's completion, so they never raise: a broken
library or plan file completes nothing rather than printing a traceback into the prompt."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Choices = list[tuple[str, str]]


def _matching(pairs: Iterable[tuple[str, str]], incomplete: str) -> Choices:
    typed = incomplete.lower()
    return [(value, help_) for value, help_ in pairs if value.lower().startswith(typed)]


def _safe(fn: Callable[..., Iterable[tuple[str, str]]]) -> Callable[..., Choices]:
    def complete(ctx: Any, incomplete: str) -> Choices:
        try:
            return _matching(fn(ctx), incomplete)
        except Exception:  # completion must never break the shell's prompt
            return []

    complete.__name__ = fn.__name__
    complete.__doc__ = fn.__doc__
    return complete


def _vocab() -> Any:
    from planner.vocab import builtin_vocab

    return builtin_vocab()


@_safe
def muscles(ctx: Any) -> Iterable[tuple[str, str]]:
    """Muscle ids, then the groups that stand for several."""
    vocab = _vocab()
    yield from ((m, vocab.muscle_info(m)["name"]) for m in vocab.muscles.ids)
    yield from ((g, "group: " + ", ".join(members)) for g, members in vocab.groups.items())


@_safe
def equipment(ctx: Any) -> Iterable[tuple[str, str]]:
    """Profiles first (what most people have), then each piece of equipment."""
    vocab = _vocab()
    yield from ((p, vocab.raw["profiles"][p]["description"]) for p in vocab.profiles)
    yield from ((e, vocab.raw["equipment"][e]["name"]) for e in vocab.equipment.ids)


@_safe
def goals(ctx: Any) -> Iterable[tuple[str, str]]:
    from planner.records import GOALS

    return ((g, "") for g in GOALS)


@_safe
def levels(ctx: Any) -> Iterable[tuple[str, str]]:
    return ((level, "") for level in _vocab().levels.ids)


@_safe
def blocks(ctx: Any) -> Iterable[tuple[str, str]]:
    return ((b, "") for b in _vocab().blocks.ids)


@_safe
def patterns(ctx: Any) -> Iterable[tuple[str, str]]:
    return ((p, "") for p in _vocab().patterns.ids)


def _library_paths(ctx: Any) -> list[Path]:
    """The --library folders typed so far on the line (the global options are hoisted
    only when the command runs, so look at both levels)."""
    found: list[Path] = []
    while ctx is not None:
        found += [Path(p) for p in (ctx.params.get("library") or [])]
        ctx = ctx.parent
    return found


def _sources(ctx: Any) -> list[Path]:
    from planner.library import library_sources

    return [s.path for s in library_sources(_library_paths(ctx))]


@_safe
def schemes(ctx: Any) -> Iterable[tuple[str, str]]:
    """Progression schemes: a file progressions/NAME.toml in any library folder."""
    names: set[str] = set()
    for folder in _sources(ctx):
        names.update(p.stem for p in (folder / "progressions").glob("*.toml"))
    return ((name, "") for name in sorted(names))


@_safe
def exercises(ctx: Any) -> Iterable[tuple[str, str]]:
    """Exercise ids, each with its name, from the library's index."""
    from planner.library import library_sources, load_library

    lib = load_library(library_sources(_library_paths(ctx)), use_cache=True)
    return ((i, str(lib.cards[i]["name"])) for i in lib.sorted_ids())


def _words() -> list[str]:
    """The words on the line being completed, as the shell handed them over (bash in
    COMP_WORDS, the others in _TYPER_COMPLETE_ARGS). While an option's value is being
    completed, the command's arguments are not parsed yet, so they are read from here."""
    import shlex

    line = os.environ.get("_TYPER_COMPLETE_ARGS") or os.environ.get("COMP_WORDS", "")
    return shlex.split(line)


def _plan_data(ctx: Any) -> dict[str, Any]:
    """The plan file named on the line: PLAN if parsed, else the first word naming a .toml file."""
    import tomllib

    named = ctx.params.get("plan_file")
    path = str(named) if named else next((w for w in _words() if w.endswith(".toml") and os.path.isfile(w)), None)
    if path is None or not os.path.isfile(path):
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


@_safe
def plan_days(ctx: Any) -> Iterable[tuple[str, str]]:
    """The weekdays the plan file on the line trains on (from its first week)."""
    weeks = _plan_data(ctx).get("weeks") or [{}]
    return ((s["day"], s.get("title", "")) for s in weeks[0].get("sessions", []))


def _weeks(ctx: Any) -> Iterable[tuple[str, str]]:
    return ((str(w["number"]), "deload" if w.get("deload") else "") for w in _plan_data(ctx).get("weeks") or [])


@_safe
def plan_weeks(ctx: Any) -> Iterable[tuple[str, str]]:
    """Each week of the plan file on the line."""
    return _weeks(ctx)


@_safe
def plan_week_ranges(ctx: Any) -> Iterable[tuple[str, str]]:
    """all, then each week of the plan file on the line (a range is typed by hand)."""
    yield ("all", "every week")
    yield from _weeks(ctx)


@_safe
def formats(ctx: Any) -> Iterable[tuple[str, str]]:
    return (("md", "Markdown, to read or print"), ("ics", "a calendar file"), ("json", "for programs"))


@_safe
def schema_kinds(ctx: Any) -> Iterable[tuple[str, str]]:
    return (("plan", "a plan file"), ("exercise", "an exercise card"))


@_safe
def zones(ctx: Any) -> Iterable[tuple[str, str]]:
    from zoneinfo import available_timezones

    return ((z, "") for z in sorted(available_timezones()))
