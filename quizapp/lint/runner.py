"""Running every rule on the validated decks of a set of bank files, honouring each question's
`lint: {ignore: [...], because: ...}`."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from quizapp.lint import cues, fidelity, redundancy, teaching, traps
from quizapp.lint.context import DeckContext
from quizapp.lint.model import DeckSummary, Finding, LintReport
from quizapp.lint.rules import RULES
from quizapp.lint.source import Document
from quizapp.questions import bank
from quizapp.questions import types as question_types
from quizapp.questions.model import DIFFICULTIES, DeckSpec

FAMILIES = (traps, cues, redundancy, teaching, fidelity)


def lint_files(
    files: Sequence[tuple[str, bytes]],
    document: Document | None = None,
    known_decks: Mapping[str, DeckSpec] | None = None,
) -> LintReport:
    """Validate the files, then lint every deck they hold; validation problems come back in
    `problems` with no findings, since a bank that does not validate cannot be linted."""
    decks, problems = bank.load_bank_texts(files, known_decks)
    if problems:
        return LintReport(problems=problems)
    texts = {name: data.decode("utf-8", "replace") for name, data in files}
    return lint_decks(decks, texts, document)


def lint_decks(
    decks: Iterable[DeckSpec], texts: Mapping[str, str], document: Document | None = None
) -> LintReport:
    report = LintReport()
    for deck in decks:
        file, line, column = _deck_position(deck, texts)
        ctx = DeckContext(deck, file, line, column, document, texts)
        findings: list[Finding] = []
        for family in FAMILIES:
            findings.extend(family.check(ctx))
        report.findings.extend(_silenced(ctx, findings))
        report.summaries.append(summarise(deck))
    report.findings.sort(key=lambda f: (f.file, f.line, f.column, f.code, f.message))
    return report


def _deck_position(deck: DeckSpec, texts: Mapping[str, str]) -> tuple[str, int, int]:
    slug = re.compile(rf"^(\s*)slug:\s*[\"']?{re.escape(deck.slug)}[\"']?\s*(#.*)?$", re.M)
    for name, text in texts.items():
        match = slug.search(text)
        if match:
            return name, text.count("\n", 0, match.start()) + 1, len(match.group(1)) + 1
    first = deck.questions[0] if deck.questions else None
    return (first.file, 1, 1) if first else ("", 1, 1)


def _silenced(ctx: DeckContext, findings: list[Finding]) -> list[Finding]:
    ignores = {q.id: set(q.lint_ignore) for q in ctx.deck.questions if q.lint_ignore}
    kept: list[Finding] = []
    for finding in findings:
        named = finding.questions
        if named and all(finding.code in ignores.get(qid, ()) for qid in named):
            continue
        kept.append(finding)
    for question in ctx.deck.questions:
        if not question.lint_ignore:
            continue
        unknown = [code for code in question.lint_ignore if code not in RULES]
        if unknown:
            kept.append(
                ctx.at(
                    question,
                    "Q002",
                    f"'lint' ignores {', '.join(unknown)}, which is no rule of quizapp lint",
                )
            )
        if not (question.lint_because or "").strip():
            kept.append(
                ctx.at(
                    question,
                    "Q001",
                    f"'lint' silences {', '.join(question.lint_ignore)} without a reason: add "
                    'because: "..."',
                )
            )
    return kept


def summarise(deck: DeckSpec) -> DeckSummary:
    sections = Counter(q.source for q in deck.questions)
    topics = Counter(t for q in deck.questions for t in q.topics)
    types = Counter(q.type for q in deck.questions)
    levels = Counter(q.difficulty or "unset" for q in deck.questions)
    return DeckSummary(
        slug=deck.slug,
        questions=len(deck.questions),
        sections=tuple((s.id, s.title, sections[s.id]) for s in deck.sections),
        topics=tuple((t.id, t.title, topics[t.id]) for t in deck.topics),
        types=tuple((name, types[name]) for name in question_types.names() if types[name]),
        difficulties=tuple(
            (name, levels[name]) for name in (*DIFFICULTIES, "unset") if levels[name]
        ),
    )


def summary_table(summary: DeckSummary) -> str:
    """The balance table printed after the warnings."""
    lines = [f"deck {summary.slug}: {summary.questions} questions"]

    def table(heading: str, rows: list[tuple[str, int]]) -> None:
        width = max([len(heading), *(len(name) for name, _ in rows)])
        lines.append(f"  {heading:<{width}}  questions")
        for name, count in rows:
            share = count / summary.questions if summary.questions else 0.0
            lines.append(f"  {name:<{width}}  {count:>9}  {share:>4.0%}  {'#' * count}")

    table("section", [(i, n) for i, _, n in summary.sections])
    table("topic", [(i, n) for i, _, n in summary.topics])
    table("type", list(summary.types))
    table("difficulty", list(summary.difficulties))
    return "\n".join(lines)
