"""Cards and reviews in the database: the queue, rating, undo, suspending, the quiz bridge."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple, Protocol

from fsrs import Rating, Scheduler, State
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quizapp.claims import claim
from quizapp.flashcards import balance, queue
from quizapp.flashcards.scheduling import (
    MEMORY_FIELDS,
    RATING_NAMES,
    RATINGS,
    MemoryState,
    make_scheduler,
    retrievability,
    review,
)
from quizapp.models import (
    Card,
    Deck,
    DeckRetention,
    LearnerSettings,
    Question,
    Review,
    ReviewOrigin,
)
from quizapp.refusals import About, Refusal

MAX_DURATION_MS = 60_000


class StudyRefusal(Refusal):
    """A study request about a card that is refused (`refusals.Refusal`)."""

    about = About.CARD


def settings_for(session: Session, user_id: int) -> LearnerSettings:
    """The learner's settings; the defaults, unsaved, for a learner who never changed them."""
    found = session.get(LearnerSettings, user_id)
    if found is None:
        return default_settings(user_id)
    return found


def default_settings(user_id: int) -> LearnerSettings:
    return LearnerSettings.with_defaults(user_id)


def scheduler_for(settings: LearnerSettings, desired_retention: float | None = None) -> Scheduler:
    """The learner's scheduler, at a deck's own desired retention when it has one."""
    retention = settings.desired_retention if desired_retention is None else desired_retention
    return make_scheduler(retention, settings.fsrs_parameters)


def retention_for(session: Session, settings: LearnerSettings, question_id: int) -> float:
    """The desired retention of the question's deck for this learner, else their general one."""
    found = session.scalar(
        select(DeckRetention.desired_retention)
        .join(Question, Question.deck_id == DeckRetention.deck_id)
        .where(DeckRetention.user_id == settings.user_id, Question.id == question_id)
    )
    return settings.desired_retention if found is None else found


# Load balancing: a review's day inside the fuzz range, by what is already due


def _balances(settings: LearnerSettings) -> bool:
    return bool(settings.load_balancing or settings.easy_days)


def _due_by_day(
    session: Session, settings: LearnerSettings, now: datetime, days: range
) -> Counter[int]:
    """How many of the learner's review cards fall due on each of the study days `days` (as
    days from today); one index range over ix_cards_user_due."""
    if not settings.load_balancing:
        return Counter()
    dues = session.scalars(
        select(Card.due).where(
            Card.user_id == settings.user_id,
            Card.suspended.is_(False),
            Card.due >= now + timedelta(days=days.start - 1),
            Card.due < now + timedelta(days=days.stop + 1),
            Card.state == int(State.Review),
        )
    )
    today = queue.day_number(now, settings.timezone, settings.day_starts_at)
    return Counter(
        queue.day_number(due, settings.timezone, settings.day_starts_at) - today for due in dues
    )


def _whole_days(memory: MemoryState, now: datetime) -> int | None:
    """The interval in days of a review card FSRS would fuzz, else None."""
    if memory.state != int(State.Review) or memory.due is None:
        return None
    days = round((memory.due - now).total_seconds() / 86400)
    return days if days >= 3 else None


def balanced(
    session: Session,
    settings: LearnerSettings,
    outcomes: dict[Rating, MemoryState],
    now: datetime,
) -> dict[Rating, MemoryState]:
    """Each outcome moved, inside its fuzz range, to the study day with the fewest reviews
    already due (easy days counting as fuller); the others unchanged."""
    intervals = {rating: _whole_days(memory, now) for rating, memory in outcomes.items()}
    wanted = [balance.fuzz_range(days) for days in intervals.values() if days is not None]
    if not wanted or not _balances(settings):
        return outcomes
    counts = _due_by_day(
        session, settings, now, range(min(low for low, _ in wanted), max(h for _, h in wanted) + 1)
    )
    today = queue.day_number(now, settings.timezone, settings.day_starts_at)

    def weekday_in(days: int) -> int:
        return date.fromordinal(today + days).weekday()

    result = dict(outcomes)
    for rating, days in intervals.items():
        if days is not None:
            chosen = balance.balanced_interval(days, counts, settings.easy_days, weekday_in)
            result[rating] = replace(outcomes[rating], due=now + timedelta(days=chosen))
    return result


