"""A learner's own progress in an `.apkg`: after "Import any learning progress", the real
Anki holds their cards' FSRS memory state, due days and every review, quiz answers included."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from fsrs import Rating
from sqlalchemy import select
from sqlalchemy.orm import Session

from quizapp.auth.accounts import create_user
from quizapp.exchange.apkg import export_apkg, note_guid
from quizapp.exchange.model import ExportRequest
from quizapp.exchange.progress import learner_progress, with_progress
from quizapp.exchange.store import question_changes
from quizapp.flashcards import service
from quizapp.models import Card, Question, User
from quizapp.questions.store import deck_spec, find_deck
from tests.conftest import PASSWORD
from tests.exchange.ankitools import fresh_collection, import_package

START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)


def question_id(db: Session, key: str) -> int:
    found = db.scalar(select(Question.id).where(Question.key == key))
    assert found is not None
    return found


def study(db: Session, user: User, key: str, ratings: list[tuple[int, Rating]]) -> None:
    for day, rating in ratings:
        card = service.card_for(db, user.id, question_id(db, key))
        version = card.version if card else 0
        service.rate(
            db,
            user.id,
            question_id(db, key),
            version,
            rating,
            START + timedelta(days=day),
            duration_ms=4200,
        )
        db.commit()


def export_with_progress(db: Session, user: User) -> bytes:
    deck = find_deck(db, "mini")
    assert deck is not None
    request = ExportRequest(
        deck_spec(deck), question_changes(deck), learner_progress(db, user, deck)
    )
    return export_apkg(request).data


def anki_card(collection, key: str, ordinal: int = 0):  # type: ignore[no-untyped-def]
    note_id = collection.db.scalar("SELECT id FROM notes WHERE guid = ?", note_guid("mini", key))
    return next(card for card in collection.get_note(note_id).cards() if card.ord == ordinal)


def test_progress_export_carries_memory_state_and_reviews_into_anki(
    app: Flask, mini_deck: str, db: Session, tmp_path: Path
) -> None:
    user = create_user(db, "learner", PASSWORD)
    db.commit()
    study(db, user, "single-1", [(0, Rating.Good), (2, Rating.Good), (9, Rating.Good)])
    study(db, user, "cloze-1", [(0, Rating.Again), (0, Rating.Good), (1, Rating.Good)])
    # A quiz answer is a review too (its origin is kept here; Anki has none).
    service.record_quiz_answer(db, user.id, question_id(db, "tf-1"), False, START)
    study(db, user, "short-1", [(0, Rating.Good)])
    service.set_suspended(db, user.id, question_id(db, "short-1"), True, START)
    db.commit()
    ours = {
        key: db.scalar(
            select(Card).where(Card.user_id == user.id, Card.question_id == question_id(db, key))
        )
        for key in ("single-1", "cloze-1", "tf-1")
    }
    data = export_with_progress(db, user)

    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, data, tmp_path, with_progress=True)
        today = collection.sched.today
        for key, expected in ours.items():
            assert expected is not None and expected.stability is not None
            ordinals = (0, 1) if key == "cloze-1" else (0,)
            for ordinal in ordinals:
                card = anki_card(collection, key, ordinal)
                assert card.memory_state is not None
                assert abs(card.memory_state.stability - expected.stability) < 1e-3
                assert abs(card.memory_state.difficulty - expected.difficulty) < 1e-3
                assert card.reps == expected.reps
                assert card.lapses == expected.lapses
                reviews = collection.db.scalar("SELECT count() FROM revlog WHERE cid = ?", card.id)
                assert reviews == expected.reps
                if expected.state == 2:
                    assert card.type == 2 and card.queue == 2
                    days_left = (expected.due - datetime.now(UTC)).total_seconds() / 86_400
                    assert abs((card.due - today) - days_left) <= 1.5
                else:
                    assert card.type in (1, 3)
        assert anki_card(collection, "short-1").queue == -1  # suspended here, suspended there
        # Cards never studied stay new.
        assert anki_card(collection, "match-1").type == 0
        # The v2 scheduler's ratings are kept as given: Again, Hard, Good, Easy = 1, 2, 3, 4.
        eases = collection.db.list(
            "SELECT ease FROM revlog WHERE cid = ? ORDER BY id", anki_card(collection, "cloze-1").id
        )
        assert eases == [1, 3, 3]


def test_without_the_progress_box_anki_starts_the_cards_afresh(
    app: Flask, mini_deck: str, db: Session, tmp_path: Path
) -> None:
    user = create_user(db, "learner", PASSWORD)
    db.commit()
    study(db, user, "single-1", [(0, Rating.Good), (3, Rating.Easy)])
    data = export_with_progress(db, user)
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, data, tmp_path, with_progress=False)
        assert anki_card(collection, "single-1").type == 0
        assert collection.db.scalar("SELECT count() FROM revlog") == 0


def test_progress_is_only_the_learners_own(
    app: Flask, mini_deck: str, db: Session, tmp_path: Path
) -> None:
    me = create_user(db, "learner", PASSWORD)
    other = create_user(db, "someone-else", PASSWORD)
    db.commit()
    study(db, other, "single-1", [(0, Rating.Good), (3, Rating.Good)])
    deck = find_deck(db, "mini")
    assert deck is not None
    assert learner_progress(db, me, deck).cards == {}
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, export_with_progress(db, me), tmp_path, with_progress=True)
        assert collection.db.scalar("SELECT count() FROM revlog") == 0


def test_the_command_line_names_a_learner_or_says_there_is_none(
    app: Flask, mini_deck: str, db: Session
) -> None:
    user = create_user(db, "learner", PASSWORD)
    db.commit()
    study(db, user, "single-1", [(0, Rating.Good)])
    deck = find_deck(db, "mini")
    assert deck is not None
    request = with_progress(db, ExportRequest(deck_spec(deck)), "Learner")
    assert request.progress is not None and list(request.progress.cards) == ["single-1"]
    with pytest.raises(LookupError, match="no user 'nobody'"):
        with_progress(db, ExportRequest(deck_spec(deck)), "nobody")


def test_export_progress_on_the_command_line_writes_the_learners_reviews(
    app: Flask,
    mini_deck: str,
    db: Session,
    runner,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    user = create_user(db, "learner", PASSWORD)
    db.commit()
    study(db, user, "single-1", [(0, Rating.Good), (4, Rating.Good)])
    out = tmp_path / "mine.apkg"
    args = ["export", "mini", "--format", "apkg", "--progress", "learner", "-o", str(out)]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    with fresh_collection(tmp_path / "anki") as collection:
        import_package(collection, out.read_bytes(), tmp_path, with_progress=True)
        card = anki_card(collection, "single-1")
        assert card.reps == 2 and card.type == 2
        assert collection.db.scalar("SELECT count() FROM revlog") == 2


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--format", "apkg", "--progress", "nobody"], "Error: there is no user 'nobody'"),
        (
            ["--format", "gift", "--progress", "learner"],
            "Error: format 'gift' cannot carry progress (these can: apkg)",
        ),
    ],
)
def test_export_progress_of_no_one_or_in_a_format_without_progress_is_exit_status_2(
    app: Flask,
    mini_deck: str,
    db: Session,
    runner,
    tmp_path: Path,
    extra,
    message,  # type: ignore[no-untyped-def]
) -> None:
    create_user(db, "learner", PASSWORD)
    db.commit()
    out = tmp_path / "never.apkg"
    result = runner.invoke(args=["export", "mini", *extra, "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert not out.exists()


def test_progress_is_kept_for_imported_decks_only(app: Flask, db: Session, runner) -> None:  # type: ignore[no-untyped-def]
    create_user(db, "learner", PASSWORD)
    db.commit()
    bank_file = Path(__file__).parents[1] / "data" / "mini-bank.yaml"
    result = runner.invoke(
        args=["export", str(bank_file), "--format", "apkg", "--progress", "learner"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: progress is kept for imported decks only: import 'mini'"
    )
