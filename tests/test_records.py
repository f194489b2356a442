"""The plain records planner works on (records.py) hold exactly the fields of the pydantic
models that check files (models.py): the two descriptions cannot drift apart."""

from __future__ import annotations

import pytest

from planner import models, records
from planner.records import Card, InputError, plan_inputs
from planner.structs import MISSING, declared, is_struct


@pytest.mark.parametrize("name", ["PlanInputs", "Item", "Block", "Session", "Week", "Plan"])
def test_plan_records_have_the_file_models_fields_in_order_with_the_same_defaults(name):
    model = getattr(models, name)
    record = getattr(records, name)
    fields = {name: f for name, f in declared(record).items() if name != "extra"}
    assert list(fields) == list(model.model_fields)
    for name, f in fields.items():
        info = model.model_fields[name]
        if f.default is not MISSING:
            assert info.default == f.default, name
        elif f.factory is not MISSING:
            expected = info.default_factory() if info.default_factory else info.default
            if is_struct(type(f.factory())):
                expected = records.to_data(f.factory())
                assert expected == info.default_factory().model_dump(), name
            else:
                assert f.factory() == expected, name
        else:
            assert info.is_required(), name


@pytest.mark.parametrize(("name", "model"), [("Limits", models.Limits), ("Defaults", models.Defaults)])
def test_card_parts_have_the_file_models_fields_and_defaults(name, model):
    record = getattr(records, name)
    assert {name: f.default for name, f in declared(record).items()} == {
        k: v.default for k, v in model.model_fields.items()
    }


def test_card_fields_are_the_card_file_fields_in_order():
    assert list(Card.FIELDS) == list(models.Exercise.model_fields)


def test_a_card_without_its_prose_says_so_instead_of_giving_empty_text():
    card = Card({"id": "x", "name": "X", "primary_muscles": ["glutes"]})
    assert card.limits == records.Limits() and card.defaults == records.Defaults()
    with pytest.raises(AttributeError):
        _ = card.description


@pytest.mark.parametrize(
    ("values", "key", "says"),
    [
        ({"days": 9}, "days", "from 2 to 6"),
        ({"minutes": 5}, "minutes", "from 15 to 180"),
        ({"weeks": "four"}, "weeks", "whole number"),
        ({"deload_every": 2}, "deload_every", "from 3 to 8"),
        ({"goal": "two words"}, "goal", "one word"),
        ({"level": "pro"}, "level", "pro"),
        ({"on": ["mon", "mon"]}, "on", "listed twice"),
        ({"on": ["funday"]}, "on", "unknown weekday"),
        ({"start": "24/11/2026"}, "start", "YYYY-MM-DD"),
    ],
)
def test_plan_settings_are_checked_and_the_wrong_one_named(values, key, says):
    with pytest.raises(InputError) as e:
        plan_inputs(values)
    assert e.value.key == key and says in str(e.value)


def test_plan_settings_are_put_in_canonical_form_and_match_the_file_model():
    values = {"on": ["Friday", "mon"], "goal": " Strength", "start": "2026-11-30", "weeks": 6, "coach": "Sam"}
    checked = plan_inputs(values)
    assert checked.on == ["mon", "fri"] and checked.goal == "strength" and checked.extra == {"coach": "Sam"}
    assert records.to_data(checked) == models.PlanInputs.model_validate(values).model_dump()