def button_intervals(
    session: Session,
    settings: LearnerSettings,
    card: Card | None,
    question_id: int,
    now: datetime,
) -> dict[Rating, timedelta]:
    """The interval each rating would give, balanced exactly as rating the card will be."""
    scheduler = scheduler_for(settings, retention_for(session, settings, question_id))
    memory = memory_of(card)
    outcomes = balanced(
        session, settings, {r: review(scheduler, memory, r, now) for r in RATINGS}, now
    )
    return {rating: (after.due or now) - now for rating, after in outcomes.items()}


class CardMemory(Protocol):
    """A card's FSRS fields: a Card, or a row selected with the same column names."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int


def memory_of(card: CardMemory | None) -> MemoryState:
    if card is None:
        return MemoryState()
    return MemoryState(**{name: getattr(card, name) for name in MEMORY_FIELDS})


def _store_memory(card: Card, memory: MemoryState) -> None:
    due = memory.due or card.due  # a card always has a due moment
    for name in MEMORY_FIELDS:
        setattr(card, name, getattr(memory, name))
    card.due = due


# Which questions a study session covers


@dataclass(frozen=True)
class Scope:
    deck: Deck
    topics: tuple[str, ...] = ()

    def _active(self) -> tuple[ColumnElement[bool], ...]:
        return (Question.deck_id == self.deck.id, Question.retired_at.is_(None))

    def _wants(self, topics: list[str]) -> bool:
        return not self.topics or bool(set(topics) & set(self.topics))

    def questions(self, session: Session) -> list[Question]:
        rows = session.scalars(select(Question).where(*self._active()).order_by(Question.position))
        return [q for q in rows if self._wants(q.topics)]

    def question_ids(self, session: Session) -> list[int]:
        """The ids of `questions`, in the same order, without loading the questions."""
        if not self.topics:
            ids = select(Question.id).where(*self._active()).order_by(Question.position)
            return list(session.scalars(ids))
        rows = session.execute(
            select(Question.id, Question.topics).where(*self._active()).order_by(Question.position)
        )
        return [qid for qid, topics in rows if self._wants(topics)]


@dataclass
class QueueStatus:
    reviews_due: list[Card]
    learning_due: list[Card]
    new_questions: list[int]  # ids of the questions not started yet, in deck order
    limits: queue.Limits
    next_due_at: datetime | None
    # The learner's cards in the scope by question, suspended and buried ones included.
    cards: dict[int, Card] = field(default_factory=dict)
    # The scope's questions left out because their answers are held back (an open quiz).
    held_back: list[int] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        return queue.next_kind(
            len(self.reviews_due), len(self.learning_due), len(self.new_questions), self.limits
        )

    def next_question_id(self) -> int | None:
        kind = self.kind
        if kind == queue.NEXT_REVIEW:
            return self.reviews_due[0].question_id
        if kind == queue.NEXT_LEARNING:
            return self.learning_due[0].question_id
        if kind == queue.NEXT_NEW:
            return self.new_questions[0]
        return None

    @property
    def counts(self) -> dict[str, int]:
        return {
            "review": min(len(self.reviews_due), self.limits.reviews_left),
            "learning": len(self.learning_due),
            "new": min(len(self.new_questions), self.limits.new_left),
        }


def done_today(session: Session, user_id: int, day: queue.StudyDay) -> tuple[int, int]:
    """(reviews of review cards, new cards introduced) in the learner's study day."""
    rows = session.execute(
        select(Review.state_before, func.count())
        .where(
            Review.user_id == user_id,
            Review.reviewed_at >= day.start,
            Review.reviewed_at < day.end,
        )
        .group_by(Review.state_before)
    ).all()
    by_state = dict(rows)
    return by_state.get(int(State.Review), 0), by_state.get(0, 0)


