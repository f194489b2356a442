"""What the engine remembers to be quick (a draft's time, a block's time, a fill run's
candidates, a card's facts) never changes a plan: the same request gives the same plan
however many other plans were made before it in the same process, and a remembered time
follows every change to what it was worked out from."""

from __future__ import annotations

import json
import subprocess
import sys

from planner.coach.compose import compose_week
from planner.coach.context import make_context
from planner.coach.draft import Draft
from planner.coach.timing import Clock
from planner.records import Block, Item, plan_inputs, replace, to_data
from planner.vocab import builtin_vocab
from support import make, shipped

REQUESTS = [
    {"days": 6, "weeks": 8, "equipment": ["gym"]},
    {"days": 3, "minutes": 20, "equipment": ["bodyweight"], "goal": "endurance", "weeks": 6},
    {"days": 4, "minutes": 90, "equipment": ["home"], "goal": "strength", "level": "advanced", "weeks": 8},
]


def test_a_plan_is_the_same_after_other_plans_in_the_same_process() -> None:
    first = [to_data(make(**r)[0]) for r in REQUESTS]
    again = [to_data(make(**r)[0]) for r in reversed(REQUESTS)]
    assert first == list(reversed(again))


def test_a_plan_is_the_same_in_a_fresh_process() -> None:
    code = (
        "import json, sys; sys.path.insert(0, 'tests'); from support import make;"
        "from planner.records import to_data;"
        f"print(json.dumps(to_data(make(**{REQUESTS[1]!r})[0])))"
    )
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    make(**REQUESTS[0])  # something else first, here

    assert json.loads(fresh) == to_data(make(**REQUESTS[1])[0])


def _draft() -> Draft:
    sources, lib = shipped()
    ctx = make_context(plan_inputs(REQUESTS[0]), lib, builtin_vocab(), [s.path for s in sources])
    _, week = compose_week(ctx)
    return week.drafts[0]


def test_a_drafts_time_follows_its_items_its_supersets_and_its_finisher() -> None:
    draft = _draft()
    start = draft.seconds()
    item = draft.accessory[0]
    draft.accessory[0] = replace(item, sets=item.sets + 1)
    one_more = draft.seconds()
    assert one_more > start
    draft.accessory[0] = item
    assert draft.seconds() == start
    draft.superset = not draft.superset
    assert draft.seconds() != start
    draft.superset = not draft.superset
    draft.finisher = None
    bare = draft.seconds()
    draft.finisher = Block(kind="finisher", format="amrap", minutes=5, items=[replace(item, sets=1)])
    assert draft.seconds() == bare + 5 * 60
    draft.accessory.append(replace(item, exercise="another", sets=2))
    assert draft.seconds() > bare + 5 * 60


def test_a_blocks_time_is_its_own_even_for_an_equal_block() -> None:
    sources, _ = shipped()
    clock = Clock(make_context(plan_inputs({}), shipped()[1], builtin_vocab(), [s.path for s in sources]).rules.time)
    one = Block(kind="accessory", items=[Item(exercise="x", name="X", sets=3, reps=10, rest_seconds=60)])
    more = Block(kind="accessory", items=[Item(exercise="x", name="X", sets=4, reps=10, rest_seconds=60)])
    assert clock.block(more) > clock.block(one) == clock.block(replace(one))
