"""Every model change has its migration, so a fresh clone's `migrate` builds the schema the code expects."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(f"Models have changes without migrations (run makemigrations):\n{out.getvalue()}\n{exc}")
