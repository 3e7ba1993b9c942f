"""Small template helpers for register and vacancy pages."""

from __future__ import annotations

from django import template

from fostering.core.needs import CapabilityLevel
from fostering.vacancies.freshness import TAG_CLASS, Freshness

register = template.Library()


@register.filter
def label(code, labels):
    """``{{ code|label:placement_types }}``: a code's label from a dict (the code if unknown)."""
    try:
        return labels.get(code, code)
    except AttributeError:
        return code


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def capability_label(level):
    try:
        return CapabilityLevel(int(level)).label
    except (TypeError, ValueError):
        return "Not assessed"


@register.filter
def freshness_tag(freshness):
    return TAG_CLASS.get(Freshness(freshness), "govuk-tag--grey")


@register.filter
def freshness_label(freshness):
    return Freshness(freshness).label


@register.filter
def is_checked(value, current):
    """Whether ``value`` is among the field's current values (checkbox lists)."""
    current = current or []
    if not isinstance(current, (list, tuple)):
        current = [current]
    return str(value) in [str(c) for c in current]
