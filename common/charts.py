"""Server-drawn SVG charts: no script, so they load offline and pass the Content-Security-Policy.

`line_chart` turns series of numbers into the geometry the template `partials/line_chart.html` draws."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    name: str
    points: str  # "x,y x,y ..." for <polyline>; gaps split a series into several lines
    css: str = "series"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Span:
    """A highlighted stretch of the x axis (e.g. intervals of severe undersupply), drawn behind the lines."""

    x: float
    width: float
    y: float
    height: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom: int
    lines: list[Line]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    limit_y: float | None = None
    limit_label: str = ""
    title: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    span_label: str = ""


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def line_chart(labels: Sequence[str], series: dict[str, Sequence[float | None]], *, limit: float | None = None,
               limit_label: str = "", title: str = "", width: int = 900, height: int = 260,
               css: dict[str, str] | None = None, max_x_ticks: int = 12, highlight: Sequence[bool] | None = None,
               highlight_label: str = "") -> LineChart:
    """A chart of one or more series over the same labels (days, intervals); None is a gap, not a zero.

    `highlight` marks labels to shade behind the lines (one flag per label); each run of marked labels is one span
    reaching half a step either side, so a single marked interval still shows."""
    left, right, top, bottom = 48, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series.values() for v in s if v is not None and not math.isnan(v)]
    y_max = _nice_max(max(values + ([limit * 1.1] if limit else []), default=1.0))
    n = max(len(labels), 2)

    def x(i: int) -> float:
        return round(left + plot_w * i / (n - 1), 1)

    def y(v: float) -> float:
        return round(top + plot_h * (1 - v / y_max), 1)

    lines = []
    for name, values_ in series.items():
        run: list[str] = []
        for i, v in enumerate(values_):
            if v is None or math.isnan(v):
                if len(run) > 1:
                    lines.append(Line(name, " ".join(run), (css or {}).get(name, "series")))
                run = []
                continue
            run.append(f"{x(i)},{y(v)}")
        if len(run) > 1:
            lines.append(Line(name, " ".join(run), (css or {}).get(name, "series")))
    spans = []
    if highlight:
        half = plot_w / (n - 1) / 2
        i = 0
        while i < len(highlight):
            if not highlight[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(highlight) and highlight[j + 1]:
                j += 1
            low, high = max(left, x(i) - half), min(left + plot_w, x(j) + half)
            spans.append(Span(round(low, 1), round(high - low, 1), top, plot_h))
            i = j + 1
    every = max(1, math.ceil(len(labels) / max_x_ticks))
    x_ticks = [Tick(x(i), label) for i, label in enumerate(labels) if i % every == 0]
    y_ticks = [Tick(y(y_max * k / 4), f"{y_max * k / 4:g}") for k in range(5)]
    return LineChart(width=width, height=height, left=left, bottom=height - bottom, lines=lines, x_ticks=x_ticks,
                     y_ticks=y_ticks, limit_y=y(limit) if limit else None, limit_label=limit_label, title=title,
                     legend=[(name, (css or {}).get(name, "series")) for name in series], spans=spans,
                     span_label=highlight_label if spans else "")
