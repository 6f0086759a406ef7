"""No page or asset served before an answer is final carries anything of the answer key.

Built from the banks themselves (the shipped one and the every-type test deck), so a question
added to either is covered at once. For every page a student gets before an answer is final
(quiz pages one per page and all on one page, practice quiz pages, the review page, every
flashcard front from the study queue and from extra practice, the queue when it is done, the
deck, history and progress pages) and for the static assets, it looks for:

- an accepted answer (short answers, cloze blanks, numbers) anywhere but in the visible text of the
  questions and decks themselves: in attributes and identifiers, hidden or visible text;
- a cloze blank's name (often its answer) in any identifier of a control;
- explanations and per-option feedback, which belong to the back of a card;
- a correct option marked as such: every option of a question must have the same markup;
- the key's order: ordering items in their right order, matching answers each level with
  their partner, a right option first in every choice question;
- control values that are not display positions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import select

from quizapp.models import Attempt, Deck, LearnerSettings, Quiz, User
from quizapp.paths import resource_dir
from quizapp.questions import bank
from quizapp.questions.markdown import render_inline, render_markdown
from quizapp.questions.model import DeckSpec, QuestionSpec
from tests.conftest import DATA, import_bank

BANKS = [resource_dir("question_bank") / "russia-iran.yaml", DATA / "mini-bank.yaml"]
ASSETS = ["/static/js/quiz.js", "/static/js/study.js", "/static/css/app.css"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
# Shown only with the answer: their presence on a page before it is a leak.
ANSWER_MARKERS = {"answer-key", "feedback-block", "is-right", "is-wrong", "is-partial", "correct"}
CONTROLS = {"input", "select", "option", "textarea", "label", "button", "form"}
# Hidden values that are signatures or random tokens, not content.
OPAQUE_FIELDS = {"csrf_token", "ticket"}


def load_decks() -> list[DeckSpec]:
    decks, problems = bank.load_bank_texts([(p.name, p.read_bytes()) for p in BANKS])
    assert problems == []
    return decks


DECKS = load_decks()
QUESTIONS = [q for deck in DECKS for q in deck.questions]


# A small DOM, enough to compare the markup of options and read the order things are shown in.


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)
    _text: str | None = None

    def text(self) -> str:
        if self._text is None:
            self._text = norm(" ".join(self._texts()))
        return self._text

    def _texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield from child._texts()

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def skeleton(self) -> str:
        """The markup with its text and numbers blanked: equal for options marked alike."""
        attrs = " ".join(
            f"{name}={'V' if name == 'value' else re.sub(r'[0-9]+', '#', value)}"
            for name, value in sorted(self.attrs.items())
        )
        inner = "".join("T" if isinstance(c, str) else c.skeleton() for c in self.children)
        return f"<{self.tag} {attrs}>{inner}</{self.tag}>"


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.current.children.append(data)


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def shown_text(markdown_html: str) -> str:
    """Rendered Markdown as the page's text reads it."""
    return parse(markdown_html).text()


def tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", norm(text))


# What each question may show before its answer is final, and what it must not.


def visible_parts(question: QuestionSpec) -> list[str]:
    body = question.body
    parts = [shown_text(render_markdown(question.prompt))]
    texts = [o["text"] for o in body.get("options", [])] + list(body.get("items", []))
    texts += [p["left"] for p in body.get("pairs", [])] + [
        p["right"] for p in body.get("pairs", [])
    ]
    texts += list(body.get("distractors", []))
    if question.type == "cloze":
        texts += re.split(r"\{\{[a-z0-9_]+\}\}", body["text"])
    parts += [shown_text(render_inline(t)) for t in texts]
    return [p for p in parts if p]


def deck_parts(deck: DeckSpec) -> list[str]:
    texts = [deck.title, deck.source_title]
    texts += [t.title for t in deck.topics] + [t.description or "" for t in deck.topics]
    parts = [shown_text(render_markdown(deck.description))]
    return parts + [shown_text(render_inline(t)) for t in texts if t]


