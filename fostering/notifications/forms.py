"""The notification settings form."""

from __future__ import annotations

from django import forms

from .models import Delivery


class PreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label="How would you like to get e-mails about your notifications?",
        choices=Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like to get e-mails", "invalid_choice": "Choose one of the options"},
    )
