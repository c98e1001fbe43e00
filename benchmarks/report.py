"""How the benchmark's figures are shown: on the console, and as the README's table (between
``README_BEGIN`` and ``README_END``), from the rows ``targets.evaluate`` makes."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import targets

#: The comments the README's generated performance table sits between.
README_BEGIN = "<!-- bench:begin -->"
README_END = "<!-- bench:end -->"
README_HEADER = (
    "| measure | figure | ratio | target | met | rounds |",
    "|---|---|---|---|---|---|",
)


def number(x: float, digits: int) -> str:
    """``x`` to ``digits`` significant figures; whole numbers of more digits than that in full,
    with thousands separators."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    if abs(x) >= 10 ** (digits - 1):
        return f"{x:,.0f}"
    decimals = digits - 1 - math.floor(math.log10(abs(x)))
    return f"{x:.{decimals}f}"


def _shown(figure: targets.Figure, unit: targets.Unit, digits: int, *, ascii: bool) -> str:
    text = number(figure.value * unit.scale, digits) + (unit.ascii if ascii else unit.symbol)
    return ("> " if figure.at_least else "") + text


def _figure_cell(row: targets.Row, digits: int, *, ascii: bool) -> str:
    own = _shown(row.figure, row.measure.unit, digits, ascii=ascii)
    if row.base is None:
        return own
    arrow = " -> " if ascii else " → "
    return _shown(row.base, row.measure.unit, digits, ascii=ascii) + arrow + own


def _ratio_text(row: targets.Row, *, ascii: bool) -> str:
    if row.ratio is None:
        return ""
    if math.isnan(row.ratio):
        return "?"
    if ascii:
        shown = f"{row.ratio:.3f}"
    else:
        shown = f"{row.ratio:.2f}" if row.ratio >= 0.1 else number(row.ratio, 2)
    return ("> " if row.figure.at_least else "") + shown


def _rounds(row: targets.Row) -> str:
    """How a figure was taken; for a pair, of each side when they differ."""
    if row.base is None or row.base.rounds == row.figure.rounds:
        return row.figure.rounds
    return f"{row.base.rounds} / {row.figure.rounds}"


def console_lines(rows: Sequence[targets.Row], sizes: Mapping[str, str]) -> list[str]:
    labels = [row.measure.label.format(**sizes) for row in rows]
    figures = [_figure_cell(row, 4, ascii=True) for row in rows]
    wide, figure_wide = max(map(len, labels)), max(map(len, figures))
    lines = [f"{'measure':<{wide}}  {'figure':>{figure_wide}} {'ratio':>8}  {'target':<12} rounds"]
    for row, label, figure in zip(rows, labels, figures):
        target = row.measure.target(ascii=True) or "-"
        mark = "" if row.met else "  MISSED"
        lines.append(
            f"{label:<{wide}}  {figure:>{figure_wide}} {_ratio_text(row, ascii=True):>8}  "
            f"{target:<12} {_rounds(row)}{mark}"
        )
    return lines


def _readme_ratio(row: targets.Row, sizes: Mapping[str, str]) -> str:
    shown = _ratio_text(row, ascii=False)
    if not shown or row.measure.ratio_to == row.measure.key or row.measure.paired:
        return shown
    denominator = targets.BY_KEY[row.measure.ratio_to or ""]
    return f"{shown} of {denominator.ratio_name.format(**sizes)}"


def readme_table(rows: Sequence[targets.Row], sizes: Mapping[str, str]) -> list[str]:
    lines = list(README_HEADER)
    for row in rows:
        m = row.measure
        cells = (
            m.readme.format(**sizes),
            _figure_cell(row, 3, ascii=False),
            _readme_ratio(row, sizes),
            m.target(),
            "" if m.op is None else "yes" if row.met else "**no**",
            _rounds(row).replace(" x ", " \u00d7 "),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return lines
