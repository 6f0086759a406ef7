"""What a draft asks about: the document's sentences (split by pysbd) and, in each, the terms
worth a question: years, amounts, names (of people, places, organisations), abbreviations and
key phrases (ranked by YAKE, common-word phrases left out with wordfreq)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from quizapp.lint import words
from quizapp.lint.text import STOPWORDS

YEAR, NUMBER, ACRONYM, PERSON, PLACE, ORGANISATION, EVENT, FULL_NAME, NAME, PHRASE = (
    "year",
    "number",
    "abbreviation",
    "person",
    "place",
    "organisation",
    "event",
    "full name",
    "name",
    "phrase",
)
# Kinds only spaCy's named entities tell apart (see entities.py): a country, state or city,
# kept apart from seas and buildings; a nationality or a religious or political group.
COUNTRY, GROUP = "country or city", "group"
# What a kind is called in a prompt ("Which year ...").
KIND_WORDS = {
    YEAR: "year",
    NUMBER: "figure",
    ACRONYM: "abbreviation",
    PERSON: "person",
    PLACE: "place",
    ORGANISATION: "organisation",
    EVENT: "event",
    FULL_NAME: "name",
    NAME: "name",
    PHRASE: "term",
    COUNTRY: "place",
    GROUP: "group",
}
_YEAR = re.compile(r"(?<![\d.,$£€])\b(1[0-9]{3}|20[0-9]{2})(s)?\b(?![.,]\d)")
_NUMBER = re.compile(
    r"(?<![\w.$£€-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w-]|[.,]\d)"
    r"(?:\s+(percent|per cent|million|billion|thousand|hundred))?"
)
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\+?(?!\w)(?!\.\w)")
_TOKEN = re.compile(r"[^\s]+")
_CONNECTORS = frozenset(["of", "de", "del", "da", "di", "von", "van", "la", "le", "du", "the"])
_ORG_WORDS = frozenset(
    """Company Organization Organisation Council Survey Service Corporation Board College
    University Authority Congress Union Party Bank Society Institute Department Agency Office
    Army Navy Church Court Parliament Senate Committee Commission Association League Alliance
    Fund Ministry Group Agreement Treaty""".split()
)
_PLACE_WORDS = frozenset(
    """Sea Ocean Lake River Mountains Mountain Island Islands Cape Bay Gulf Canal Strait Park
    Valley City County State Province Peninsula Desert Coast Hills Harbour Harbor""".split()
)
_EVENT_WORDS = frozenset(
    """War Crisis Revolution Battle Rebellion Uprising Siege Conference Expedition Election
    Olympics Exhibition Act""".split()
)
# "Egyptian", "British", "French", "Western": adjectives, not names to ask about.
_DEMONYM = re.compile(r"^[A-Z][a-z]+(ian|ish|ese|ch|an|ic|ern)$")
_TITLES = frozenset(
    """President Emperor Empress King Queen Colonel General Dr Sir Lord Pope Duke Prince
    Princess Khedive Sultan Senator Governor Captain Admiral Professor Mr Mrs Ms Saint St
    poet diplomat geologist emperor president ruler under by named""".split()
)
_STOP_LEADS = frozenset("The A An This That These Those Its It In On At By For From".split())
KEY_PHRASES = 12
# A name where a sentence says it: characters start to end, and its kind.
Span = tuple[int, int, str]
# A capitalised first word this common is a sentence's first word, not a name.
COMMON_FIRST_WORD = 4.0


@dataclass(frozen=True)
class Term:
    text: str
    kind: str

    @property
    def key(self) -> str:
        return self.text.casefold()


@dataclass
class Mention:
    """A term where a sentence says it: characters start to end of the sentence's text."""

    term: Term
    start: int
    end: int
    unit: str | None = None


@dataclass
class Sentence:
    text: str
    part: int
    paragraph: int
    mentions: list[Mention] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)


@cache
def _segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


@cache
def _extractor() -> Any:
    import yake

    return yake.KeywordExtractor(lan="en", n=3, dedupLim=0.8, top=KEY_PHRASES)


def split_sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _segmenter().segment(paragraph) if s.strip()]


def key_phrases(text: str) -> list[str]:
    """YAKE's best phrases of a text, best first: names, and phrases of words that are not
    all everyday ones (wordfreq) and hold no small word ("important to note")."""
    found: list[str] = []
    for found_phrase, _score in _extractor().extract_keywords(text):
        # YAKE splits "Hayden's" into "Hayden 's".
        phrase = re.sub(r"\s+(['\u2019]s)\b", r"\1", found_phrase)
        tokens = phrase.split()
        if not tokens or any(c.isdigit() for c in phrase):
            continue
        lowered = [_bare(t).lower() for t in tokens]
        capitals = [t[:1].isupper() for t in tokens]
        if all(capitals):
            if lowered[0] not in STOPWORDS and lowered[-1] not in STOPWORDS:
                found.append(phrase)
            continue
        if any(capitals[1:]):
            continue  # half a name ("Disraeli bought Egypt")
        if capitals[0]:
            if words.zipf(lowered[0]) < COMMON_FIRST_WORD:
                continue  # a name and what follows it ("Hayden proved")
            phrase = " ".join([lowered[0], *tokens[1:]])
        if any(t in STOPWORDS or not t for t in lowered) or all(
            words.is_common(t) for t in lowered
        ):
            continue
        found.append(phrase)
    return found


def is_name(phrase: str) -> bool:
    return phrase[:1].isupper()


