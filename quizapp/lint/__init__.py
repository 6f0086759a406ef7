"""`quizapp lint`: checks of teaching quality a valid bank can still fail (grading traps, answer
cues, redundancy, weak explanations and feedback, fidelity to the source document)."""

from quizapp.lint.model import Finding, LintReport
from quizapp.lint.rules import RULES
from quizapp.lint.runner import lint_decks, lint_files
from quizapp.lint.source import Document, parse_document

__all__ = [
    "RULES",
    "Document",
    "Finding",
    "LintReport",
    "lint_decks",
    "lint_files",
    "parse_document",
]
