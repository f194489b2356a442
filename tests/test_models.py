"""The exercise model: every field validated, unknown fields rejected."""

from __future__ import annotations

import tomllib

import pytest
from pydantic import ValidationError

from planner.models import Exercise
from planner.records import Card, Tempo


def card(card_text: str, **changes) -> dict:
    data = tomllib.loads(card_text)
    data["id"] = "test-wall-lean"
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_a_complete_card_validates(card_text):
    ex = Card(Exercise.model_validate(card(card_text)).model_dump(mode="json"))
    assert ex.primary_muscles == ["chest"]
    assert ex.muscles == {"chest", "triceps"}
    assert not ex.per_side


def test_aliases_in_a_card_are_stored_as_canonical_ids(card_text):
    ex = Exercise.model_validate(card(card_text, primary_muscles=["Pectorals"], equipment=["DB"]))
    assert ex.primary_muscles == ["chest"]
    assert ex.equipment == ["dumbbell"]


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"primary_muscles": []}, "primary_muscles", "at least 1"),
        ({"primary_muscles": ["glutez"]}, "primary_muscles", "glutes"),
        ({"secondary_muscles": ["chest"]}, "secondary_muscles", "already a primary"),
        ({"blocks": []}, "blocks", "at least 1"),
        ({"blocks": ["cooldown"]}, "blocks", "unknown block"),
        ({"instructions": ["Stand.", "   "]}, "instructions", "at least 1 character"),
        ({"tips": [""]}, "tips", "at least 1 character"),
        ({"name": None}, "name", "Field required"),
        ({"level": "expert"}, "level", "unknown level"),
        ({"limits": {"eccentric_max_s": 9}}, "limits", "less than or equal to 6"),
        ({"limits": {"eccentric_max_s": 6, "pause_max_s": 3, "reps_max": 0}}, "limits", "greater than or equal to 1"),
        ({"defaults": {"tempo": "X-0-1-0"}}, "defaults", "X"),
        ({"harder": ["test-wall-lean"]}, "harder", "own variation"),
        ({"colour": "red"}, "colour", "Extra inputs"),
        ({"equipment": ["dumbbell", "dumbbells"]}, "equipment", "listed twice"),
    ],
)
def test_invalid_cards_are_rejected_naming_the_field(card_text, changes, field, says):
    with pytest.raises(ValidationError) as e:
        Exercise.model_validate(card(card_text, **changes))
    text = str(e.value)
    assert field in text
    assert says in text


def test_limits_keep_one_rep_within_ten_seconds(card_text):
    # rule 15: eccentric 6 + pause 3 + 1 s lift = 10 s is the most a limit may allow
    Exercise.model_validate(card(card_text, limits={"eccentric_max_s": 6, "pause_max_s": 3}))


class TestTempo:
    def test_parse_and_write_back(self):
        t = Tempo.parse("3-1-X-0")
        assert (t.eccentric, t.bottom_pause, t.concentric, t.top_pause) == (3, 1, None, 0)
        assert str(t) == "3-1-X-0"
        assert t.rep_seconds == 5  # X counts 1 s

    def test_compact_form(self):
        assert str(Tempo.parse("31x0")) == "3-1-X-0"

    def test_in_words(self):
        assert Tempo.parse("3-1-X-0").in_words() == "3 s down, 1 s pause in the stretch, up fast"
        assert "2 s squeeze at the top" in Tempo.parse("2-0-1-2").in_words()

    @pytest.mark.parametrize(
        ("text", "says"),
        [
            ("3-1-X", "four digits"),
            ("X-1-1-0", "third"),
            ("3-X-1-0", "third"),
            ("6-3-1-1", "10 s"),
            ("a-b-c-d", "four digits"),
        ],
    )
    def test_rule_15_invalid_tempos_are_rejected(self, text, says):
        with pytest.raises(ValueError, match=says):
            Tempo.parse(text)
