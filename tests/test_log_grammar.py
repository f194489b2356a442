"""The line a set is logged with (`planner log PLAN LINE...`): what it reads, what it refuses
in one message naming the word, and that the log writes every set back as a line that reads
the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import PlannerError
from planner.log.grammar import format_line, format_sets, parse
from planner.log.records import LoggedSet

KG = "kg"


@pytest.mark.parametrize(
    ("line", "words", "sets", "note"),
    [
        (
            "goblet-squat 24kg 10 10 9 @2",
            ["goblet-squat"],
            [LoggedSet(24, KG, 10, rir=2)] * 2 + [LoggedSet(24, KG, 9, rir=2)],
            "",
        ),
        ("goblet squat 24 kg 3x10", ["goblet", "squat"], [LoggedSet(24, KG, 10)] * 3, ""),
        (
            "bench-press 60kg 3x8 62,5kg 6@1",
            ["bench-press"],
            [LoggedSet(60, KG, 8)] * 3 + [LoggedSet(62.5, KG, 6, rir=1)],
            "",
        ),
        (
            "push-up 15 12 10@0 @2",
            ["push-up"],
            [LoggedSet(reps=15, rir=2), LoggedSet(reps=12, rir=2), LoggedSet(reps=10, rir=0)],
            "",
        ),
        ("plank 45s 40 s", ["plank"], [LoggedSet(seconds=45), LoggedSet(seconds=40)], ""),
        ("farmer-carry 32kg 2x40m", ["farmer-carry"], [LoggedSet(32, KG, meters=40)] * 2, ""),
        ("pull-up +10kg 5 bw 8 # grip slipped", ["pull-up"], [LoggedSet(10, KG, 5), LoggedSet(reps=8)], "grip slipped"),
        ("row 100lbs 8 @1.5", ["row"], [LoggedSet(100, "lb", 8, rir=1.5)], ""),
    ],
)
def test_lines_read_as_the_grammar_says(line, words, sets, note):
    parsed = parse(line)
    assert (parsed.words, parsed.sets, parsed.note) == (words, sets, note)


def test_a_line_for_an_exercise_already_known_starts_with_its_sets():
    assert parse("24kg 3x10 @2", exercise_given=True).sets == [LoggedSet(24, KG, 10, rir=2)] * 3
    with pytest.raises(PlannerError, match="the exercise is known here"):
        parse("goblet-squat 24kg 10", exercise_given=True)


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("24kg 10", "which exercise?"),
        ("goblet-squat", "no sets"),
        ("goblet-squat 24kg", "no sets"),
        ("goblet-squat 24kg ten", "'ten': not a load, a set or @RIR"),
        ("goblet-squat 24stone 10", "'24stone': not a load, a set or @RIR"),
        ("goblet-squat 24kg 10 @8", "reps in reserve are 0 to 6; RPE 8 is @2"),
        ("goblet-squat 24kg 10 @2 @3", "one @RIR for the line"),
        ("goblet-squat 24kg 10.5", "reps are a whole number"),
        ("goblet-squat 0kg 10", "more than 0"),
        ("goblet-squat 24kg 30x10", "1 to 20 sets"),
        ("goblet-squat 24kg 10@1.25", "whole or half reps"),
        ("plank 5000s", "seconds from 1 to 3600"),
    ],
)
def test_a_wrong_line_names_the_word_and_what_would_be_right(line, says):
    with pytest.raises(PlannerError) as e:
        parse(line)
    assert says in e.value.message and "\n" not in e.value.message


def test_sets_are_written_back_the_short_way():
    assert format_sets(parse("x 24kg 10 10 10 @2").sets) == "24kg 3x10 @2"
    assert format_sets(parse("x 24kg 10 10 9 @2").sets) == "24kg 10 10 9 @2"
    assert format_sets(parse("x 60kg 8 8 8 62.5kg 6@1").sets) == "60kg 3x8 62.5kg 6@1"
    assert format_sets(parse("x 10 20kg 5 bw 10").sets) == "10 20kg 5 bw 10"
    assert format_line("push-up", parse("x 10").sets, "easy") == "push-up 10 # easy"


loads = st.one_of(st.none(), st.tuples(st.integers(1, 4000).map(lambda n: n / 4), st.sampled_from(["kg", "lb"])))
amounts = st.one_of(
    st.builds(lambda r: {"reps": r}, st.integers(1, 200)),
    st.builds(lambda s: {"seconds": float(s)}, st.integers(1, 3600)),
    st.builds(lambda m: {"meters": float(m)}, st.integers(1, 10000)),
)
rirs = st.one_of(st.none(), st.integers(0, 12).map(lambda n: n / 2))


@st.composite
def set_lists(draw: st.DrawFn) -> list[LoggedSet]:
    out = []
    for _ in range(draw(st.integers(1, 12))):
        load = draw(loads)
        weight = {} if load is None else {"load": load[0], "unit": load[1]}
        out.append(LoggedSet(**weight, **draw(amounts), rir=draw(rirs)))
    return out


@given(set_lists())
def test_every_logged_set_reads_back_the_same_from_its_line(sets):
    assert parse(f"some-exercise {format_sets(sets)}").sets == sets
