"""Small helpers for GOV.UK form pages shared by the front door, exits and homes."""

from __future__ import annotations

from django import forms

MAX_DB_ID = 2**63 - 1


def is_db_id(value: int) -> bool:
    """Whether a number from a URL can be a primary key (PostgreSQL errors on out-of-range ids)."""
    return 0 < value <= MAX_DB_ID


def anchor_for(field: forms.BoundField) -> str:
    """The id the error summary should link to: the first option for radios and checkboxes."""
    widget = field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return f"{field.auto_id}_0"
    return field.auto_id


def error_links(form: forms.Form | None) -> list[tuple[str, str]]:
    """(anchor, message) for every error, in the order the fields appear on the page."""
    if form is None or not form.is_bound or not form.errors:
        return []
    links = [("", str(e)) for e in form.non_field_errors()]
    for field in form:
        links += [(anchor_for(field), str(e)) for e in field.errors]
    return links
