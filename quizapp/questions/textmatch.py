"""How a typed answer is compared with the accepted ones (short answers and cloze blanks)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

# Marks (accents), punctuation, symbols and invisible format characters (soft hyphens,
# zero-width spaces) never decide whether an answer is right.
_DROPPED_CATEGORIES = ("M", "P", "S", "Cf")


def normalize(text: str) -> str:
    """The answer as compared: no accents, case, punctuation or extra whitespace."""
    # Case folding can produce new combining marks (İ -> i + dot), so decompose again after it.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept = "".join(
        char
        for char in decomposed
        if not unicodedata.category(char).startswith(_DROPPED_CATEGORIES)
    )
    return " ".join(kept.split())


def matches(given: str, accepted: Sequence[str], typos: int) -> bool:
    """Whether `given` is one of `accepted` up to `typos` edits (Levenshtein distance)."""
    wanted = normalize(given)
    if not wanted:
        return False
    limit = max(typos, 0)
    for answer in accepted:
        target = normalize(answer)
        if target and Levenshtein.distance(wanted, target, score_cutoff=limit) <= limit:
            return True
    return False
