"""The CSV export: one row per question, readable by a spreadsheet, and never a formula."""

from __future__ import annotations

import csv
import dataclasses
import io

from quizapp.exchange.csv_export import HEADER, export_csv
from quizapp.exchange.model import ExportRequest
from tests.exchange.test_apkg_export import DATA, SHIPPED, load, numerical_deck


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_one_row_per_question_with_its_answer() -> None:
    exported = export_csv(ExportRequest(load(DATA / "mini-bank.yaml")))
    assert exported.filename == "mini.csv" and exported.skipped == ()
    assert exported.data.decode("utf-8").splitlines()[0] == ",".join(HEADER)
    rows = {row["id"]: row for row in rows_of(exported.data)}
    assert list(rows) == ["single-1", "multi-1", "tf-1", "short-1", "cloze-1", "order-1", "match-1"]
    assert rows["single-1"]["options"].splitlines() == ["Blue", "Green", "Red", "Black"]
    assert rows["single-1"]["answer"] == "Blue"
    assert "Green: No: green is the colour of grass." in rows["single-1"]["feedback"]
    assert rows["multi-1"]["answer"].splitlines() == ["2", "3"]
    assert rows["tf-1"]["answer"] == "true"
    assert rows["short-1"]["answer"].splitlines() == ["Tehran", "Teheran"]
    assert rows["short-1"]["typos"] == "1"
    assert rows["cloze-1"]["answer"].splitlines() == ["star: Sun", "count: eight / 8"]
    assert rows["order-1"]["answer"].splitlines() == ["one", "two", "three", "four"]
    assert rows["match-1"]["answer"].splitlines()[0] == "France = Paris"
    assert rows["match-1"]["options"] == "Madrid"
    assert rows["match-1"]["section"] == "First part"
    assert rows["multi-1"]["topics"].splitlines() == ["alpha", "beta"]


def test_a_cell_a_spreadsheet_would_run_is_kept_as_text() -> None:
    deck = load(DATA / "mini-bank.yaml")
    risky = dataclasses.replace(deck.questions[0], prompt='=HYPERLINK("http://x.example")')
    exported = export_csv(ExportRequest(dataclasses.replace(deck, questions=(risky,))))
    (row,) = rows_of(exported.data)
    assert row["prompt"] == '\'=HYPERLINK("http://x.example")'


def test_the_shipped_deck_in_utf8_without_a_byte_order_mark() -> None:
    exported = export_csv(ExportRequest(load(SHIPPED)))
    assert not exported.data.startswith(b"\xef\xbb\xbf")
    rows = rows_of(exported.data)
    assert len(rows) == 87
    assert any("Russia–Iran" in row["prompt"] or "–" in row["explanation"] for row in rows)


def test_numerical_answers_read_as_text() -> None:
    exported = export_csv(ExportRequest(numerical_deck(load(DATA / "mini-bank.yaml"))))
    rows = {row["id"]: row for row in rows_of(exported.data)}
    assert rows["year"]["answer"] == "1991"
    assert rows["distance"]["answer"].splitlines() == [
        "3000 km (± 100)",
        "2500 to 3500 km: 50% credit",
    ]
    assert rows["distance"]["options"] == "km"
    assert rows["distance"]["feedback"] == "2500 to 3500 km: 50% credit: Close."