def queue_status(
    session: Session,
    user_id: int,
    scope: Scope,
    now: datetime,
    held: Collection[int] = (),
) -> QueueStatus:
    """The learner's queue in the scope. `new_questions` holds the ids of the scope's questions
    the learner has not started (in deck order), not the questions themselves.

    The `held` questions (whose answers must not be shown now) wait outside the queue."""
    settings = settings_for(session, user_id)
    ids = scope.question_ids(session)
    held_back = [qid for qid in ids if qid in held]
    if held_back:
        ids = [qid for qid in ids if qid not in held]
    cards: Sequence[Card] = session.scalars(
        select(Card)
        .join(Question, Question.id == Card.question_id)
        .where(
            Card.user_id == user_id,
            Question.deck_id == scope.deck.id,
            Question.retired_at.is_(None),
        )
    ).all()
    if scope.topics or held_back:
        in_scope = set(ids)
        cards = [card for card in cards if card.question_id in in_scope]
    by_question = {card.question_id: card for card in cards}
    available = [c for c in cards if not c.suspended and not _buried(c, now)]
    started = [c for c in available if c.reps > 0]
    reviews_due = sorted(
        (c for c in started if c.state == int(State.Review) and c.due <= now), key=_due
    )
    learning_due = sorted(
        (c for c in started if c.state != int(State.Review) and c.due <= now), key=_due
    )
    new_questions = [
        qid
        for qid in ids
        if qid not in by_question or (by_question[qid].reps == 0 and by_question[qid] in available)
    ]
    day = queue.study_day(now, settings.timezone, settings.day_starts_at)
    reviews_done, new_done = done_today(session, user_id, day)
    upcoming = [c.due for c in started if c.due > now]
    return QueueStatus(
        reviews_due=reviews_due,
        learning_due=learning_due,
        new_questions=new_questions,
        limits=queue.limits_left(
            settings.reviews_per_day, settings.new_per_day, reviews_done, new_done
        ),
        next_due_at=min(upcoming) if upcoming else None,
        cards=by_question,
        held_back=held_back,
    )


def _buried(card: Card, now: datetime) -> bool:
    return card.buried_until is not None and card.buried_until > now


def _due(card: Card) -> datetime:
    return card.due


# Rating and undoing


def card_for(session: Session, user_id: int, question_id: int) -> Card | None:
    return session.scalars(
        select(Card).where(Card.user_id == user_id, Card.question_id == question_id)
    ).one_or_none()


def _get_or_create_card(session: Session, user_id: int, question_id: int, now: datetime) -> Card:
    card = card_for(session, user_id, question_id)
    if card is not None:
        return card
    card = Card(user_id=user_id, question_id=question_id, due=now, version=0)
    try:
        with session.begin_nested():
            session.add(card)
    except IntegrityError as exc:
        raise StudyRefusal("That card was just rated in another tab.") from exc
    return card


def rate(
    session: Session,
    user_id: int,
    question_id: int,
    expected_version: int,
    rating: Rating,
    now: datetime,
    *,
    duration_ms: int | None = None,
    origin: str = ReviewOrigin.STUDY,
    settings: LearnerSettings | None = None,
) -> Review:
    """Apply a rating to the learner's card, once: a second rating of the same showing of the
    card (a double click, a replayed form) is refused.

    `settings` may come from a reading Session, so the writing transaction does less."""
    active = session.scalar(select(Question.retired_at.is_(None)).where(Question.id == question_id))
    if not active:
        raise StudyRefusal("That card is no longer in the deck.", 404)
    card = _get_or_create_card(session, user_id, question_id, now)
    _claim(session, card, expected_version)
    return _apply(session, card, rating, now, duration_ms, origin, settings)


def _claim(session: Session, card: Card, expected_version: int) -> None:
    """Take the card's next version if it is still the one read, or refuse.

    Every change to a card goes through here: a compare-and-set on the version that was
    read with the card's other fields (claims.claim), so a change computed from an older read
    (another tab, a quiz answer at the same moment, PostgreSQL's READ COMMITTED) never
    overwrites a newer one.
    """
    if card.version != expected_version or not claim(session, card, "version", card.version):
        session.rollback()
        raise StudyRefusal("That card was already rated; here is the next one.")


