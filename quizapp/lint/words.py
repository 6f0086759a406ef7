"""Common English words from the wordfreq package, for the typo-tolerance and give-away rules."""

from __future__ import annotations

import math
from collections import defaultdict
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from wordfreq import get_frequency_dict, iter_wordlist

# wordfreq's large English list, most frequent first: the first 200,000 entries reach down to
# words like "transnationalism" (Zipf 1.7), rare but real enough to be typed by mistake.
WORDLIST_SIZE = 200_000
# At or above this Zipf frequency a word is everyday vocabulary ("nuclear", "army").
COMMON_ZIPF = 4.0

# Endings that make a form of the same word ("arms"/"army", "supplier"/"supplies"), British
# and American spellings among them ("vapour"/"vapor", "centre"/"center").
_ENDINGS = frozenset(
    ["", "s", "es", "ed", "d", "r", "er", "ers", "ing", "ly", "y", "ies", "ied", "e", "a", "i"]
    + ["al", "ic", "an", "ian", "n", "ism", "ist", "ists", "ness", "ur", "re"]
)


@cache
def word_list() -> dict[int, list[str]]:
    by_length: dict[int, list[str]] = defaultdict(list)
    for rank, word in enumerate(iter_wordlist("en", "large")):
        if rank >= WORDLIST_SIZE:
            break
        if word.isalpha() and word.isascii() and len(word) >= 4:
            by_length[len(word)].append(word)
    return dict(by_length)


def same_word(a: str, b: str) -> bool:
    """Whether two words differ only by an inflection or derivation ending."""
    prefix = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        prefix += 1
    if prefix >= 5 and prefix >= min(len(a), len(b)) - 3:
        return True
    return prefix >= 3 and a[prefix:] in _ENDINGS and b[prefix:] in _ENDINGS


@cache
def neighbours(word: str, distance: int) -> tuple[str, ...]:
    """Listed words within `distance` edits of `word` that are not forms of it and are not
    much rarer than it (at most one Zipf step): words a learner could mean, like "importer"
    for "exporter", rather than chance neighbours like "riddle" for "middle"."""
    if distance <= 0 or len(word) < 4 or not word.isalpha():
        return ()
    found: list[str] = []
    floor = zipf(word) - 1.0
    buckets = word_list()
    for length in range(len(word) - distance, len(word) + distance + 1):
        candidates = buckets.get(length)
        if not candidates:
            continue
        for match, _, _ in process.extract(
            word, candidates, scorer=Levenshtein.distance, score_cutoff=distance, limit=None
        ):
            if match != word and not same_word(word, match) and zipf(match) >= floor:
                found.append(match)
    return tuple(sorted(found, key=lambda w: -zipf(w)))


@cache
def frequencies() -> dict[str, float]:
    return get_frequency_dict("en", "large")


@cache
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of one lowercase word (log10 of uses per billion words)."""
    frequency = frequencies().get(word, 0.0)
    return round(math.log10(frequency * 1e9), 2) if frequency > 0 else 0.0


def is_common(word: str) -> bool:
    return zipf(word) >= COMMON_ZIPF
