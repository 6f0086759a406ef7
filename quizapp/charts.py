"""Charts drawn on the server as SVG: no script, colours from the stylesheet (dark mode too),
and a text alternative alongside each (the pages add a table)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape


def _svg(width: int, height: int, label: str, body: str) -> Markup:
    return Markup(  # noqa: S704 -- every text inside went through escape()
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">{body}</svg>'
    )


def line_chart(points: Sequence[tuple[str, float]], label: str, width: int = 640) -> Markup:
    """Percentages (0-100) in order, e.g. quiz scores over time."""
    height, pad_left, pad_bottom, pad_top = 220, 36, 24, 10
    plot_w, plot_h = width - pad_left - 10, height - pad_bottom - pad_top
    parts = []
    for mark in (0, 50, 100):
        y = pad_top + plot_h * (1 - mark / 100)
        parts.append(
            f'<line class="chart-grid" x1="{pad_left}" y1="{y:.1f}" x2="{width - 10}" '
            f'y2="{y:.1f}"/><text class="chart-axis" x="{pad_left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{mark}%</text>'
        )
    if points:
        step = plot_w / max(len(points) - 1, 1)
        coords = [
            (
                pad_left + i * step if len(points) > 1 else pad_left + plot_w / 2,
                pad_top + plot_h * (1 - max(0.0, min(value, 100.0)) / 100),
            )
            for i, (_, value) in enumerate(points)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline class="chart-line" points="{path}"/>')
        for (x, y), (name, value) in zip(coords, points, strict=True):
            parts.append(
                f'<circle class="chart-dot" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                f"<title>{escape(name)}: {value:g}%</title></circle>"
            )
        parts.append(
            f'<text class="chart-axis" x="{pad_left}" y="{height - 6}">'
            f"{escape(points[0][0])}</text>"
            f'<text class="chart-axis" x="{width - 10}" y="{height - 6}" text-anchor="end">'
            f"{escape(points[-1][0])}</text>"
        )
    return _svg(width, height, label, "".join(parts))


def heatmap(columns: Sequence[Sequence[tuple[date, int]]], label: str) -> Markup:
    """A year of daily review counts, one column per week, darker for more reviews."""
    cell, gap, top = 11, 2, 14
    width = len(columns) * (cell + gap) + 4
    height = top + 7 * (cell + gap)
    peak = max((count for column in columns for _, count in column), default=0)
    parts = []
    for x_index, column in enumerate(columns):
        for day, count in column:
            level = 0 if count == 0 else 1 + min(3, int(3 * count / peak))
            x, y = 2 + x_index * (cell + gap), top + day.weekday() * (cell + gap)
            # Only days with reviews carry a tooltip: a year of empty ones would triple the
            # page's weight, and the table alternative lists every active day anyway.
            tip = (
                f"<title>{day.isoformat()}: {count} review{'s' if count != 1 else ''}</title>"
                if count
                else ""
            )
            parts.append(
                f'<rect class="heat-{level}" x="{x}" y="{y}" width="{cell}" height="{cell}" '
                f'rx="2">{tip}</rect>'
            )
        if column and column[0][0].day <= 7:
            parts.append(
                f'<text class="chart-axis" x="{2 + x_index * (cell + gap)}" y="10">'
                f"{column[0][0].strftime('%b')}</text>"
            )
    return _svg(width, height, label, "".join(parts))


def bar_chart(bars: Sequence[tuple[str, int]], label: str, width: int = 640) -> Markup:
    """Counts per day, e.g. the reviews due in each of the next 14 days."""
    height, bottom, top = 180, 22, 16
    peak = max((value for _, value in bars), default=0) or 1
    slot = (width - 10) / max(len(bars), 1)
    parts = []
    for index, (name, value) in enumerate(bars):
        bar_h = (height - bottom - top) * value / peak
        x = 5 + index * slot
        y = height - bottom - bar_h
        parts.append(
            f'<rect class="chart-bar" x="{x + 3:.1f}" y="{y:.1f}" width="{slot - 6:.1f}" '
            f'height="{bar_h:.1f}"><title>{escape(name)}: {value}</title></rect>'
            f'<text class="chart-axis" x="{x + slot / 2:.1f}" y="{height - 6}" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
        if value:
            parts.append(
                f'<text class="chart-value" x="{x + slot / 2:.1f}" y="{y - 3:.1f}" '
                f'text-anchor="middle">{value}</text>'
            )
    return _svg(width, height, label, "".join(parts))


def series_chart(
    series: Sequence[tuple[str, Sequence[float]]],
    label: str,
    ends: tuple[str, str] = ("", ""),
    width: int = 640,
) -> Markup:
    """Several lines of values over the same steps (e.g. weeks), on one scale from 0 to the
    largest value; each line has its own colour class and a key below the plot. `ends` name
    the first and the last step."""
    height, pad_left, pad_right, pad_top, key_h = 260, 44, 12, 10, 22
    plot_w, plot_h = width - pad_left - pad_right, height - pad_top - 22 - key_h
    peak = max((v for _, values in series for v in values), default=0.0) or 1.0
    parts = []
    for share in (0.0, 0.5, 1.0):
        y = pad_top + plot_h * (1 - share)
        parts.append(
            f'<line class="chart-grid" x1="{pad_left}" y1="{y:.1f}" x2="{width - pad_right}" '
            f'y2="{y:.1f}"/><text class="chart-axis" x="{pad_left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{peak * share:.0f}</text>'
        )
    axis_y = pad_top + plot_h + 16
    parts.append(
        f'<text class="chart-axis" x="{pad_left}" y="{axis_y}">{escape(ends[0])}</text>'
        f'<text class="chart-axis" x="{width - pad_right}" y="{axis_y}" text-anchor="end">'
        f"{escape(ends[1])}</text>"
    )
    slot = plot_w / max(len(series), 1)
    for index, (name, values) in enumerate(series):
        colour = f"chart-series chart-series-{index % 10}"
        key_x, key_y = pad_left + index * slot, height - 8
        parts.append(
            f'<line class="{colour}" x1="{key_x:.1f}" y1="{key_y - 4}" x2="{key_x + 16:.1f}" '
            f'y2="{key_y - 4}"/><text class="chart-axis" x="{key_x + 20:.1f}" y="{key_y}">'
            f"{escape(name)}</text>"
        )
        if not values:
            continue
        step = plot_w / max(len(values) - 1, 1)
        path = " ".join(
            f"{pad_left + i * step:.1f},{pad_top + plot_h * (1 - max(0.0, v) / peak):.1f}"
            for i, v in enumerate(values)
        )
        parts.append(
            f'<polyline class="{colour}" points="{path}"><title>{escape(name)}</title></polyline>'
        )
    return _svg(width, height, label, "".join(parts))
