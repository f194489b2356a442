"""Quality gates for the built-in library that hold at any size: every card, parametrized,
links and ladders, originality of the prose (docs/coaching.md rules 16 and 23). The counts the
library must reach are in test_library_coverage.py."""

from __future__ import annotations

import tomllib
from collections import Counter

import pytest

from originality import NEAR_MIN_WORDS, NEAR_RATIO, exact_repeats, near_duplicates
from planner.coverage import ladder_problems
from planner.library import exercise_files, library_sources, link_problems, load_library, read_card
from planner.resources import builtin_library_dir

CARD_FILES = list(exercise_files(builtin_library_dir()))
LIBRARY = load_library(library_sources(env={}), use_cache=False)


@pytest.mark.parametrize("path", CARD_FILES, ids=lambda p: p.stem)
def test_card_is_valid_and_complete(path):
    exercise, problems = read_card(path)
    assert problems == []
    assert exercise is not None
    paragraphs = [p for p in exercise.description.strip().split("\n\n") if p.strip()]
    assert 2 <= len(paragraphs) <= 4, "description: 2 to 4 paragraphs"
    assert 6 <= len(exercise.instructions) <= 10, "instructions: 6 to 10 steps"
    assert 6 <= len(exercise.tips) <= 8, "tips: 6 to 8"
    assert 5 <= len(exercise.faq) <= 8, "faq: 5 to 8 entries"
    assert len(exercise.summary) <= 120
    if exercise.measure == "reps":
        assert exercise.limits.reps_max, "a rep-based card says how far reps may go"
    # the coaching fields are stated, not left to the defaults (docs/coaching.md rules 8, 27, 29, 32)
    stated = set(tomllib.loads(path.read_text(encoding="utf-8")))
    for name in ("plyometric", "uses_rir", "hard_set_muscles", "finisher_formats", "stresses"):
        assert name in stated, f"{name}: every shipped card states it"
    if exercise.measure == "seconds":
        assert exercise.limits.seconds_max and exercise.defaults.seconds
    if exercise.measure == "meters":
        assert exercise.limits.meters_max and exercise.defaults.meters


def test_ids_and_names_are_unique():
    names = [e.name.lower() for e in LIBRARY.exercises.values()]
    assert len(names) == len(set(names))
    assert len(CARD_FILES) == len({p.stem for p in CARD_FILES})


def test_links_are_symmetric_and_acyclic():
    assert link_problems(LIBRARY) == []


def test_ladders_never_fall_in_level_and_keep_to_one_movement_family():
    assert ladder_problems(list(LIBRARY.exercises.values())) == []


def test_rule_16_peak_contraction_is_not_claimed_by_presses_squats_or_push_ups():
    # the top of a squat, press or push-up is a rest position: a pause there adds nothing
    for ex in LIBRARY.exercises.values():
        if ex.pattern in {"squat", "horizontal_push", "vertical_push"}:
            assert not ex.peak_contraction, ex.id


def test_the_required_glute_card_is_tagged_as_the_example_describes():
    ex = LIBRARY.get("lying-alternate-hip-extension")
    assert ex.primary_muscles == ["glutes"]
    assert set(ex.secondary_muscles) == {"hamstrings", "lower_back", "abs"}
    assert ex.equipment == ["bench"]
    assert (ex.position, ex.laterality, ex.level, ex.pattern) == ("prone", "alternating", "beginner", "hip_extension")
    assert set(ex.blocks) == {"warmup", "activation", "accessory", "finisher"}
    assert ex.peak_contraction and not ex.loads_spine
    assert ex.limits.eccentric_max_s >= 3 and ex.limits.pause_max_s >= 2


def test_finishers_are_never_technical_barbell_lifts():
    # docs/coaching.md rule 6
    for ex in LIBRARY.exercises.values():
        if "finisher" in ex.blocks:
            assert "barbell" not in ex.equipment and ex.level != "advanced", ex.id


def test_warmup_drills_are_low_skill_and_unloaded():
    # docs/coaching.md rule 2: low effort; the planner also filters by the person's level
    for ex in LIBRARY.exercises.values():
        if "warmup" in ex.blocks:
            assert ex.level != "advanced" and not ex.loads_spine, ex.id


def prose(ex) -> list[str]:
    return [ex.summary, ex.description, *ex.instructions, *ex.tips, *(f"{q.question} {q.answer}" for q in ex.faq)]


FULL = {i: LIBRARY.get(i) for i in LIBRARY.cards}  # in full, prose included
PROSE = {i: prose(ex) for i, ex in FULL.items()}


def test_no_sentence_of_six_words_or_more_appears_in_two_cards():
    assert exact_repeats(PROSE) == {}


def test_no_two_cards_share_near_identical_sentences():
    # sentences of eight words or more whose words are 80 % alike read as one sentence
    # written twice ("arms relaxed by your sides" / "arms relaxed at your sides")
    found = [f"{d.ratio}: {d.first} ~ {d.second}" for d in near_duplicates(PROSE)]
    assert found == [], f"{len(found)} pairs of {NEAR_MIN_WORDS}+ word sentences at {NEAR_RATIO}+ similarity"


def test_cards_speak_of_the_exercise_not_of_the_card():
    assert [i for i, texts in PROSE.items() if any("this card" in t.lower() for t in texts)] == []


PARAGRAPH_OPENING_MAX = 8


def test_descriptions_do_not_share_a_formula():
    # no description closes on the old "A good rep..." paragraph, and no three-word
    # paragraph opening is used by more than a few cards
    endings = [i for i, ex in FULL.items() if paragraphs(ex.description)[-1].startswith("A good rep")]
    assert endings == []
    openings = Counter(" ".join(p.split()[:3]) for ex in FULL.values() for p in paragraphs(ex.description))
    common = {o: n for o, n in openings.items() if n > PARAGRAPH_OPENING_MAX}
    assert common == {}


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.strip().split("\n\n") if p.strip()]
