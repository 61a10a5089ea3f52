"""Small inline SVG charts of the review page: an objective's trajectory, a channel's weekly posts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD = 320, 120, 18


def _scale(lo: float, hi: float, size: float, flip: bool = False):
    span = (hi - lo) or 1.0

    def at(value: float) -> float:
        share = (value - lo) / span
        return round(PAD + (1 - share if flip else share) * (size - 2 * PAD), 1)

    return at


def trajectory_svg(title: str, baseline: tuple[date, float], target: tuple[date, float],
                   results: Sequence[tuple[date, float]]) -> Markup:
    """The straight line from baseline to target (dashed), the target (a horizontal line) and the
    recorded results (a polyline with dots), dates left to right."""
    days = [baseline[0], target[0], *(d for d, _v in results)]
    values = [baseline[1], target[1], *(v for _d, v in results)]
    x = _scale(min(days).toordinal(), max(days).toordinal(), WIDTH)
    y = _scale(min(values), max(values), HEIGHT, flip=True)
    label = escape(title)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trajectory" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
             f'width="{WIDTH}" height="{HEIGHT}" aria-label="{label}"><title>{label}</title>',
             f'<line class="target" x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(target[1])}" y2="{y(target[1])}" '
             'stroke="#2e7d32" stroke-width="1"/>',
             f'<line class="expected" x1="{x(baseline[0].toordinal())}" y1="{y(baseline[1])}" '
             f'x2="{x(target[0].toordinal())}" y2="{y(target[1])}" stroke="#888" stroke-dasharray="4 3"/>']
    if results:
        points = " ".join(f"{x(d.toordinal())},{y(v)}" for d, v in results)
        parts.append(f'<polyline class="results" points="{points}" fill="none" stroke="#1565c0" stroke-width="2"/>')
        parts += [f'<circle cx="{x(d.toordinal())}" cy="{y(v)}" r="2.5" fill="#1565c0"/>' for d, v in results]
    parts.append("</svg>")
    return Markup("".join(parts))


def weekly_bars_svg(title: str, weekly: Sequence[tuple[date, int]]) -> Markup:
    """One bar per ISO week: the posts published that week."""
    top = max((n for _d, n in weekly), default=0) or 1
    width = max(WIDTH // 2, 24 * len(weekly) + 2 * PAD)
    step = (width - 2 * PAD) / max(1, len(weekly))
    label = escape(title)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart weekly" role="img" viewBox="0 0 {width} {HEIGHT}" '
             f'width="{width}" height="{HEIGHT}" aria-label="{label}"><title>{label}</title>']
    for i, (monday, n) in enumerate(weekly):
        h = round((HEIGHT - 2 * PAD) * n / top, 1)
        x = round(PAD + i * step + 2, 1)
        parts.append(f'<rect x="{x}" y="{round(HEIGHT - PAD - h, 1)}" width="{round(step - 4, 1)}" height="{h}" '
                     f'fill="#6a1b9a"><title>{monday.isoformat()}: {n}</title></rect>')
        parts.append(f'<text x="{round(x + (step - 4) / 2, 1)}" y="{HEIGHT - 4}" font-size="9" '
                     f'text-anchor="middle">{n}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
