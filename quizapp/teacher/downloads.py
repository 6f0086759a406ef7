"""A CSV file as a download: the one response every teacher's CSV page sends."""

from __future__ import annotations

from flask import Response


def csv_download(text: str, filename: str) -> Response:
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
