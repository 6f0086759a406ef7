"""Draft questions from the sentences of a document, one generator per kind: cloze deletions
and short answers of its terms, single choice with distractors of the same kind taken from
elsewhere in the document, and true/false pairs (a statement, and a variant with one term
swapped). Prompts quote at most a few words on each side of the term, so no prompt copies a
sentence whole; the explanation ties the answer to the sentence's other key phrases."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from quizapp.draft.terms import (
    ACRONYM,
    COUNTRY,
    EVENT,
    FULL_NAME,
    GROUP,
    KIND_WORDS,
    NAME,
    NUMBER,
    ORGANISATION,
    PERSON,
    PHRASE,
    PLACE,
    YEAR,
    Mention,
    Sentence,
    Term,
    is_name,
)
from quizapp.lint.text import terms
from quizapp.questions.textmatch import normalize
from quizapp.questions.types.cloze import Cloze
from quizapp.questions.types.numerical import Numerical
from quizapp.questions.types.short_answer import ShortAnswer
from quizapp.questions.types.single_choice import SingleChoice
from quizapp.questions.types.true_false import TrueFalse

CLOZE, NUMERICAL, SHORT_ANSWER = Cloze.NAME, Numerical.NAME, ShortAnswer.NAME
SINGLE_CHOICE, TRUE_FALSE = SingleChoice.NAME, TrueFalse.NAME

# Words quoted on each side of the term: with the term left out (or in a statement of at most
# this many words) no quote shares the copy rule's 8 consecutive words with the document.
SIDE_WORDS = 6
STATEMENT_WORDS = 7
MAX_DISTRACTORS = 3
MAX_TESTS_OF_ONE_ANSWER = 2
_ABSOLUTE = re.compile(r"\b(always|never|only|solely|entirely|all|none|every)\b", re.I)
_ABBREVIATION = re.compile(
    r"([A-Z][\w-]*(?:\s+(?:of|and|for|the|[A-Z][\w-]*))*\s+[A-Z][\w-]*)\s+\(([A-Z][A-Z0-9+]+)\)"
)
NAMED = (PERSON, PLACE, COUNTRY, ORGANISATION, GROUP, EVENT, FULL_NAME, NAME, ACRONYM)


@dataclass
class Draft:
    """One drafted question before it has an id: `part` is its section, `paragraph` the
    paragraph (of the whole document) it was drawn from."""

    type: str
    prompt: str
    explanation: str
    body: dict[str, Any]
    part: int
    paragraph: int
    answer: str
    difficulty: str
    shown: tuple[str, ...] = ()
    typed: bool = False


class Drafter:
    """Draws the questions of one document; `titles` are its sections' titles."""

    def __init__(self, sentences: list[Sentence], titles: list[str]) -> None:
        self.sentences = sentences
        self.titles = titles
        self.by_kind: dict[str, list[tuple[Term, Sentence]]] = {}
        seen: set[tuple[str, str]] = set()
        self.sentence_count: Counter[str] = Counter()
        for sentence in sentences:
            for mention in sentence.mentions:
                self.sentence_count[mention.term.key] += 1
                if (mention.term.kind, mention.term.key) not in seen:
                    seen.add((mention.term.kind, mention.term.key))
                    self.by_kind.setdefault(mention.term.kind, []).append((mention.term, sentence))
        text = " ".join(s.text for s in sentences)
        self.abbreviations: dict[str, str] = {}
        for found, short in _ABBREVIATION.findall(text):
            long = re.sub(r"^(The|A|An)\s+", "", found)
            self.abbreviations[long.casefold()] = short
            self.abbreviations[short.casefold()] = long
        self.tested: Counter[str] = Counter()

    # -- choosing ---------------------------------------------------------------------------

    def for_sentence(self, sentence: Sentence, preference: list[str]) -> list[Draft]:
        """The first question (or true/false pair) the sentence can give, in `preference`
        order of types; empty when it gives none."""
        for kind in preference:
            for made in self._candidates(sentence, kind):
                if all(self.tested[d.answer.casefold()] < MAX_TESTS_OF_ONE_ANSWER for d in made):
                    for d in made:
                        self.tested[d.answer.casefold()] += 1
                    return made
        return []

    def _candidates(self, sentence: Sentence, kind: str) -> Iterator[list[Draft]]:
        mentions = sorted(sentence.mentions, key=self._rank)
        makers = {
            SINGLE_CHOICE: self._choice_candidates,
            CLOZE: self._cloze_candidates,
            NUMERICAL: self._numerical_candidates,
            SHORT_ANSWER: self._short_answer_candidates,
            TRUE_FALSE: self._true_false_candidates,
        }
        maker = makers.get(kind)
        if maker is not None:
            yield from maker(sentence, mentions)

    def _choice_candidates(
        self, sentence: Sentence, mentions: list[Mention]
    ) -> Iterator[list[Draft]]:
        for mention in mentions:
            choice = self.single_choice(sentence, mention)
            if choice:
                yield [choice]

    def _cloze_candidates(
        self, sentence: Sentence, mentions: list[Mention]
    ) -> Iterator[list[Draft]]:
        for mention in [*mentions, *self._phrase_mentions(sentence)]:
            if self._in_title(sentence, mention):
                continue
            if mention.term.kind in (YEAR, NUMBER, PHRASE) or self._rare(mention):
                yield [self.cloze(sentence, mention)]

    def _numerical_candidates(
        self, sentence: Sentence, mentions: list[Mention]
    ) -> Iterator[list[Draft]]:
        for mention in mentions:
            if mention.term.kind in (YEAR, NUMBER) and _value(mention.term.text) is not None:
                yield [self.numerical(sentence, mention)]

    def _short_answer_candidates(
        self, sentence: Sentence, mentions: list[Mention]
    ) -> Iterator[list[Draft]]:
        for mention in mentions:
            if self._in_title(sentence, mention):
                continue
            if mention.term.kind in NAMED and self._rare(mention):
                yield [self.short_answer(sentence, mention)]

    def _true_false_candidates(
        self, sentence: Sentence, mentions: list[Mention]
    ) -> Iterator[list[Draft]]:
        for mention in mentions:
            pair = self.true_false_pair(sentence, mention)
            if pair:
                yield pair

    def _rank(self, mention: Mention) -> tuple[int, int]:
        """Rarer terms first (a term in many sentences is what the text is about, not a
        detail to recall), longer names before shorter."""
        return (self.sentence_count[mention.term.key], -len(mention.term.text))

    def _rare(self, mention: Mention) -> bool:
        return self.sentence_count[mention.term.key] == 1

    def _in_title(self, sentence: Sentence, mention: Mention) -> bool:
        """Prompts name the section by its title: a term in the title would be given away."""
        return mention.term.key in self.titles[sentence.part].casefold()

    def _phrase_mentions(self, sentence: Sentence) -> list[Mention]:
        found = []
        lowered = sentence.text.lower()
        for phrase in sentence.phrases:
            if is_name(phrase):
                continue
            start = lowered.find(phrase.lower())
            if start >= 0 and not any(
                start < m.end and m.start < start + len(phrase) for m in sentence.mentions
            ):
                text = sentence.text[start : start + len(phrase)]
                found.append(Mention(Term(text, PHRASE), start, start + len(phrase)))
        return found

    # -- generators -------------------------------------------------------------------------

    def cloze(self, sentence: Sentence, mention: Mention) -> Draft:
        blank = KIND_WORDS[mention.term.kind].replace(" ", "_")
        left, right = _window(sentence.text, mention.start, mention.end, SIDE_WORDS)
        text = f"{left}{{{{{blank}}}}}{right}"
        title = self.titles[sentence.part]
        body = {"text": text, "blanks": {blank: self._accepted(mention.term)}}
        return Draft(
            CLOZE,
            f"Fill in the missing {KIND_WORDS[mention.term.kind]} in this point from "
            f"\u201c{title}\u201d.",
            self._explain(sentence, mention),
            body,
            sentence.part,
            sentence.paragraph,
            mention.term.text,
            "medium",
            shown=(text,),
            typed=True,
        )

    def numerical(self, sentence: Sentence, mention: Mention) -> Draft:
        """A year or a figure typed as a number: right only when exact (a draft cannot know
        how precise the text means to be; the teacher may add a tolerance)."""
        left, right = _window(sentence.text, mention.start, mention.end, SIDE_WORDS)
        asked = "Which year" if mention.term.kind == YEAR else "Which number"
        prompt = f"{asked} fills the gap in \u201c{left}___{right}\u201d? Type a number."
        value = _value(mention.term.text)
        return Draft(
            NUMERICAL,
            prompt,
            self._explain(sentence, mention),
            {"answers": [{"value": value, "tolerance": 0, "credit": 1.0}], "units": []},
            sentence.part,
            sentence.paragraph,
            mention.term.text,
            "medium",
            shown=(prompt,),
            typed=True,
        )

    def short_answer(self, sentence: Sentence, mention: Mention) -> Draft:
        left, right = _window(sentence.text, mention.start, mention.end, SIDE_WORDS)
        kind = KIND_WORDS[mention.term.kind]
        prompt = (
            f"Which {kind} is missing from \u201c{left}___{right}\u201d? "
            "Type it as the text writes it."
        )
        return Draft(
            SHORT_ANSWER,
            prompt,
            self._explain(sentence, mention),
            {"answers": self._accepted(mention.term)},
            sentence.part,
            sentence.paragraph,
            mention.term.text,
            "hard",
            shown=(prompt,),
            typed=True,
        )

    def single_choice(self, sentence: Sentence, mention: Mention) -> Draft | None:
        others = self._same_kind(mention.term, sentence)
        if len(others) < 2:
            return None
        left, right = _window(sentence.text, mention.start, mention.end, SIDE_WORDS)
        kind = KIND_WORDS[mention.term.kind]
        prompt = f"Which {kind} completes this point from the text: \u201c{left}___{right}\u201d?"
        options: list[dict[str, Any]] = [{"text": mention.term.text, "correct": True}]
        for term, elsewhere in others:
            where = next(m for m in elsewhere.mentions if m.term.key == term.key)
            side = max(1, (STATEMENT_WORDS - 2 - len(term.text.split())) // 2)
            d_left, d_right = _window(elsewhere.text, where.start, where.end, side)
            options.append(
                {
                    "text": term.text,
                    "correct": False,
                    "feedback": f"Not here: {term.text} belongs to another point, "
                    f"\u201c{d_left}{term.text}{d_right}\u201d, in "
                    f"\u201c{self.titles[elsewhere.part]}\u201d.",
                }
            )
        # The right option goes first, middle and last about equally often.
        place = sum(self.tested.values()) % len(options)
        options.insert(place, options.pop(0))
        return Draft(
            SINGLE_CHOICE,
            prompt,
            self._explain(sentence, mention),
            {"options": options},
            sentence.part,
            sentence.paragraph,
            mention.term.text,
            "medium",
            shown=(prompt, *(str(o["text"]) for o in options)),
        )

    def true_false_pair(self, sentence: Sentence, mention: Mention) -> list[Draft] | None:
        # A swap from the same section keeps the false statement on the section it cites.
        others = sorted(
            self._same_kind(mention.term, sentence), key=lambda o: o[1].part != sentence.part
        )
        if not others:
            return None
        swap = others[0][0]
        words = len(mention.term.text.split())
        left, right = _statement(sentence.text, mention.start, mention.end, words, lead=True)
        true_text = f"{left}{mention.term.text}{right}"
        f_left, f_right = _statement(sentence.text, mention.start, mention.end, words, lead=False)
        false_text = f"{f_left}{swap.text}{f_right}"
        if _ABSOLUTE.search(true_text) or _ABSOLUTE.search(false_text):
            return None
        title = self.titles[sentence.part]
        context = self._context(sentence, mention)
        made = []
        for statement, answer, why in (
            (
                f"True or false: in \u201c{title}\u201d, the text says \u201c{true_text}\u201d.",
                True,
                f"True: the text ties {mention.term.text} to {context}.",
            ),
            (
                f"True or false: the text states \u201c{false_text}\u201d.",
                False,
                f"False as written: the text gives {mention.term.text} here, not {swap.text}, "
                f"and ties it to {context}.",
            ),
        ):
            made.append(
                Draft(
                    TRUE_FALSE,
                    statement,
                    why,
                    {"answer": answer},
                    sentence.part,
                    sentence.paragraph,
                    mention.term.text if answer else swap.text,
                    "easy",
                    shown=(statement,),
                )
            )
        return made

    # -- helpers ----------------------------------------------------------------------------

    def _same_kind(self, term: Term, sentence: Sentence) -> list[tuple[Term, Sentence]]:
        """Terms of the same kind from other sentences of the document, never invented: the
        closest in length first, so the right option does not stand out."""
        here = {m.term.key for m in sentence.mentions}
        pool = [
            (other, where)
            for other, where in self.by_kind.get(term.kind, [])
            if other.key not in here and normalize(other.text) != normalize(term.text)
        ]
        pool.sort(key=lambda item: abs(len(item[0].text) - len(term.text)))
        return pool[:MAX_DISTRACTORS]

    def _accepted(self, term: Term) -> list[str]:
        accepted = [term.text]
        other = self.abbreviations.get(term.key)
        if other and normalize(other) != normalize(term.text):
            accepted.append(other)
        if term.kind == PHRASE and term.text.lower() != term.text:
            accepted.append(term.text.lower())
        return list(dict.fromkeys(accepted))

    def _context(self, sentence: Sentence, mention: Mention) -> str:
        """What the sentence connects the term with: its key phrases and other terms that
        the prompt does not show (then those of its paragraph)."""
        shown = terms(_window_text(sentence.text, mention) + " " + self.titles[sentence.part])
        items = [*sentence.phrases, *(m.term.text for m in sentence.mentions)]
        for other in self.sentences:
            if other.paragraph == sentence.paragraph and other is not sentence:
                items += [*other.phrases, *(m.term.text for m in other.mentions)]
        chosen: list[str] = []
        covered: set[str] = set(shown) | set(terms(mention.term.text))
        for item in items:
            new = terms(item) - covered
            overlaps = any(
                item.casefold() in c.casefold() or c.casefold() in item.casefold() for c in chosen
            )
            if new and not overlaps and len(chosen) < 3:
                chosen.append(item)
                covered |= new
        if not chosen:
            chosen = ["the rest of its paragraph"]
        if len(chosen) == 1:
            return chosen[0]
        return ", ".join(chosen[:-1]) + " and " + chosen[-1]

    def _explain(self, sentence: Sentence, mention: Mention) -> str:
        return (
            f"The answer is {mention.term.text}: in the part \u201c{self.titles[sentence.part]}"
            f"\u201d, the text ties it to {self._context(sentence, mention)}."
        )


def _value(text: str) -> int | float | None:
    """The number a year or figure writes ("1,221,773", "2.5"); None for a decade ("2000s")."""
    digits = text.replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?", digits):
        return None
    return float(digits) if "." in digits else int(digits)


def _window_text(text: str, mention: Mention) -> str:
    left, right = _window(text, mention.start, mention.end, SIDE_WORDS)
    return left + right


def _window(text: str, start: int, end: int, side: int) -> tuple[str, str]:
    """Up to `side` words before and after text[start:end], stopping at a clause's comma or
    semicolon once there are three words; '…' marks a cut."""
    before = text[:start]
    after = text[end:]
    left_words = before.split(" ")
    kept: list[str] = []
    for word in reversed(left_words[:-1] if before.endswith(" ") else left_words):
        if len(kept) >= side or (len(kept) >= 3 and word.endswith((",", ";", ":"))):
            break
        kept.insert(0, word)
    cut_left = len(" ".join(kept).strip()) < len(before.strip())
    left = ("\u2026 " if cut_left else "") + " ".join(kept) + (" " if before.endswith(" ") else "")
    right_words = after.split(" ")
    taken: list[str] = []
    lead = right_words[0]
    for word in right_words[1:]:
        if len(taken) >= side:
            break
        taken.append(word)
        if len(taken) >= 3 and word.endswith((",", ";", ":")):
            break
    rest = " ".join(taken)
    cut_right = len((lead + " " + rest).strip()) < len(after.strip())
    right = lead + (" " + rest if rest else "")
    if cut_right:
        right = right.rstrip(",;:") + " \u2026"
    return left.lstrip() if not cut_left else left, right


def _statement(text: str, start: int, end: int, words: int, *, lead: bool) -> tuple[str, str]:
    """A fragment of at most STATEMENT_WORDS words around the term (of `words` words):
    mostly the words before it (`lead`) or mostly those after it."""
    before = text[:start].split()
    after = text[end:].split()
    room = max(2, STATEMENT_WORDS - 1 - words)
    take_before = min(len(before), room - 1 if lead else 1)
    take_after = min(len(after), room - take_before)
    take_before = min(len(before), room - take_after)
    left = " ".join(before[len(before) - take_before :]) if take_before else ""
    right = " ".join(after[:take_after])
    glued_left = text[:start].endswith(("(", "\u201c", '"'))
    glued_right = bool(text[end:]) and not text[end:].startswith(" ")
    left = left + ("" if glued_left or not left else " ")
    right = ("" if glued_right or not right else " ") + right
    return left, right.rstrip(",;:.")
