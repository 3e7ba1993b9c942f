"""The cost benchmarking dashboard for commissioners and analysts."""

from __future__ import annotations

from django.core.cache import cache
from django.shortcuts import render
from django.utils.safestring import mark_safe

from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.core.exports import FORMATS, download
from fostering.sufficiency.areas import scope_for
from fostering.sufficiency.presentation import table_for_template

from . import benchmarks
from . import figures as fig

PAGE_LIMITS = {"cost_by_area": 200, "cost_against_need": 200, "price_schedules": 40}


@role_required(Role.COMMISSIONER, Role.ANALYST)
def dashboard(request):
    scope = scope_for(request.user)
    focus = scope.find(request.GET.get("area"))
    figures = benchmarks.latest()
    tables = fig.all_tables(figures, scope, focus)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return download(list(tables.values()), fmt, f"costs-{focus.key.replace(':', '-')}-{figures.as_of:%Y-%m-%d}")
    key = f"costs-charts:{figures.id}:{figures.computed_at.timestamp()}:{scope.cache_key}:{focus.key}"
    drawn = cache.get(key)
    if drawn is None:
        drawn = _charts(scope, tables)
        cache.set(key, drawn, 24 * 3600)
    context = {
        "scope": scope,
        "focus": focus,
        "figures": figures,
        "t": {k: table_for_template(v, PAGE_LIMITS.get(k)) for k, v in tables.items()},
        # The SVGs are drawn by us from numbers and reference names; matplotlib escapes text.
        "charts": {k: mark_safe(v) for k, v in drawn.items()},  # noqa: S308
    }
    return render(request, "costs/dashboard.html", context)


def _charts(scope, tables) -> dict[str, str]:
    from fostering.core import charts  # matplotlib is imported only when a chart must be drawn

    rows = [r for r in tables["cost_by_area"].rows if r.get("area_key") != "england" or len(scope.authorities) <= 12]
    if len(scope.authorities) > 12:
        rows = [r for r in rows if not str(r.get("area_key", "")).startswith("la:")]
    need = tables["cost_by_need"].rows
    fvs = tables["framework_vs_spot"].rows
    return {
        "by_area": charts.bar_chart(
            [r["area"] for r in rows],
            {"Mean": [r.get("mean") for r in rows], "Median": [r.get("median") for r in rows]},
            "Weekly cost of a foster placement by area",
            "£ a week",
        ),
        "by_need": charts.bar_chart(
            [r["need_level"] for r in need],
            {"LA carers": [r.get("la_mean") for r in need], "IFAs": [r.get("ifa_mean") for r in need]},
            "Mean weekly cost by need level",
            "£ a week",
        ),
        "framework_vs_spot": charts.bar_chart(
            [r["need_level"] for r in fvs],
            {"Framework": [r.get("framework_mean") for r in fvs], "Spot": [r.get("spot_mean") for r in fvs]},
            "IFA placements: framework against spot",
            "£ a week",
        ),
    }
