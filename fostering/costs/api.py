"""Cost benchmarks as JSON, scoped and suppressed like the dashboard (same answer shape as
the sufficiency API: suppressed values are ``null`` and listed in the row's ``suppressed``)."""

from __future__ import annotations

from ninja import Router

from fostering.sufficiency.api import FiguresOut, answer
from fostering.sufficiency.areas import scope_for

from . import benchmarks
from . import figures as fig

router = Router(tags=["Costs"])


@router.get("/costs/benchmarks", response=FiguresOut, summary="Weekly cost benchmarks, cost against need, frameworks")
def cost_benchmarks(request, area: str | None = None):
    """Mean, median and quartiles of weekly cost by area, provider type and need level; framework against
    spot; IFA price schedules; frameworks. Suppression as in the sufficiency API (``null`` + ``suppressed``)."""
    scope = scope_for(request.user)
    focus = scope.find(area)
    figures = benchmarks.latest()
    return answer(figures, scope, focus, list(fig.all_tables(figures, scope, focus).values()))
