"""What the log holds: sessions, each with the exercises done (entries), each with its sets."""

from __future__ import annotations

from typing import Any

from planner.structs import field, struct

SOURCES = ("planner", "strong", "hevy")


def num3(value: float) -> str:
    """A stored number as text: at most three decimals, no trailing zeros (52.911, 22.5, 10)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@struct(frozen=True)
class LoggedSet:
    """One set as it was done. `load` is the weight lifted (added weight for a body-weight
    exercise), None for none; `rir` the reps left in reserve, None when not given."""

    load: float | None = None
    unit: str | None = None
    reps: int | None = None
    seconds: float | None = None
    meters: float | None = None
    rir: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def amount(self) -> str:
        """ "10", "45 s", "40 m"."""
        if self.reps is not None:
            return str(self.reps)
        if self.seconds is not None:
            return f"{num3(self.seconds)} s"
        return f"{num3(self.meters or 0)} m"


@struct
class Entry:
    """One exercise in a session: its sets in the order done, and a note."""

    exercise: str
    name: str
    sets: list[LoggedSet]
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise,
            "name": self.name,
            "note": self.note,
            "sets": [s.to_json() for s in self.sets],
        }


@struct
class LoggedSession:
    """A session of the log. `key` is its identity: "PLAN-ID/WEEK/DAY" for a session of a
    plan, "strong:START/TITLE" or "hevy:START/TITLE" for one imported, so that logging or
    importing it again finds it."""

    key: str
    date: str
    source: str = "planner"
    time: str | None = None
    plan: str | None = None
    week: int | None = None
    day: str | None = None
    title: str = ""
    note: str = ""
    entries: list[Entry] = field(default_factory=list)
    id: int | None = None  # the log's number for it, once stored

    @property
    def place(self) -> str:
        """ "week 2 mon" for a session of a plan, else its title."""
        if self.week is not None and self.day is not None:
            return f"week {self.week} {self.day}"
        return self.title or self.source

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "time": self.time,
            "plan": self.plan,
            "week": self.week,
            "day": self.day,
            "title": self.title,
            "source": self.source,
            "key": self.key,
            "note": self.note,
            "entries": [e.to_json() for e in self.entries],
        }


def plan_key(plan_id: str, week: int, day: str) -> str:
    return f"{plan_id}/{week}/{day}"