def accepted_answers(question: QuestionSpec) -> list[str]:
    body = question.body
    if question.type == "short_answer":
        answers = list(body["answers"])
    elif question.type == "cloze":
        answers = [a for accepted in body["blanks"].values() for a in accepted]
    elif question.type == "numerical":
        answers = [str(a.get("value", a.get("min"))) for a in body["answers"]]
    else:
        return []
    # Too short to tell from ordinary words and numbers on a page ("8", "a"): left out.
    return [
        a for a in answers if len(norm(a)) >= 3 and (re.search(r"[^\W\d_]", a) or len(norm(a)) >= 4)
    ]


def back_texts(question: QuestionSpec) -> list[str]:
    """Texts only the back of a card shows: the explanation and the feedback notes."""
    body = question.body
    notes = [o.get("feedback") for o in body.get("options", [])]
    notes += [body.get("feedback_true"), body.get("feedback_false")]
    texts = [shown_text(render_markdown(question.explanation))]
    return texts + [shown_text(render_inline(n)) for n in notes if n]


ALLOWED = sorted(
    {p for q in QUESTIONS for p in visible_parts(q)} | {p for d in DECKS for p in deck_parts(d)},
    key=len,
    reverse=True,
)
ALLOWED_IDENTIFIERS = sorted(
    {d.slug for d in DECKS} | {t.id for d in DECKS for t in d.topics}, key=len, reverse=True
)
ANSWERS = [(q, a) for q in QUESTIONS for a in accepted_answers(q)]
ANSWER_WORDS = [(q, a, f" {' '.join(tokens(a))} ") for q, a in ANSWERS]
ANSWER_PATTERNS = [
    (q, a, re.compile(r"(?<![^\W_])" + re.escape(norm(a)) + r"(?![^\W_])")) for q, a in ANSWERS
]
BACK_TEXTS = [(q, t) for q in QUESTIONS for t in back_texts(q)]


@dataclass
class Coverage:
    """Which questions each kind of page has shown: every question must appear on each."""

    seen: dict[str, set[str]] = field(default_factory=dict)
    # For the choice questions shown: whether the first option shown is a right one.
    right_first: dict[str, list[bool]] = field(default_factory=dict)

    def add(self, kind: str, question: QuestionSpec) -> None:
        self.seen.setdefault(kind, set()).add(question.id)

    def add_first(self, kind: str, right: bool) -> None:
        self.right_first.setdefault(kind, []).append(right)


def check_page(where: str, html: str, coverage: Coverage | None = None, kind: str = "") -> None:
    """Fail on anything in `html` that comes from an answer key."""
    root = parse(html)
    problems: list[str] = []
    on_page = list(_questions_on(root))
    _check_attributes(root, [q for _, q in on_page], problems)
    _check_text(root, problems)
    for container, question in on_page:
        if coverage is not None:
            coverage.add(kind, question)
            if "options" in question.body:
                texts = [o["text"] for o in question.body["options"]]
                first = _shown_order(container, texts)[0]
                coverage.add_first(kind, bool(question.body["options"][first].get("correct")))
        _check_question(container, question, problems)
    assert not problems, f"{where}:\n" + "\n".join(problems)


