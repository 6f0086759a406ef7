"""Optimising in a background thread, for review logs too long to fit and reschedule within a
request. One job per learner per process at a time; the result lands in `last_fit`."""

from __future__ import annotations

import logging
import threading

from flask import Flask

from quizapp.db import EXTENSION_KEY
from quizapp.flashcards import tuning
from quizapp.models import utcnow

log = logging.getLogger(__name__)
_lock = threading.Lock()
_running: dict[int, threading.Thread] = {}


def running(user_id: int) -> bool:
    with _lock:
        return user_id in _running


def start_optimising(app: Flask, user_id: int) -> bool:
    """Start optimising the learner's parameters in the background; False if it already is."""
    with _lock:
        if user_id in _running:
            return False
        thread = threading.Thread(
            target=_optimise, args=(app, user_id), name=f"optimise-{user_id}", daemon=True
        )
        _running[user_id] = thread
    thread.start()
    return True


def wait(user_id: int, timeout: float | None = None) -> None:
    """Wait for the learner's job, if one runs (for tests and the command line)."""
    with _lock:
        thread = _running.get(user_id)
    if thread is not None:
        thread.join(timeout)


def _optimise(app: Flask, user_id: int) -> None:
    try:
        with app.app_context(), app.extensions[EXTENSION_KEY]() as session:
            tuning.optimise(session, user_id, utcnow())
            session.commit()
    except Exception:  # a background job has no one to raise to: log it
        log.exception("optimising the parameters of user %s failed", user_id)
    finally:
        with _lock:
            _running.pop(user_id, None)
