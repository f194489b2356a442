"""Originality of the shipped cards' prose: sentences repeated word for word, and
sentences so alike that they read as one written twice (writing-cards.md, writing
standard). tests/test_shipped_library.py runs both over the whole library."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

EXACT_MIN_WORDS = 6
NEAR_MIN_WORDS = 8
NEAR_RATIO = 0.8
_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


def sentences(text: str, min_words: int) -> list[str]:
    return [s for s in _SPLIT.split(text) if len(s.split()) >= min_words]


def words(sentence: str) -> tuple[str, ...]:
    """The sentence's words, lower-cased, without the punctuation around them."""
    out = (_EDGE.sub("", w) for w in sentence.lower().split())
    return tuple(w for w in out if w)


def exact_repeats(prose: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """Sentences of six words or more found in two cards or more: sentence -> card ids.
    `prose` maps a card id to its texts (summary, description, steps, tips, FAQ)."""
    where: dict[str, set[str]] = defaultdict(set)
    for card_id, texts in prose.items():
        for text in texts:
            for sentence in sentences(text, EXACT_MIN_WORDS):
                where[" ".join(sentence.lower().split())].add(card_id)
    return {s: ids for s, ids in where.items() if len(ids) > 1}


@dataclass(frozen=True)
class NearDuplicate:
    ratio: float
    first: tuple[str, str]  # card id, sentence
    second: tuple[str, str]


def near_duplicates(prose: Mapping[str, Iterable[str]], ratio: float = NEAR_RATIO) -> list[NearDuplicate]:
    """Pairs of sentences of eight words or more, in different cards, whose lower-cased
    words have a difflib similarity of `ratio` or more (exact repeats included).

    Comparing every pair would take minutes at a few hundred cards, so candidates are
    found first with a prefix filter, which never misses a pair: the ratio is 2M/(a+b)
    for M matched words, and M is at most the words two sentences share, so a pair at
    `ratio` shares at least ratio/2 * (a+b) words. Each sentence's words (the n-th
    repeat of a word counted as its own word) are sorted rarest first; two sentences
    sharing that many words must share one among the first few of each, and only
    such pairs are compared."""
    items: list[tuple[str, str, tuple[str, ...]]] = []
    for card_id, texts in prose.items():
        for text in texts:
            for sentence in sentences(text, NEAR_MIN_WORDS):
                w = words(sentence)
                if len(w) >= NEAR_MIN_WORDS:
                    items.append((card_id, sentence, w))
    items.sort(key=lambda item: len(item[2]))  # shortest first: earlier partners are never longer
    token_sets = [frozenset(_tokens(w)) for _, _, w in items]
    frequency = Counter(token for tokens in token_sets for token in tokens)
    index: dict[tuple[str, int], list[int]] = defaultdict(list)  # token -> items, shortest first
    lengths: dict[tuple[str, int], list[int]] = defaultdict(list)  # their lengths, for bisect
    found: list[NearDuplicate] = []
    for n, (card_id, sentence, w) in enumerate(items):
        tokens = sorted(token_sets[n], key=lambda t: (frequency[t], t))
        # a partner is at least ratio/(2-ratio) of this one's length and shares at least
        # ratio/2 * (a + that) words: the fewest this sentence can share with any partner
        shortest = math.ceil(ratio / (2 - ratio) * len(w) - 1e-9)
        least = math.ceil(ratio / 2 * (len(w) + shortest) - 1e-9)
        prefix = tokens[: len(tokens) - least + 1]
        candidates = {m for t in prefix for m in index[t][bisect_left(lengths[t], shortest) :]}
        for m in sorted(candidates):
            other_id, other_sentence, other_words = items[m]
            total = len(w) + len(other_words)
            if other_id == card_id or len(token_sets[n] & token_sets[m]) < ratio / 2 * total:
                continue
            r = SequenceMatcher(None, w, other_words, autojunk=False).ratio()
            if r >= ratio:
                found.append(NearDuplicate(round(r, 3), (other_id, other_sentence), (card_id, sentence)))
        for t in prefix:
            index[t].append(n)
            lengths[t].append(len(w))
    return found


def _tokens(w: tuple[str, ...]) -> list[tuple[str, int]]:
    seen: Counter[str] = Counter()
    out = []
    for word in w:
        out.append((word, seen[word]))
        seen[word] += 1
    return out