def _card_to_change(session: Session, user_id: int, question_id: int, now: datetime) -> Card:
    """The learner's card, created if need be, read afresh and locked to this transaction.

    For changes that apply to the card as it is now (a quiz answer, suspending, burying)
    rather than to the version a page showed: they wait for a concurrent change instead of
    being refused by it. SQLite ignores the lock; its writers already take turns.
    """
    for _ in range(2):
        card = session.scalars(
            select(Card)
            .where(Card.user_id == user_id, Card.question_id == question_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one_or_none()
        if card is not None:
            return card
        card = Card(user_id=user_id, question_id=question_id, due=now, version=0)
        try:
            with session.begin_nested():
                session.add(card)
        except IntegrityError:
            # Created at the same moment by a transaction that has committed since: read it.
            continue
        return card
    raise StudyRefusal("That card is being changed elsewhere; try again.")


def _apply(
    session: Session,
    card: Card,
    rating: Rating,
    now: datetime,
    duration_ms: int | None,
    origin: str,
    settings: LearnerSettings | None = None,
) -> Review:
    if settings is None:
        settings = settings_for(session, card.user_id)
    before = memory_of(card)
    scheduler = scheduler_for(settings, retention_for(session, settings, card.question_id))
    after = review(scheduler, before, rating, now)
    after = balanced(session, settings, {rating: after}, now)[rating]
    entry = Review(
        card_id=card.id,
        user_id=card.user_id,
        rating=int(rating),
        reviewed_at=now,
        duration_ms=None if duration_ms is None else max(0, min(duration_ms, MAX_DURATION_MS)),
        origin=origin,
        state_before=0 if before.is_new else before.state,
        before={
            **before.as_dict(),
            "suspended": card.suspended,
            "is_leech": card.is_leech,
            "buried_until": card.buried_until.isoformat() if card.buried_until else None,
        },
        state_after=after.state,
        scheduled_days=round(((after.due or now) - now).total_seconds() / 86400, 4),
    )
    _store_memory(card, after)
    card.buried_until = None
    if card.lapses >= settings.leech_threshold and not card.is_leech:
        card.is_leech = True
        card.suspended = True
    session.add(entry)
    session.flush()
    return entry


def _latest_study_rating(*columns: Any) -> Any:
    return (
        select(*columns)
        .where(Review.origin == ReviewOrigin.STUDY)
        .order_by(Review.id.desc())
        .limit(1)
    )


def last_review_id(session: Session, user_id: int) -> int | None:
    """The id of the learner's most recent study rating (what the undo button sends)."""
    return session.scalar(_latest_study_rating(Review.id).where(Review.user_id == user_id))


def last_review(session: Session, user_id: int) -> Review | None:
    return session.scalars(_latest_study_rating(Review).where(Review.user_id == user_id)).first()


def undo(session: Session, user_id: int, review_id: int) -> Card:
    """Put the card back exactly as it was before the learner's most recent study rating."""
    latest = last_review(session, user_id)
    if latest is None or latest.id != review_id:
        raise StudyRefusal("Only your most recent rating can be undone.")
    card = session.get(Card, latest.card_id)
    if card is None or card.user_id != user_id:
        raise StudyRefusal("Only your most recent rating can be undone.", 404)
    _claim(session, card, card.version)
    if last_review_id(session, user_id) != review_id:
        # Another rating landed between reading the latest one and claiming the card.
        session.rollback()
        raise StudyRefusal("Only your most recent rating can be undone.")
    before = latest.before
    _store_memory(card, MemoryState.from_dict(before))
    card.suspended = before["suspended"]
    card.is_leech = before["is_leech"]
    card.buried_until = (
        datetime.fromisoformat(before["buried_until"]) if before["buried_until"] else None
    )
    session.delete(latest)
    session.flush()
    return card


def record_quiz_answer(
    session: Session, user_id: int, question_id: int, correct: bool, now: datetime
) -> Review | None:
    """One memory model: a graded quiz answer counts as Good when right, Again when not."""
    if not settings_for(session, user_id).quiz_updates_cards:
        return None
    card = _card_to_change(session, user_id, question_id, now)
    _claim(session, card, card.version)
    return _apply(
        session, card, Rating.Good if correct else Rating.Again, now, None, ReviewOrigin.QUIZ
    )


# Suspend, bury, and reading the state back


def set_suspended(
    session: Session, user_id: int, question_id: int, suspended: bool, now: datetime
) -> Card:
    card = _card_to_change(session, user_id, question_id, now)
    _claim(session, card, card.version)
    card.suspended = suspended
    if not suspended:
        card.is_leech = False
    session.flush()
    return card


def bury(session: Session, user_id: int, question_id: int, until: datetime, now: datetime) -> Card:
    card = _card_to_change(session, user_id, question_id, now)
    _claim(session, card, card.version)
    card.buried_until = until
    session.flush()
    return card


def weakest(
    session: Session, user_id: int, scope: Scope, now: datetime, limit: int
) -> list[tuple[Question, float]]:
    """Reviewed cards of the scope, lowest current retrievability first."""
    scheduler = scheduler_for(settings_for(session, user_id))
    ids = scope.question_ids(session)
    cards = session.scalars(
        select(Card).where(Card.user_id == user_id, Card.question_id.in_(ids), Card.reps > 0)
    ).all()
    ranked = sorted(
        ((card.question, retrievability(scheduler, memory_of(card), now)) for card in cards),
        key=lambda pair: pair[1],
    )
    return ranked[:limit]


def leeches(session: Session, user_id: int, deck_id: int | None = None) -> Sequence[Card]:
    query = select(Card).join(Question).where(Card.user_id == user_id, Card.is_leech.is_(True))
    if deck_id is not None:
        query = query.where(Question.deck_id == deck_id)
    return session.scalars(query.order_by(Card.lapses.desc())).all()


class LeechQuestion(NamedTuple):
    """A row of the teacher's leech report."""

    question: Question
    learners: int
    lapses: int


def leech_questions(session: Session, deck: Deck) -> list[LeechQuestion]:
    """The deck's questions that are leeches for some learner: (question, how many learners,
    their lapses added up), the most learners first. The teacher's leech report."""
    rows = session.execute(
        select(Question, func.count(Card.id), func.sum(Card.lapses))
        .join(Card, Card.question_id == Question.id)
        .where(Question.deck_id == deck.id, Card.is_leech.is_(True))
        .group_by(Question.id)
        .order_by(func.count(Card.id).desc(), Question.position)
    )
    return [LeechQuestion(question, learners, lapses) for question, learners, lapses in rows]


@dataclass(frozen=True)
class StudySummary:
    """The summary page of a study session: cards reviewed (and rated above Again), the time
    the reviews took, what falls due by the end of tomorrow, and how many got each rating."""

    reviewed: int
    right: int
    seconds: float
    due_tomorrow: int
    by_rating: dict[str, int]


def summary(
    session: Session, user_id: int, since: datetime, now: datetime, scope: Scope
) -> StudySummary:
    """The learner's study since `since` in the scope: its deck (and topics) only."""
    ids = scope.question_ids(session)
    rows = session.scalars(
        select(Review)
        .join(Card, Card.id == Review.card_id)
        .where(
            Review.user_id == user_id,
            Review.origin == ReviewOrigin.STUDY,
            Review.reviewed_at >= since,
            Card.question_id.in_(ids),
        )
        .order_by(Review.reviewed_at)
    ).all()
    settings = settings_for(session, user_id)
    today = queue.study_day(now, settings.timezone, settings.day_starts_at)
    tomorrow = queue.study_day(today.end, settings.timezone, settings.day_starts_at)
    due_by_tomorrow = session.scalar(
        select(func.count()).where(
            Card.user_id == user_id,
            Card.question_id.in_(ids),
            Card.reps > 0,
            Card.suspended.is_(False),
            Card.due < tomorrow.end,
        )
    )
    return StudySummary(
        reviewed=len(rows),
        right=sum(1 for r in rows if r.rating > int(Rating.Again)),
        seconds=sum((r.duration_ms or 0) for r in rows) / 1000,
        due_tomorrow=due_by_tomorrow or 0,
        by_rating={
            name: sum(1 for r in rows if r.rating == int(rating))
            for rating, name in RATING_NAMES.items()
        },
    )
