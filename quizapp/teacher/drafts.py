"""The teacher's "New deck from a text" page: upload or paste a document, preview the draft
deck (its questions, the validator's and the linter's findings), then download it as YAML or
open it in the import preview. Nothing is saved before the teacher opens the import."""

from __future__ import annotations

from flask import current_app, make_response, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from quizapp.db import get_session
from quizapp.draft import DocumentError
from quizapp.draft.build import draft_from_upload
from quizapp.draft.document import MAX_DOCUMENT_BYTES
from quizapp.formfields import form_status
from quizapp.models import ImportBatch
from quizapp.questions import bank
from quizapp.questions.present import answer_key
from quizapp.teacher.blueprint import bp
from quizapp.teacher.forms import DraftForm, DraftOutputForm

# The page's own limit, under the request limit so that a large file gets this page's message.
PAGE_LIMIT_BYTES = 2 * 2**20


@bp.route("/teacher/draft", methods=["GET", "POST"])
def draft() -> tuple[str, int]:
    form = DraftForm()
    result = None
    if form.validate_on_submit():
        upload = form.document.data
        data = upload.read(PAGE_LIMIT_BYTES + 1) if upload and upload.filename else None
        if upload:
            upload.close()
        try:
            if data is not None and len(data) > PAGE_LIMIT_BYTES:
                raise DocumentError(
                    f"{upload.filename}: the document is over {PAGE_LIMIT_BYTES // 2**20} MB: "
                    "split it, or use `quizapp draft` on the server"
                )
            result = draft_from_upload(
                upload.filename if data else None,
                data,
                form.text.data,
                slug=form.slug.data or None,
                title=form.title.data or None,
                spacy_model=current_app.config["SPACY_MODEL"] or None,
            )
        except DocumentError as exc:
            form.document.errors = [*form.document.errors, str(exc)]
    status = form_status(form)
    return (
        render_template(
            "teacher/draft.html",
            form=form,
            result=result,
            answer_key=answer_key,
            limit_mb=PAGE_LIMIT_BYTES // 2**20,
            max_mb=MAX_DOCUMENT_BYTES // 2**20,
        ),
        status,
    )


@bp.route("/teacher/draft/download", methods=["POST"])
def draft_download() -> Response:
    form = DraftOutputForm()
    if not form.validate_on_submit():
        return _refused(form)
    response = make_response(form.bank.data)
    response.headers["Content-Type"] = "application/yaml; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{form.name.data}"'
    return response


@bp.route("/teacher/draft/import", methods=["POST"])
def draft_import() -> Response:
    """The draft as an upload: the import preview checks it as it checks any file."""
    form = DraftOutputForm()
    if not form.validate_on_submit():
        return _refused(form)
    files = [(form.name.data, form.bank.data.encode("utf-8"))]
    _, problems = bank.load_bank_texts(files)
    if problems:
        return _refused(form, [str(p) for p in problems])
    batch = ImportBatch(
        user_id=current_user.id, files=[{"name": files[0][0], "text": form.bank.data}]
    )
    session = get_session()
    session.add(batch)
    session.commit()
    return redirect(url_for("teacher.preview", batch_id=batch.id))


def _refused(form: DraftOutputForm, problems: list[str] | None = None) -> Response:
    errors = problems or [e for errors in form.errors.values() for e in errors]
    page = render_template("teacher/draft_refused.html", errors=errors)
    return make_response(page, 400)