def mentions(
    sentence: str, first_word_is_name: frozenset[str], names: list[Span] | None = None
) -> list[Mention]:
    """Years, amounts, abbreviations and names in a sentence, not overlapping, in order; the
    names are `names` when given (spaCy's), else those found by capitals and cue words."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(mention: Mention) -> None:
        if any(mention.start < end and start < mention.end for start, end in taken):
            return
        taken.append((mention.start, mention.end))
        found.append(mention)

    for match in _YEAR.finditer(sentence):
        add(Mention(Term(match.group(0), YEAR), match.start(), match.end()))
    for match in _NUMBER.finditer(sentence):
        before = sentence[: match.start()].split()
        if before and before[-1].rstrip(",") in _MONTHS:
            continue  # the day of a date
        unit = _unit_after(sentence, match.end(1))
        add(Mention(Term(match.group(1), NUMBER), match.start(1), match.end(1), unit))
    for match in _ACRONYM.finditer(sentence):
        if not match.group(0).isdigit() and len(match.group(0).rstrip("+")) >= 2:
            add(Mention(Term(match.group(0), ACRONYM), match.start(), match.end()))
    for start, end, kind in _names(sentence, first_word_is_name) if names is None else names:
        add(Mention(Term(sentence[start:end], kind), start, end))
    found.sort(key=lambda m: m.start)
    return found


def _unit_after(sentence: str, end: int) -> str | None:
    rest = sentence[end:].split()
    if not rest:
        return None
    word = re.sub(r"[^\w%-]", "", rest[0])
    return word or None


def _names(sentence: str, first_word_is_name: frozenset[str]) -> list[Span]:
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(sentence)]
    runs: list[Span] = []
    index = 0
    while index < len(tokens):
        word = _bare(tokens[index][2])
        if (
            not _capitalised(word)
            or word in _MONTHS
            or (index == 0 and (word in _STOP_LEADS or word not in first_word_is_name))
        ):
            index += 1
            continue
        first = index
        last = index
        probe = index + 1
        while probe < len(tokens) and not _ends_phrase(tokens[probe - 1][2]):
            nxt = _bare(tokens[probe][2])
            if _capitalised(nxt) and nxt not in _MONTHS:
                last = probe
                probe += 1
            elif (
                nxt in _CONNECTORS
                and probe + 1 < len(tokens)
                and _capitalised(_bare(tokens[probe + 1][2]))
            ):
                probe += 1
            else:
                break
        name_words = [_bare(t[2]) for t in tokens[first : last + 1]]
        while name_words and name_words[0] in _STOP_LEADS:
            name_words.pop(0)
            first += 1
        lone_adjective = len(name_words) == 1 and _DEMONYM.match(name_words[0])
        lone_acronym = len(name_words) == 1 and name_words[0].upper() == name_words[0]
        if name_words and not lone_adjective and not lone_acronym:
            start = tokens[first][0] + tokens[first][2].find(name_words[0])
            tail = tokens[last][2]
            end = tokens[last][0] + len(tail.rstrip(".,;:!?)\"'’”"))
            text = sentence[start:end]
            for suffix in ("'s", "’s"):
                if text.endswith(suffix):
                    end -= len(suffix)
            before = _bare(tokens[first - 1][2]) if first > 0 else ""
            runs.append((start, end, _name_kind(name_words, before)))
        index = last + 1
    return runs


def _bare(token: str) -> str:
    return token.strip(".,;:!?()[]\"'“”‘’")


def _capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and any(c.islower() for c in word[1:])


def _ends_phrase(token: str) -> bool:
    return token.endswith((",", ";", ":", ".", ")", "!", "?"))


def _name_kind(name_words: list[str], before: str) -> str:
    # Several capitalised words without a cue are most often a person's full name.
    return cue_kind(name_words, before) or (FULL_NAME if len(name_words) > 1 else NAME)


def cue_kind(name_words: list[str], before: str) -> str | None:
    """The kind a name's own words or the word before it tell ("Company", "Crisis", "Lake",
    "Khedive ..."); None when none does."""
    name_words = [_bare(w) for w in name_words]
    if any(w in _ORG_WORDS for w in name_words):
        return ORGANISATION
    if any(w in _EVENT_WORDS for w in name_words):
        return EVENT
    if any(w in _PLACE_WORDS for w in name_words):
        return PLACE
    if _bare(before) in _TITLES or name_words[0] in _TITLES:
        return PERSON
    return None


def read_sentences(
    paragraphs: list[tuple[int, str]],
    part_phrases: list[list[str]],
    find_names: Callable[[list[str]], list[list[Span]]] | None = None,
) -> list[Sentence]:
    """Every sentence of the (part, paragraph) texts, numbered by paragraph, with its terms
    and the key phrases of its part that it holds. `find_names` (spaCy's, in entities.py)
    gives each sentence's names when there is one.

    Else a capitalised word that opens a sentence counts as a name only when the document
    also writes it with a capital inside a sentence."""
    split = [(part, n, split_sentences(text)) for n, (part, text) in enumerate(paragraphs)]
    inner: Counter[str] = Counter()
    for _, _, sentences in split:
        for sentence in sentences:
            for token in sentence.split()[1:]:
                bare = _bare(token)
                if _capitalised(bare):
                    inner[bare] += 1
    named = frozenset(inner)
    texts = [text for _, _, sentences in split for text in sentences]
    found = iter(find_names(texts) if find_names else [None] * len(texts))
    result: list[Sentence] = []
    for part, number, sentences in split:
        for text in sentences:
            lowered = text.lower()
            result.append(
                Sentence(
                    text,
                    part,
                    number,
                    mentions(text, named, next(found)),
                    [p for p in part_phrases[part] if p.lower() in lowered],
                )
            )
    return result
