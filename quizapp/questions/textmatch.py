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
# ASCII text (nearly every answer) takes a faster path with the same result.
_ASCII_MINUS = re.compile(r"(?<![A-Za-z0-9])-(?=[0-9])")
_MINUS_MARK = "\x00"
_ASCII_DROPPED = {ord(c): None for c in "!\"$%&'()*,./:;<=>?@[\\]^_`{|}~"}


def _simplified(text: str, dash: str) -> str:
    if text.isascii() and _MINUS_MARK not in text:
        marked = _ASCII_MINUS.sub(_MINUS_MARK, text).lower().translate(_ASCII_DROPPED)
        plain = marked.replace("-", dash).replace(_MINUS_MARK, "-")
        return _GLUED_SYMBOL.sub("", " ".join(plain.split()))
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
