"""Shared set-up for the trust tests: one attacked world per module, and figures for the
end-of-session summary (root conftest prints them, also when tests ran in xdist workers)."""

from __future__ import annotations

import os

import pytest


def report(name: str, value: object) -> None:
    """Record a figure (e.g. cases run, latency percentiles) for the session summary."""
    line = f"{name}: {value}"
    print(line)
    path = os.environ.get("NFR_TEST_FIGURES_FILE")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo plus planted records of other organisations, rolled back after the module."""
    from conftest import restore_reference_data

    from .world import built_world

    with django_db_blocker.unblock():
        restore_reference_data()
        with built_world() as w:
            yield w
