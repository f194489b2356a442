"""The closed vocabularies and their aliases (docs/coaching.md rule 23)."""

from __future__ import annotations

import pytest

from planner.errors import UnknownName
from planner.vocab import builtin_vocab, level_allows, normalise


@pytest.fixture
def vocab():
    return builtin_vocab()


def test_canonical_muscle_ids_match_the_design(vocab):
    assert set(vocab.muscles.ids) == {
        "chest", "front_delts", "side_delts", "rear_delts", "rotator_cuff", "lats", "upper_back", "traps",
        "lower_back", "biceps", "triceps", "forearms", "abs", "obliques", "serratus", "quads", "hamstrings",
        "glutes", "glute_med", "adductors", "hip_flexors", "calves", "tibialis", "neck",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("gluteus maximus", "glutes"),
        ("glute", "glutes"),
        ("Glutes", "glutes"),
        ("erector spinae", "lower_back"),
        ("spinal erectors", "lower_back"),
        ("Lower Back", "lower_back"),
        ("lower-back", "lower_back"),
        ("lower_back", "lower_back"),
        ("LOWER  BACK", "lower_back"),
        ("middle back", "upper_back"),
        ("abductors", "glute_med"),
        ("abdominals", "abs"),
    ],
)
def test_rule_23_aliases_map_to_canonical_muscles(vocab, word, expected):
    assert vocab.muscles.resolve(word) == expected


def test_groups_expand_to_their_muscles(vocab):
    assert vocab.expand_muscles(["core"]) == {"abs", "obliques", "lower_back"}
    assert vocab.expand_muscles(["arms", "calves"]) == {"biceps", "triceps", "forearms", "calves"}


def test_rule_23_unknown_muscle_names_the_closest_valid_words(vocab):
    with pytest.raises(UnknownName) as e:
        vocab.expand_muscles(["glutez"])
    assert "glutes" in e.value.suggestions
    assert "--muscle" in e.value.message and "glutez" in e.value.message


def test_equipment_aliases_and_profiles(vocab):
    assert vocab.equipment.resolve("Dumbbells") == "dumbbell"
    assert vocab.equipment.resolve("kb") == "kettlebell"
    assert vocab.expand_equipment(["bodyweight"]) == set()
    assert vocab.expand_equipment(["home"]) == {
        "mat",
        "dumbbell",
        "bench",
        "band",
        "kettlebell",
        "pull_up_bar",
        "suspension_trainer",
        "jump_rope",
    }
    assert vocab.expand_equipment(["gym"]) == set(vocab.equipment.ids) - {"other"}  # named, never implied
    assert vocab.expand_equipment(["home", "barbell"]) == vocab.expand_equipment(["home"]) | {"barbell"}


def test_unknown_equipment_is_an_error_with_suggestions(vocab):
    with pytest.raises(UnknownName) as e:
        vocab.expand_equipment(["dumbell"])
    assert e.value.suggestions[0] == "dumbbell"


def test_single_valued_vocabularies(vocab):
    assert vocab.blocks.resolve("Warm-up") == "warmup"
    assert vocab.levels.resolve("BEGINNER") == "beginner"
    assert vocab.patterns.resolve("hip extension") == "hip_extension"
    with pytest.raises(UnknownName):
        vocab.blocks.resolve("cooldown")


def test_no_alias_is_claimed_twice_across_muscles_and_groups(vocab):
    seen: dict[str, str] = {}
    for section in ("muscles", "groups"):
        for entry, info in vocab.raw[section].items():
            for word in [entry, *info.get("aliases", [])]:
                key = normalise(word)
                assert key not in seen, f"{word!r} is both {seen[key]} and {entry}"
                seen[key] = entry


def test_levels_are_ordered():
    assert level_allows("intermediate", "beginner")
    assert not level_allows("beginner", "advanced")


def test_other_equipment_is_in_no_profile_until_named(vocab):
    # what an importer could not name stays out of every plan, gym's "all" included
    assert "other" in vocab.equipment.ids
    assert all("other" not in pieces for pieces in vocab.profiles.values())
    assert set(vocab.profiles["gym"]) == set(vocab.equipment.ids) - {"other"}
    assert vocab.expand_equipment(["gym", "other"]) == set(vocab.equipment.ids)
