"""How a typed answer is compared with the accepted ones (short answers and cloze blanks)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

# Marks (accents), punctuation, symbols and invisible format characters (soft hyphens,
# zero-width spaces) never decide whether an answer is right...
_DROPPED_CATEGORIES = ("M", "P", "S", "Cf")
# ...except the symbols that make a different answer of the same letters: "OPEC+" is not
# "OPEC", "C#" is not "C", "-5" is not "5".
KEPT_SYMBOLS = frozenset("+#")
_MINUS_SIGNS = frozenset("-\u2212\u2012\u2013")
_GLUED_SYMBOL = re.compile(r"\s+(?=[+#])")


def _simplified(text: str, dash: str) -> str:
    # Case folding can produce new combining marks (İ -> i + dot), so decompose again after it.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    kept: list[str] = []
    for index, char in enumerate(decomposed):
        if char in KEPT_SYMBOLS:
            kept.append(char)
        elif char in _MINUS_SIGNS and _starts_negative_number(decomposed, index):
            kept.append("-")
        elif unicodedata.category(char) == "Pd":
            kept.append(dash)
        elif not unicodedata.category(char).startswith(_DROPPED_CATEGORIES):
            kept.append(char)
    return _GLUED_SYMBOL.sub("", " ".join("".join(kept).split()))


def _starts_negative_number(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else ""
    return after.isdigit() and not before.isalnum()


def normalize(text: str) -> str:
    """The answer as compared: no accents, case, punctuation or extra whitespace; the symbols
    in KEPT_SYMBOLS and a number's minus sign stay."""
    return _simplified(text, "")


def forms(text: str) -> set[str]:
    """Every form an answer is compared in: hyphens dropped ("well-known" = "wellknown") and
    hyphens read as spaces ("Shahed-136" = "Shahed 136")."""
    return {_simplified(text, ""), _simplified(text, " ")}


def matches(given: str, accepted: Sequence[str], typos: int) -> bool:
    """Whether `given` is one of `accepted` up to `typos` edits (Levenshtein distance)."""
    wanted = {form for form in forms(given) if form}
    if not wanted:
        return False
    limit = max(typos, 0)
    for answer in accepted:
        for target in forms(answer):
            if not target:
                continue
            for form in wanted:
                if Levenshtein.distance(form, target, score_cutoff=limit) <= limit:
                    return True
    return False
