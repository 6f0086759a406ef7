"""Teachers import banks (YAML, or another app's file converted first): upload and validate,
preview (with the conversion's problems and lint warnings), confirm or discard."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.db import get_session
from quizapp.exchange.upload import (
    ACCEPT,
    BANK_SUFFIXES,
    Upload,
    UploadRefused,
    accepted_formats,
    read_upload,
)
from quizapp.inputs import single
from quizapp.lint import Finding, lint_decks
from quizapp.models import ImportBatch, ImportStatus, utcnow
from quizapp.questions import bank, store
from quizapp.questions.bank import MAX_FILE_BYTES
from quizapp.teacher.blueprint import bp
from quizapp.teacher.forms import ImportForm


@bp.route("/teacher/import", methods=["GET", "POST"])
def upload() -> str | Response:
    form = ImportForm()
    problems: list[bank.Problem] = []
    if form.validate_on_submit():
        uploads, refusals = _uploaded_files(form.files.data)
        if refusals:
            for refusal in refusals:
                form.files.errors = [*form.files.errors, refusal]
        else:
            files = [(u.name, u.data) for u in uploads]
            decks, problems = bank.load_bank_texts(files, store.known_specs(get_session()))
            if not problems:
                batch = ImportBatch(
                    user_id=current_user.id,
                    files=[
                        {"name": u.name, "text": u.data.decode("utf-8"), **u.record()}
                        for u in uploads
                    ],
                )
                session = get_session()
                session.add(batch)
                session.commit()
                return redirect(url_for("teacher.preview", batch_id=batch.id))
    return render_template(
        "teacher/import.html",
        form=form,
        problems=problems,
        limit_mb=MAX_FILE_BYTES // 2**20,
        upload_mb=current_app.config["MAX_CONTENT_LENGTH"] // 2**20,
        formats=accepted_formats(),
        accept=ACCEPT,
    )


def _uploaded_files(uploads: list[Any]) -> tuple[list[Upload], list[str]]:
    files: list[Upload] = []
    refusals: list[str] = []
    for upload in uploads:
        name = (upload.filename or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        if not name:
            continue
        # A bank file: one byte over the limit is enough for the validator to refuse it by
        # size. Another format: the request's own size limit already bounds it.
        is_bank = name.lower().endswith(BANK_SUFFIXES)
        data = upload.read(MAX_FILE_BYTES + 1) if is_bank else upload.read()
        upload.close()
        try:
            files.append(read_upload(name, data))
        except UploadRefused as exc:
            refusals.append(str(exc))
    if not files and not refusals:
        refusals.append("Choose at least one file.")
    return files, refusals


def _own_batch(batch_id: int) -> ImportBatch:
    batch = get_session().get(ImportBatch, batch_id)
    if batch is None or batch.user_id != current_user.id:
        abort(404)
    return batch


def _batch_files(batch: ImportBatch) -> list[tuple[str, bytes]]:
    return [(f["name"], f["text"].encode("utf-8")) for f in batch.files]


def _batch_decks(batch: ImportBatch) -> tuple[list[bank.DeckSpec], list[bank.Problem]]:
    return bank.load_bank_texts(_batch_files(batch), store.known_specs(get_session()))


@bp.route("/teacher/import/<int:batch_id>")
def preview(batch_id: int) -> str | Response:
    batch = _own_batch(batch_id)
    if batch.status != ImportStatus.PENDING:
        flash("That import was already dealt with; nothing more to do.", "info")
        return redirect(url_for("teacher.decks"))
    decks, problems = _batch_decks(batch)
    session = get_session()
    result = None if problems else store.import_decks(session, decks, dry_run=True)
    session.rollback()
    warnings = [] if problems else _lint_warnings(batch, decks)
    drafts = [] if problems else bank.warnings(decks)
    return render_template(
        "teacher/preview.html",
        batch=batch,
        result=result,
        problems=problems,
        warnings=warnings,
        drafts=drafts,
    )


def _lint_warnings(batch: ImportBatch, decks: list[bank.DeckSpec]) -> list[Finding]:
    """`quizapp lint` on what the import would make of the decks; shown, never blocking. Only
    warnings about the uploaded files: questions already imported are not the upload's."""
    texts = {f["name"]: f["text"] for f in batch.files}
    report = lint_decks(decks, texts)
    return [finding for finding in report.findings if finding.file in texts]


@bp.route("/teacher/import/<int:batch_id>/confirm", methods=["POST"])
def confirm(batch_id: int) -> Response:
    session = get_session()
    batch = _own_batch(batch_id)
    if batch.status != ImportStatus.PENDING:
        flash("That import was already applied; nothing changed this time.", "info")
        return redirect(url_for("teacher.decks"))
    confirmed = single(request.form.to_dict(flat=False), "confirm_drafts") == "1"
    result, problems = store.import_files(session, _batch_files(batch), drafts_confirmed=confirmed)
    if result is None:
        if store.only_unconfirmed_drafts(problems):
            flash(
                f"{len(problems)} question(s) are drafts: tick the box to confirm you reviewed "
                "them, or remove 'draft: true' from them; nothing changed.",
                "error",
            )
        else:
            flash(
                "The files no longer validate against the current decks; nothing changed.",
                "error",
            )
        return redirect(url_for("teacher.preview", batch_id=batch.id))
    batch.status = ImportStatus.APPLIED
    batch.applied_at = utcnow()
    # The status check and the import commit together: a second click finds "applied".
    session.commit()
    for deck in result.decks:
        flash(
            f"Deck {deck.title}: {len(deck.added)} added, {len(deck.changed)} changed, "
            f"{len(deck.retired)} retired, {len(deck.restored)} restored.",
            "success",
        )
    return redirect(url_for("teacher.decks"))


@bp.route("/teacher/import/<int:batch_id>/discard", methods=["POST"])
def discard(batch_id: int) -> Response:
    session = get_session()
    batch = _own_batch(batch_id)
    if batch.status == ImportStatus.PENDING:
        batch.status = ImportStatus.DISCARDED
        session.commit()
        flash("Import discarded; nothing changed.", "info")
    return redirect(url_for("teacher.upload"))