def _check_attributes(root: Node, on_page: list[QuestionSpec], problems: list[str]) -> None:
    """Every attribute's words go into one string per page, "| "-separated, searched once for
    each answer; the controls' identifiers into another, for the blank names."""
    words: list[str] = []
    identifiers: list[str] = []
    select_name = ""
    for node in root.walk():
        if node.tag == "select":
            select_name = node.attrs.get("name", "")
        for name, value in node.attrs.items():
            if name == "value" and _is_position_value(node, select_name):
                if not re.fullmatch(r"[0-9]*|true|false", value):
                    problems.append(f"control value {value!r} is not a display position")
                continue
            if name == "value" and node.attrs.get("name") in OPAQUE_FIELDS:
                continue
            if name == "class" and (marked := ANSWER_MARKERS & node.classes()):
                problems.append(f"answer marker class {sorted(marked)} on <{node.tag}>")
            cleaned = norm(value)
            for allowed in ALLOWED_IDENTIFIERS:
                cleaned = cleaned.replace(allowed, " ")
            words.append(" ".join(tokens(cleaned)))
            if node.tag in CONTROLS or name.startswith(("data-", "aria-")) or name == "id":
                parts = re.findall(r"[a-z0-9]+", cleaned) + re.findall(r"[a-z0-9_]+", cleaned)
                identifiers.append(" ".join(parts))
    every_word = " | " + " | ".join(words) + " | "
    for question, answer, answer_words in ANSWER_WORDS:
        if answer_words in every_word:
            problems.append(f"{question.id}: answer {answer!r} in an attribute")
    every_identifier = " | " + " | ".join(identifiers) + " | "
    for question in on_page:
        for blank in question.body.get("blanks", {}) if question.type == "cloze" else ():
            if f" {blank} " in every_identifier:
                problems.append(f"{question.id}: blank name {blank!r} in a control's identifier")


def _is_position_value(node: Node, select_name: str) -> bool:
    """Radio buttons, checkboxes and select options of a question: they carry positions."""
    if node.tag == "input" and node.attrs.get("type") in ("radio", "checkbox"):
        return re.match(r"q\d+-", node.attrs.get("name", "")) is not None
    return node.tag == "option" and re.match(r"[qr]\d+-", select_name) is not None


def _check_text(root: Node, problems: list[str]) -> None:
    text = root.text()
    for question, secret in BACK_TEXTS:
        if secret and secret in text:
            problems.append(f"{question.id}: text of the card's back shown: {secret[:60]!r}")
    rest = text
    for allowed in ALLOWED:
        rest = rest.replace(allowed, " | ")
    for question, answer, pattern in ANSWER_PATTERNS:
        if pattern.search(rest):
            at = pattern.search(rest)
            assert at is not None
            context = rest[max(0, at.start() - 40) : at.end() + 40]
            problems.append(f"{question.id}: answer {answer!r} in the page's text: {context!r}")


