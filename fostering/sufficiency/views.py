"""The sufficiency dashboard for commissioners and analysts (thin: figures come from
sufficiency.figures, scope from sufficiency.areas)."""

from __future__ import annotations

from django.core.cache import cache
from django.shortcuts import render
from django.utils.safestring import mark_safe

from fostering.accounts.decorators import role_required
from fostering.accounts.models import Role
from fostering.core.exports import FORMATS, download

from . import figures as fig
from . import snapshot
from .areas import chart_key, scope_for
from .presentation import table_for_template

PAGE_LIMITS = {"supply_demand": 200, "gaps": 30, "unmatched": 200}


@role_required(Role.COMMISSIONER, Role.ANALYST)
def dashboard(request):
    scope = scope_for(request.user)
    focus = scope.find(request.GET.get("area"))
    figures = snapshot.latest()
    tables = fig.all_tables(figures, scope, focus)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        slug = focus.key.replace(":", "-")
        return download(list(tables.values()), fmt, f"sufficiency-{slug}-{figures.as_of:%Y-%m-%d}")
    # Charts cost most of the page's time: cached per snapshot, viewer's scope and area.
    # Analysts' default views were drawn at refresh time; others are drawn once and cached.
    charts = (figures.tables.get("charts") or {}).get(chart_key(scope, focus))
    key = f"sufficiency-charts:{figures.id}:{figures.computed_at.timestamp()}:{chart_key(scope, focus)}"
    if charts is None:
        charts = cache.get(key)
    if charts is None:
        from . import dashboard_charts  # matplotlib is imported only when a chart must be drawn

        charts = dashboard_charts.draw_all(scope, tables)
        cache.set(key, charts, 24 * 3600)
    context = {
        "scope": scope,
        "focus": focus,
        "figures": figures,
        "t": {k: table_for_template(v, PAGE_LIMITS.get(k)) for k, v in tables.items()},
        # The SVGs are drawn by us from numbers and reference names; matplotlib escapes text.
        "charts": {k: mark_safe(v) for k, v in charts.items()},  # noqa: S308
        "formats": FORMATS,
    }
    return render(request, "sufficiency/dashboard.html", context)
