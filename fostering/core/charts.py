"""Server-rendered SVG charts (matplotlib, Agg backend): no JavaScript, no map tiles.

Each function returns an SVG string to place inline beside the table it draws, so a page
works without scripts and offline. Values that are suppressed for the viewer arrive as
``None``: bars are left out and labelled "fewer than 5", map points are drawn as small
hollow rings of one fixed size, so a chart never shows more than its table.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from .suppression import suppressed_label  # noqa: E402

plt.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: smaller, selectable, screen-reader friendly
        "svg.hashsalt": "nfr",  # stable ids, so the same figures give the same SVG
        "font.family": "sans-serif",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

COLOURS = ["#1d70b8", "#f47738", "#00703c", "#d4351c", "#4c2c92", "#b58840", "#5694ca", "#912b88", "#28a197", "#505a5f"]


def _to_svg(fig, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.find("<svg") :]
    svg = re.sub(r"<svg ", '<svg class="nfr-chart" role="img" ', svg, count=1)
    # The accessible name: the title element matplotlib leaves empty is replaced by ours.
    from django.utils.html import escape

    return re.sub(r"(<svg[^>]*>)", rf"\1<title>{escape(title)}</title>", svg, count=1)


def bar_chart(
    categories: Sequence[str], series: dict[str, Sequence[float | None]], title: str, ylabel: str = ""
) -> str:
    """Grouped bars: one group per category, one bar per series."""
    n = max(1, len(series))
    width = 0.8 / n
    fig, ax = plt.subplots(figsize=(max(5.0, 0.45 * len(categories) * n + 2), 3.2))
    xs = range(len(categories))
    for i, (name, values) in enumerate(series.items()):
        pos = [x - 0.4 + width * (i + 0.5) for x in xs]
        heights = [0 if v is None else v for v in values]
        ax.bar(pos, heights, width=width, label=name, color=COLOURS[i % len(COLOURS)])
        for p, v in zip(pos, values, strict=False):
            if v is None:
                ax.annotate(
                    suppressed_label(), (p, 0), rotation=90, ha="center", va="bottom", fontsize=7, color="#505a5f"
                )
    ax.set_xticks(list(xs))
    ax.set_xticklabels(
        categories, rotation=45 if len(categories) > 6 else 0, ha="right" if len(categories) > 6 else "center"
    )
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", pad=20 if len(series) > 1 else 6)
    if len(series) > 1:  # a key in one row between the title and the plot
        ax.legend(
            frameon=False, fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(series), borderaxespad=0.2
        )
    return _to_svg(fig, title)


def line_chart(
    x_labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    title: str,
    ylabel: str = "",
    band: tuple[Sequence[str], Sequence[float], Sequence[float], Sequence[float]] | None = None,
    band_label: str = "Forecast",
) -> str:
    """Lines over months; ``band=(labels, point, lower, upper)`` adds a forecast with its
    prediction interval shaded after the history."""
    labels = list(x_labels)
    if band:
        labels += [m for m in band[0] if m not in labels]
    index = {m: i for i, m in enumerate(labels)}
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    for i, (name, values) in enumerate(series.items()):
        pts = [(index[m], v) for m, v in zip(x_labels, values, strict=False) if v is not None]
        if pts:
            ax.plot(
                [p[0] for p in pts], [p[1] for p in pts], label=name, color=COLOURS[i % len(COLOURS)], linewidth=1.5
            )
    if band:
        bx = [index[m] for m in band[0]]
        ax.fill_between(bx, band[2], band[3], color="#f47738", alpha=0.25, linewidth=0, label=f"{band_label} interval")
        ax.plot(bx, band[1], color="#f47738", linestyle="--", linewidth=1.5, label=band_label)
    step = max(1, len(labels) // 12)
    ax.set_xticks(range(0, len(labels), step))
    ax.set_xticklabels(labels[::step], rotation=45, ha="right")
    ax.set_ylim(bottom=0)
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False, fontsize=7, ncol=2)
    return _to_svg(fig, title)


def england_map(points: Sequence[tuple[float, float, float | None, str]], title: str, size_label: str = "") -> str:
    """A "map" of England: each authority's centroid (easting, northing in metres) as a point
    whose area follows the figure. No tiles: the outline emerges from the 153 points."""
    fig, ax = plt.subplots(figsize=(4.8, 5.6))
    shown = [p for p in points if p[2] is not None]
    hidden = [p for p in points if p[2] is None]
    biggest = max([p[2] for p in shown] + [1])
    if shown:
        ax.scatter(
            [p[0] for p in shown], [p[1] for p in shown],
            s=[12 + 400 * (p[2] / biggest) for p in shown], color="#1d70b8", alpha=0.6, edgecolors="white", linewidths=0.5,
            label=size_label or None,
        )  # fmt: skip
    if hidden:
        ax.scatter(
            [p[0] for p in hidden], [p[1] for p in hidden], s=14, facecolors="none", edgecolors="#505a5f",
            linewidths=0.8, label=suppressed_label(),
        )  # fmt: skip
    if len(points) <= 12:
        for e, n, _v, label in points:
            ax.annotate(label, (e, n), fontsize=7, xytext=(4, 4), textcoords="offset points")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, loc="left")
    if shown or hidden:
        ax.legend(frameon=False, fontsize=7, loc="upper left")
    return _to_svg(fig, title)
