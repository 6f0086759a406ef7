"""A deck's downloads in every format of the exchange table, each with the questions the
format cannot hold listed before the download."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, render_template
from werkzeug.wrappers import Response

from quizapp.db import get_session
from quizapp.exchange import FORMATS, Exported, Format, UnknownFormat, get_format
from quizapp.exchange.store import export_request
from quizapp.teacher.blueprint import bp


@dataclass(frozen=True)
class Download:
    format: Format
    exported: Exported

    @property
    def left_out(self) -> int:
        return sum(1 for s in self.exported.skipped if s.reason.startswith("left out"))


@bp.route("/teacher/decks/<slug>/export")
def export_deck(slug: str) -> str:
    request = export_request(get_session(), slug) or abort(404)
    downloads = [
        Download(found, found.export(request))
        for found in FORMATS.values()
        if found.export is not None
    ]
    return render_template(
        "teacher/export.html",
        deck=request.deck,
        downloads=downloads,
        total=len(request.deck.questions),
    )


@bp.route("/teacher/decks/<slug>/export/<format_name>")
def export_download(slug: str, format_name: str) -> Response:
    try:
        found = get_format(format_name)
    except UnknownFormat:
        abort(404)
    if found.export is None:
        abort(404)
    request = export_request(get_session(), slug) or abort(404)
    exported = found.export(request)
    return Response(
        exported.data,
        mimetype=found.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.filename}"'},
    )
