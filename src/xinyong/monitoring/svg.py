"""Charts as server-side SVG: the same markup in the page and in the PDF report (WeasyPrint draws SVG
text reliably, where script-drawn charts lose their labels), testable as text."""

from __future__ import annotations

from html import escape

PALETTE = ("#2f5f9f", "#1f6f3f", "#9a6a00", "#a40000", "#6a3d9a", "#00838f", "#7b5e57", "#5c6bc0")
FONT = "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif"
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 560, 300, 48, 12, 34, 72


def _nice(top: float) -> float:
    """A round axis maximum at or above ``top``."""
    if top <= 0:
        return 1.0
    step = 10 ** (len(str(int(top))) - 1)
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * step >= top:
            return multiple * step
    return 10 * step


def _number(value: float, percent: bool) -> str:
    return f"{value * 100:.1f}%" if percent else f"{value:,.0f}" if value >= 10 else f"{value:g}"


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list[float]]], *, stacked: bool = True,
              percent: bool = False) -> str:
    """Vertical bars, one group per label; several series stack (or stand side by side)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [sum(s[1][i] for s in series) if stacked else max((s[1][i] for s in series), default=0)
              for i in range(len(labels))]
    top = _nice(max(totals, default=0))
    slot = plot_w / max(len(labels), 1)
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" role="img" aria-label="{escape(title)}" font-family="{FONT}" font-size="11">',
             f'<title>{escape(title)}</title>',
             f'<text x="{WIDTH / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">'
             f'{escape(title)}</text>']
    for tick in range(5):
        value = top * tick / 4
        y = TOP + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#ddd"/>'
                     f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#444">'
                     f'{_number(value, percent)}</text>')
    for i, label in enumerate(labels):
        x0, base = LEFT + slot * i + slot * 0.15, TOP + plot_h
        for k, (name, values) in enumerate(series):
            height = plot_h * values[i] / top if top else 0
            x = x0 if stacked else x0 + bar_w * k
            y = base - height
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{height:.1f}" '
                         f'fill="{PALETTE[k % len(PALETTE)]}"><title>{escape(label)} {escape(name)}：'
                         f'{_number(values[i], percent)}</title></rect>')
            if stacked:
                base = y
        shown = label if len(labels) <= 12 or i % 2 == 0 else ""
        parts.append(f'<text x="{LEFT + slot * (i + 0.5):.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" '
                     f'fill="#333">{escape(shown)}</text>')
    named = series if len(series) > 1 or (series and series[0][0]) else []
    columns = 4 if all(len(name) <= 8 for name, _ in named) else 3
    column = (WIDTH - LEFT - RIGHT) / columns
    for k, (name, _) in enumerate(named):
        x, y = LEFT + column * (k % columns), HEIGHT - 34 + 14 * (k // columns)
        shown = name if len(name) <= column / 12 - 2 else name[:int(column / 12) - 3] + "…"
        parts.append(f'<rect x="{x:.0f}" y="{y}" width="10" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>'
                     f'<text x="{x + 14:.0f}" y="{y + 9}">{escape(shown)}<title>{escape(name)}</title></text>')
    parts.append("</svg>")
    return "".join(parts)