def _questions_on(root: Node) -> Iterator[tuple[Node, QuestionSpec]]:
    prompts = sorted(
        ((shown_text(render_markdown(q.prompt)), q) for q in QUESTIONS),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    for node in root.walk():
        classes = node.classes()
        if "question" not in classes and "card-front" not in classes:
            continue
        prompt_node = next(
            n for n in node.walk() if n.classes() & {"question-prompt", "card-prompt"}
        )
        text = prompt_node.text()
        found = next((q for prompt, q in prompts if prompt and prompt in text), None)
        assert found is not None, f"an unknown question on the page: {text[:80]!r}"
        yield node, found


def _elements_with_text(container: Node, text: str) -> list[Node]:
    """The outermost elements of `container` whose whole text is `text`, in page order."""
    hits = []
    for node in container.walk():
        if node is container or node.text() != text:
            continue
        if node.parent is not None and node.parent.text() == text and node.parent is not container:
            continue
        hits.append(node)
    return hits


def _shown_order(container: Node, texts: list[str]) -> list[int]:
    """The index of each text, in the order the page first shows them."""
    where = {}
    positions = {id(n): i for i, n in enumerate(container.walk())}
    for index, text in enumerate(texts):
        hits = _elements_with_text(container, shown_text(render_inline(text)))
        if hits:
            where[index] = positions[id(hits[0])]
    return sorted(where, key=where.__getitem__)


def _check_question(container: Node, question: QuestionSpec, problems: list[str]) -> None:
    body = question.body

    def shown_order(texts: list[str]) -> list[int]:
        return _shown_order(container, texts)

    if question.type in ("single_choice", "multiple_choice", "true_false"):
        texts = [o["text"] for o in body["options"]] if "options" in body else ["True", "False"]
        skeletons = set()
        for text in texts:
            for hit in _elements_with_text(container, shown_text(render_inline(text))):
                skeletons.add(hit.skeleton())
        if len(skeletons) > 1:
            problems.append(f"{question.id}: options are not all marked up alike: {skeletons}")
    if question.type == "cloze":
        names = re.findall(r"\{\{[a-z0-9_]+\}\}", body["text"])
        inputs = [n for n in container.walk() if n.tag == "input" and "blank" in n.classes()]
        gaps = [n for n in container.walk() if "cloze-gap" in n.classes()]
        if len(inputs) + len(gaps) != len(names):
            problems.append(f"{question.id}: {len(inputs) + len(gaps)} blanks shown")
    if question.type == "ordering":
        order = shown_order(list(body["items"]))
        if order == list(range(len(body["items"]))):
            problems.append(f"{question.id}: items shown in their right order")
    if question.type == "matching":
        rights = [p["right"] for p in body["pairs"]] + list(body.get("distractors", []))
        lefts = shown_order([p["left"] for p in body["pairs"]])
        answers = shown_order(rights)
        if lefts and answers[: len(lefts)] == lefts:
            problems.append(f"{question.id}: each answer shown level with its partner")


# The pages


def question_count(db: Any, slug: str) -> int:
    return sum(len(d.questions) for d in DECKS if d.slug == slug)


@pytest.fixture
def student(app, auth, db):  # type: ignore[no-untyped-def]
    import_bank(app, *BANKS)
    auth.create("teach", role="teacher")
    auth.create("student1")
    auth.login("student1")
    user = db.scalars(select(User).where(User.username == "student1")).one()
    db.add(
        LearnerSettings(
            user_id=user.id,
            desired_retention=0.9,
            new_per_day=1000,
            reviews_per_day=1000,
            day_starts_at=4,
            timezone="UTC",
            leech_threshold=8,
            quiz_updates_cards=False,
        )
    )
    db.commit()
    return user


def assigned_quiz(db: Any, slug: str, **settings: Any) -> Quiz:
    db.rollback()
    deck = db.scalars(select(Deck).where(Deck.slug == slug)).one()
    teacher = db.scalars(select(User).where(User.username == "teach")).one()
    values = {
        "title": "Graded",
        "question_count": 500,
        "feedback": "immediate",
        "pass_percent": 60,
        "shuffle_questions": True,
        "shuffle_options": True,
        "one_per_page": True,
        **settings,
    }
    quiz = Quiz(deck_id=deck.id, owner_id=teacher.id, kind="assigned", **values)
    db.add(quiz)
    db.commit()
    return quiz


def attempt_id_from(response: Any) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/attempts/(\d+)", response.headers["Location"]).group(1))


def finish(client: Any, db: Any, attempt_id: int) -> None:
    db.rollback()
    revision = db.get(Attempt, attempt_id).revision
    client.post(f"/attempts/{attempt_id}/finish", data={"revision": revision})


def get(client: Any, path: str) -> str:
    with client.get(path) as response:
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data(as_text=True)


@pytest.mark.parametrize("slug", [d.slug for d in DECKS])
def test_no_page_before_the_answer_is_final_carries_the_key(client, student, db, slug):
    total = question_count(db, slug)
    coverage = Coverage()
    for asset in ASSETS:
        check_page(asset, get(client, asset))

    # A teacher's quiz, one question per page, feedback after each (before any is checked).
    quiz = assigned_quiz(db, slug)
    attempt_id = attempt_id_from(client.post(f"/quizzes/{quiz.id}/start"))
    for number in range(1, total + 1):
        path = f"/attempts/{attempt_id}/q/{number}"
        check_page(path, get(client, path), coverage, "one per page")
    check_page("review", get(client, f"/attempts/{attempt_id}/review"))
    check_page("deck page with an attempt open", get(client, f"/decks/{slug}"))
    saved = client.post(
        f"/attempts/{attempt_id}/save",
        data={"revision": "0", "action": "save"},
        headers={"Accept": "application/json"},
    )
    assert saved.get_json() == {"revision": 1}
    finish(client, db, attempt_id)

    # All on one page, options in the bank's order.
    quiz = assigned_quiz(db, slug, one_per_page=False, shuffle_options=False, feedback="end")
    attempt_id = attempt_id_from(client.post(f"/quizzes/{quiz.id}/start"))
    check_page("all on one page", get(client, f"/attempts/{attempt_id}"), coverage, "one page")
    finish(client, db, attempt_id)

    # A practice quiz of the whole deck.
    attempt_id = attempt_id_from(client.post(f"/decks/{slug}/practice", data={"count": "100"}))
    for number in range(1, total + 1):
        path = f"/attempts/{attempt_id}/q/{number}"
        check_page(path, get(client, path), coverage, "practice")

    # Every flashcard front, as the study queue serves them, then as extra practice does.
    for _ in range(total + 1):
        page = get(client, f"/decks/{slug}/study")
        check_page("study queue", page, coverage, "study")
        found = re.search(r'/study/back/(\d+)".*?name="v" value="(\d+)"', page, re.S)
        if found is None:
            assert "All done for now" in page
            break
        question, version = found.groups()
        client.post(
            f"/decks/{slug}/study/rate", data={"question": question, "v": version, "rating": "4"}
        )
    for number in range(total):
        check_page(
            "extra practice", get(client, f"/decks/{slug}/cram?n={number}"), coverage, "cram"
        )

    for path in ["/decks", f"/decks/{slug}", "/history", "/progress", "/study/leeches"]:
        check_page(path, get(client, path))
    every = {q.id for d in DECKS if d.slug == slug for q in d.questions}
    for kind in ("one per page", "one page", "practice", "study", "cram"):
        assert coverage.seen.get(kind) == every, kind
        # A right option first on every question would be an order taken from the key (the
        # shipped bank lists a right option first in every choice question).
        right_first = coverage.right_first.get(kind, [])
        assert len(right_first) < 10 or not all(right_first), kind


def test_the_checker_finds_each_kind_of_leak():
    """The checks above would catch the leaks they are for (so they cannot pass vacuously)."""
    cloze = next(q for q in QUESTIONS if q.type == "cloze")
    name = next(iter(cloze.body["blanks"]))
    prompt = render_markdown(cloze.prompt)
    leaky = [
        f'<fieldset class="question"><legend class="question-prompt">{prompt}</legend>'
        f'<input type="text" class="blank" name="q1-blank-{name}"></fieldset>',
        "<span hidden>Tehran</span>",
        '<p class="answer-key">x</p>',
        f"<p>{cloze.explanation}</p>",
    ]
    single = next(q for q in QUESTIONS if q.type == "single_choice")
    options = "".join(
        f'<label class="choice"{" data-correct" if o.get("correct") else ""}>'
        f'<input type="radio" name="q1-choice" value="{i}"><span>{render_inline(o["text"])}</span>'
        "</label>"
        for i, o in enumerate(single.body["options"])
    )
    leaky.append(
        f'<fieldset class="question"><legend class="question-prompt">'
        f"{render_markdown(single.prompt)}</legend>{options}</fieldset>"
    )
    ordering = next(q for q in QUESTIONS if q.type == "ordering")
    items = "".join(f"<li>{render_inline(i)}</li>" for i in ordering.body["items"])
    leaky.append(
        f'<div class="card-front"><div class="card-prompt">{render_markdown(ordering.prompt)}'
        f'</div><ul class="card-options">{items}</ul></div>'
    )
    for html in leaky:
        with pytest.raises(AssertionError):
            check_page("leaky", html)
