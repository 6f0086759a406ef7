"""The one optimistic claim: take a row's next version number only if it is still the one read.

A conditional UPDATE (compare-and-set) on the counter, so two requests that read the same
number cannot both go on: the attempt's revision (quiz/service.py) and the card's version
(flashcards/service.py) both go through `claim`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value


def claim(session: Session, row: Any, counter: str, read: int, *still: ColumnElement[bool]) -> bool:
    """Bump `row.<counter>` from `read` to `read + 1` where the conditions `still` hold.

    False if another request got there first: the session is then rolled back, and the caller
    refuses. On success the new number is recorded as loaded, not as a change to flush.
    """
    model = type(row)
    column = getattr(model, counter)
    claimed = session.execute(
        update(model)
        .where(model.id == row.id, column == read, *still)
        .values({counter: column + 1})
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        return False
    set_committed_value(row, counter, read + 1)
    return True
