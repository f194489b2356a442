"""Week N -> week N+1. (Progression schemes come with the progressions work; until then a
later week repeats the first.)"""

from __future__ import annotations

from planner.compose import Context
from planner.models import Week


def next_week(ctx: Context, weeks: list[Week]) -> Week:
    last = weeks[-1]
    return Week(number=last.number + 1, sessions=[s.model_copy(deep=True) for s in weeks[0].sessions])
