"""The database tables, as typed SQLAlchemy 2.x models. Alembic migrations create them."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnDefault,
    DateTime,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints, so migrations can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes in, and out: SQLite hands datetimes back naive, so
    the UTC they were stored in is put back on at this boundary, and nowhere else."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; quizapp stores only aware UTC datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Role(enum.StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"


# The states below are stored as these very strings (the CHECK constraints name them): a
# StrEnum member equals its string, so rows and queries read the same either way.


class QuizKind(enum.StrEnum):
    ASSIGNED = "assigned"  # set up by a teacher
    PRACTICE = "practice"  # a learner's own round


class Feedback(enum.StrEnum):
    IMMEDIATE = "immediate"  # each answer marked when checked
    END = "end"  # marks once the attempt is finished


class AttemptStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"


class ImportStatus(enum.StrEnum):
    PENDING = "pending"  # previewed, waiting for the teacher's confirmation
    APPLIED = "applied"
    DISCARDED = "discarded"


class ReviewOrigin(enum.StrEnum):
    STUDY = "study"  # a rating on the study page
    QUIZ = "quiz"  # a graded quiz answer


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('student', 'teacher')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-case: usernames are case-insensitive.
    username: Mapped[str] = mapped_column(String(32), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.STUDENT.value)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    # What Flask-Login asks of a user object.
    is_active = True
    is_anonymous = False
    is_authenticated = True

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_teacher(self) -> bool:
        return self.role == Role.TEACHER.value


class LoginSession(Base):
    """One signed-in browser: its cookie carries the token, the database only its hash.

    Logging out deletes the row, so a copy of the cookie stops working at once.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RateLimitCounter(Base):
    """Attempts (log-ins, registrations) from one client within one limit's current window."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    hits: Mapped[int] = mapped_column()
    # Seconds since the epoch, the clock of the `limits` library that asks for these counts.
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class Deck(Base):
    """A deck of questions imported from YAML; `slug` is its stable identity."""

    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    source_title: Mapped[str] = mapped_column(String(300))
    # Ordered lists of {"id", "title", "note"} and {"id", "title", "description"}.
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    topics: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)
    # The fingerprint of the set of files this deck was last imported from (with the validator
    # that read them), and how many decks that set made: re-importing the same bytes skips the
    # work. Any import of the deck from other files replaces both.
    files_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    files_decks: Mapped[int | None]

    questions: Mapped[list[Question]] = relationship(
        back_populates="deck", order_by="Question.position"
    )

    def section(self, key: str) -> dict[str, Any] | None:
        return next((s for s in self.sections if s["id"] == key), None)

    def topic_title(self, key: str) -> str:
        return next((t["title"] for t in self.topics if t["id"] == key), key)


class Question(Base):
    """One question of a deck. Never deleted: removed from the bank, it is retired."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("deck_id", "key"),
        Index("ix_questions_deck_active", "deck_id", "retired_at", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="RESTRICT"))
    # The question's `id` in the YAML file, stable across edits.
    key: Mapped[str] = mapped_column(String(64))
    type: Mapped[str] = mapped_column(String(32))
    prompt: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(64))
    difficulty: Mapped[str | None] = mapped_column(String(16))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    # sha256 of the canonical content: an import changes a question only when this differs.
    content_hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(default=1)
    position: Mapped[int] = mapped_column(default=0)
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow, onupdate=utcnow)

    deck: Mapped[Deck] = relationship(back_populates="questions")

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class ImportBatch(Base):
    """Files a teacher uploaded, kept between the preview and the confirmation."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # [{"name": file name, "text": UTF-8 content}]
    files: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default=ImportStatus.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Quiz(Base):
    """A quiz on a deck: set up by a teacher, or a student's own practice round."""

    __tablename__ = "quizzes"
    __table_args__ = (
        CheckConstraint("kind IN ('assigned', 'practice')", name="kind"),
        CheckConstraint("feedback IN ('immediate', 'end')", name="feedback"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="RESTRICT"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    # Empty lists mean "no restriction".
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    question_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    question_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    question_count: Mapped[int] = mapped_column(default=10)
    time_limit_minutes: Mapped[int | None] = mapped_column()
    max_attempts: Mapped[int | None] = mapped_column()
    feedback: Mapped[str] = mapped_column(String(16), default=Feedback.END.value)
    pass_percent: Mapped[int] = mapped_column(default=60)
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    shuffle_options: Mapped[bool] = mapped_column(default=True)
    one_per_page: Mapped[bool] = mapped_column(default=True)
    # While the quiz is open, its students may not study the deck's flashcards or practise it.
    closes_study: Mapped[bool] = mapped_column(default=False, server_default=false())
    opens_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    deck: Mapped[Deck] = relationship()


class Attempt(Base):
    """One sitting of a quiz. Its questions, their order and what was shown are fixed at start."""

    __tablename__ = "attempts"
    __table_args__ = (
        CheckConstraint("status IN ('in_progress', 'finished')", name="status"),
        Index("ix_attempts_user_started", "user_id", "started_at"),
        Index("ix_attempts_quiz_status", "quiz_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=AttemptStatus.IN_PROGRESS.value)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Bumped by every accepted change: a form carrying an older number is a replay.
    revision: Mapped[int] = mapped_column(default=0)
    score: Mapped[float | None] = mapped_column()
    max_score: Mapped[float] = mapped_column(default=0.0)

    quiz: Mapped[Quiz] = relationship()
    slots: Mapped[list[AttemptSlot]] = relationship(
        back_populates="attempt", order_by="AttemptSlot.position"
    )

    @property
    def is_finished(self) -> bool:
        return self.status == AttemptStatus.FINISHED


class AttemptSlot(Base):
    """One question of an attempt, as the student saw it, with their response and mark."""

    __tablename__ = "attempt_slots"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        # Covers the marks item analysis and reports read, so they never load the snapshots.
        Index(
            "ix_attempt_slots_marks", "attempt_id", "position", "question_id", "score", "is_final"
        ),
        # The slots that asked a question (is it in an assigned quiz under way, for a study page).
        Index("ix_attempt_slots_question", "question_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="RESTRICT"))
    question_version: Mapped[int] = mapped_column()
    # type, prompt, explanation, source, topics and body at the start of the attempt.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The display order of each shuffled list: {"options": [canonical index, ...], ...}.
    display_order: Mapped[dict[str, list[int]]] = mapped_column(JSON)
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Final: graded and locked (checked in immediate-feedback mode, or the attempt finished).
    is_final: Mapped[bool] = mapped_column(default=False)
    score: Mapped[float | None] = mapped_column()

    attempt: Mapped[Attempt] = relationship(back_populates="slots")
    question: Mapped[Question] = relationship()


class LearnerSettings(Base):
    """A learner's study preferences and their own FSRS parameters, once fitted."""

    __tablename__ = "learner_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    desired_retention: Mapped[float] = mapped_column(default=0.9)
    # None: the FSRS defaults; else the 21 weights `quizapp optimize` fitted.
    fsrs_parameters: Mapped[list[float] | None] = mapped_column(JSON)
    new_per_day: Mapped[int] = mapped_column(default=20)
    reviews_per_day: Mapped[int] = mapped_column(default=200)
    day_starts_at: Mapped[int] = mapped_column(default=4)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    leech_threshold: Mapped[int] = mapped_column(default=8)
    quiz_updates_cards: Mapped[bool] = mapped_column(default=True)
    # Within FSRS's fuzz range, a review goes to the day with the fewest reviews already due.
    load_balancing: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Days of the week (0 Monday .. 6 Sunday) that should get fewer reviews.
    easy_days: Mapped[list[int]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    # The last optimisation: when, from how many reviews, the fit before and after, kept or not.
    last_fit: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    @classmethod
    def with_defaults(cls, user_id: int) -> LearnerSettings:
        """Unsaved settings holding every column's default: the one source of the defaults.

        Column defaults apply at INSERT, so settings never saved (a learner who never changed
        them) read the defaults from the columns here instead of spelling them out again.
        """
        values: dict[str, Any] = {}
        for column in cls.__table__.columns:
            default = column.default
            if column.key == "user_id" or not isinstance(default, ColumnDefault):
                continue
            values[column.key] = default.arg(None) if default.is_callable else default.arg
        return cls(user_id=user_id, **values)


class DeckRetention(Base):
    """A learner's desired retention for one deck, instead of their general one."""

    __tablename__ = "deck_retentions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    deck_id: Mapped[int] = mapped_column(
        ForeignKey("decks.id", ondelete="CASCADE"), primary_key=True
    )
    desired_retention: Mapped[float] = mapped_column()


class Card(Base):
    """One learner's memory of one question: the FSRS state the scheduler works on."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("user_id", "question_id"),
        # The due queue: a learner's unsuspended cards by due time.
        Index("ix_cards_user_due", "user_id", "suspended", "due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="RESTRICT"))
    # fsrs.State: 1 learning, 2 review, 3 relearning.
    state: Mapped[int] = mapped_column(default=1)
    step: Mapped[int | None] = mapped_column()
    stability: Mapped[float | None] = mapped_column()
    difficulty: Mapped[float | None] = mapped_column()
    due: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_review: Mapped[datetime | None] = mapped_column(UtcDateTime())
    reps: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)
    suspended: Mapped[bool] = mapped_column(default=False)
    buried_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    is_leech: Mapped[bool] = mapped_column(default=False)
    # Bumped by every review and undo: a rating sent for an older version is a replay.
    version: Mapped[int] = mapped_column(default=0)

    question: Mapped[Question] = relationship()


class Review(Base):
    """One rating of a card, from study or from a quiz answer; the optimizer's training data.

    `before` keeps the card as it was, so an undo can put it back exactly.
    """

    __tablename__ = "reviews"
    __table_args__ = (
        Index("ix_reviews_user_time", "user_id", "reviewed_at"),
        Index("ix_reviews_card_time", "card_id", "reviewed_at"),
        # A learner's most recent study rating (undo), in one index seek.
        Index("ix_reviews_user_origin", "user_id", "origin", "id"),
        CheckConstraint("rating BETWEEN 1 AND 4", name="rating"),
        CheckConstraint("origin IN ('study', 'quiz')", name="origin"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    rating: Mapped[int] = mapped_column()
    reviewed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    duration_ms: Mapped[int | None] = mapped_column()
    origin: Mapped[str] = mapped_column(String(8), default=ReviewOrigin.STUDY.value)
    # The card's state before this review: 0 for a card never reviewed, else fsrs.State.
    # Daily limits count new cards and review cards by it.
    state_before: Mapped[int] = mapped_column()
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    # State after the review (1-3) and the interval it set, for statistics.
    state_after: Mapped[int] = mapped_column()
    scheduled_days: Mapped[float] = mapped_column(default=0.0)


class Reschedule(Base):
    """A card's due date recomputed from its history after the learner changed their
    parameters or desired retention: a log entry, not a review."""

    __tablename__ = "reschedules"
    __table_args__ = (
        Index("ix_reschedules_user_time", "user_id", "rescheduled_at"),
        CheckConstraint("reason IN ('parameters', 'retention')", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    rescheduled_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    reason: Mapped[str] = mapped_column(String(16))
    due_before: Mapped[datetime] = mapped_column(UtcDateTime())
    due_after: Mapped[datetime] = mapped_column(UtcDateTime())
    stability_before: Mapped[float | None] = mapped_column()
    stability_after: Mapped[float | None] = mapped_column()


class SchoolClass(Base):
    """A teacher's class; students join it with its code."""

    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    members: Mapped[list[ClassMember]] = relationship(
        back_populates="school_class", cascade="all, delete-orphan"
    )
    quizzes: Mapped[list[Quiz]] = relationship(secondary="class_quizzes")


class ClassMember(Base):
    __tablename__ = "class_members"

    class_id: Mapped[int] = mapped_column(
        ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    school_class: Mapped[SchoolClass] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class ClassQuiz(Base):
    """A quiz assigned to a class. A quiz assigned to no class is open to every student."""

    __tablename__ = "class_quizzes"

    class_id: Mapped[int] = mapped_column(
        ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True
    )
    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("quizzes.id", ondelete="CASCADE"), primary_key=True, index=True
    )
