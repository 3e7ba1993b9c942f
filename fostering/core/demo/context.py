"""Running the contributors: context, random streams, reset."""

from __future__ import annotations

import hashlib
import importlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from fostering.geography.models import LocalAuthority

from .scales import PUBLISHED, SCALES, Scale

CONTRIBUTORS: tuple[str, ...] = (
    "fostering.organisations",
    "fostering.accounts",
    "fostering.register",
    "fostering.vacancies",
    "fostering.children",
    "fostering.placements",
    "fostering.referrals",
    "fostering.matching",
    "fostering.costs",
    "fostering.enquiries",
    "fostering.exits",
    "fostering.homes",
    "fostering.experience",
    "fostering.support",
    "fostering.jobs",
)

# Reference data that a reset keeps: regions, authorities, postcodes, role groups.
KEPT_APPS = {"geography", "contenttypes", "auth", "sessions", "admin", "axes", "otp_totp", "django_otp"}
KEPT_MODELS = {"auth.group", "auth.permission"}


@dataclass
class DemoContext:
    seed: int
    scale: Scale
    region_code: str | None
    authorities: list[LocalAuthority]
    today: Any
    log: Callable[[str], None] = print
    progress: bool = True
    state: dict[str, Any] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)

    def rng(self, stream: str) -> np.random.Generator:
        """An independent, reproducible random stream for one contributor or purpose."""
        digest = hashlib.sha256(f"{self.seed}:{stream}".encode()).digest()
        return np.random.default_rng(int.from_bytes(digest[:8], "little"))

    @property
    def fraction(self) -> float:
        """Share of national volumes this run generates."""
        if self.scale.fraction is not None:
            return self.scale.fraction
        total = sum(PUBLISHED_POSTCODES())
        return sum(la.postcode_count for la in self.authorities) / total

    def count(self, key: str, minimum: int = 1) -> int:
        return max(minimum, int(round(PUBLISHED[key] * self.fraction)))


def PUBLISHED_POSTCODES() -> list[int]:  # noqa: N802 - reads like the constant it stands for
    return list(LocalAuthority.objects.values_list("postcode_count", flat=True))


def authorities_for(scale: Scale, region_code: str | None) -> list[LocalAuthority]:
    qs = LocalAuthority.objects.select_related("region").order_by("code")
    if scale.authority_codes:
        return list(qs.filter(code__in=scale.authority_codes))
    if scale.name == "regional":
        return list(qs.filter(region_id=region_code or "E12000008"))
    return list(qs)


def reset_demo_data() -> None:
    """Delete everything but reference data, so a seed always starts from the same state."""
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in KEPT_APPS and m._meta.label_lower not in KEPT_MODELS
    ]
    models += [m for m in apps.get_models(include_auto_created=True) if m._meta.label_lower in {
        "auth.user_groups", "admin.logentry", "sessions.session"}]
    tables = sorted({m._meta.db_table for m in models})
    sql = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    if connection.vendor == "postgresql":
        # TRUNCATE refuses while deferred foreign-key checks are pending in this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(sql)


def generate(
    scale_name: str,
    seed: int,
    region_code: str | None = None,
    log: Callable[[str], None] = print,
    progress: bool = True,
    today=None,
) -> DemoContext:
    """Build the whole demo data set; returns the context (with what each part made)."""
    import datetime as dt

    scale = SCALES[scale_name]
    ctx = DemoContext(
        seed=seed,
        scale=scale,
        region_code=region_code,
        authorities=authorities_for(scale, region_code),
        today=today or dt.date.today(),
        log=log,
        progress=progress,
    )
    with transaction.atomic():
        reset_demo_data()
        for name in CONTRIBUTORS:
            try:
                module = importlib.import_module(f"{name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{name}.demo":
                    raise
                continue
            started = time.perf_counter()
            module.contribute(ctx)
            ctx.timings.append((name.rsplit(".", 1)[1], time.perf_counter() - started))
        # Parts that need what later parts made register a finisher, e.g. vacancies' holds on
        # the places that placements left free: ctx.state["finishers"] = [(name, fn(ctx)), ...].
        for name, finish in ctx.state.get("finishers", []):
            started = time.perf_counter()
            finish(ctx)
            ctx.timings.append((name, time.perf_counter() - started))
    refresh_planner_statistics()
    return ctx


def refresh_planner_statistics() -> None:
    """After a bulk load PostgreSQL's planner still holds the empty tables' statistics and picks
    plans that scan whole indexes (the register search's page query went from 6 ms to 75 ms).
    A production database is analysed by autovacuum; a freshly generated one is analysed here."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
