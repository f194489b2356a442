"""The originality checks themselves: what counts as a repeat, and that the fast
near-duplicate search finds exactly what comparing every pair would."""

from __future__ import annotations

import random
from difflib import SequenceMatcher

from originality import NEAR_MIN_WORDS, exact_repeats, near_duplicates, sentences, words


def test_the_issue_example_is_a_near_duplicate_but_not_an_exact_repeat():
    prose = {
        "burpee": ["Stand with the feet hip-width apart and the arms relaxed by your sides."],
        "inchworm": ["Stand with the feet hip-width apart and the arms relaxed at your sides."],
    }
    assert exact_repeats(prose) == {}
    [pair] = near_duplicates(prose)
    assert {pair.first[0], pair.second[0]} == {"burpee", "inchworm"} and pair.ratio >= 0.9


def test_repeats_within_one_card_and_short_sentences_do_not_count():
    same_card = {
        "a": [
            "Keep the elbows tucked beside the ribs all the way down.",
            "Keep the elbows tucked beside the ribs all the way up.",
        ]
    }
    assert near_duplicates(same_card) == []
    short = {"a": ["Keep the hips level here."], "b": ["Keep the hips level now."]}
    assert near_duplicates(short) == [] and exact_repeats(short) == {}


def test_exact_repeats_ignore_case_and_spacing():
    prose = {"a": ["Breathe out as the bar leaves the chest."], "b": ["breathe out as  the bar leaves the chest."]}
    assert list(exact_repeats(prose).values()) == [{"a", "b"}]


def test_words_drop_punctuation_and_sentences_split_on_stops_and_lines():
    assert words("Hips back, chest up!") == ("hips", "back", "chest", "up")
    text = (
        "One two three four five six seven eight. Short one.\nNine ten eleven twelve thirteen fourteen fifteen sixteen?"
    )
    assert len(sentences(text, NEAR_MIN_WORDS)) == 2


def test_the_prefix_filter_finds_every_pair_that_comparing_all_pairs_finds():
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(40)]
    base = [[rng.choice(vocabulary) for _ in range(rng.randint(8, 16))] for _ in range(30)]
    prose: dict[str, list[str]] = {}
    for n in range(150):  # variants of a few base sentences: many near pairs, many misses
        sentence = list(rng.choice(base))
        for _ in range(rng.randint(0, 4)):
            sentence[rng.randrange(len(sentence))] = rng.choice(vocabulary)
        prose[f"card-{n}"] = [" ".join(sentence) + "."]
    flat = [(card, words(texts[0])) for card, texts in prose.items()]
    expected = {
        frozenset((a, b))
        for i, (a, wa) in enumerate(flat)
        for b, wb in flat[:i]
        if SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= 0.8
    }
    found = {frozenset((d.first[0], d.second[0])) for d in near_duplicates(prose)}
    assert expected and found == expected
