"""Forms for a household leaving and its exit interview."""

from __future__ import annotations

from django import forms

from fostering.enquiries.forms import DATE_FORMATS

from .models import ExitInterview, ExitReason, InterviewStatus, LeavingKind


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2026",
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as a real date, like 27/03/2026",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )


class DepartureForm(forms.Form):
    household = forms.ModelChoiceField(
        label="Household",
        queryset=None,
        empty_label="Choose a household",
        error_messages={
            "required": "Choose the household that is leaving",
            "invalid_choice": "Choose a household from the list",
        },
    )
    kind = forms.ChoiceField(
        label="How is the household leaving?",
        choices=LeavingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the household resigned or was deregistered"},
    )
    left_on = _date("Date the household left")
    reason = forms.CharField(
        label="Reason",
        max_length=300,
        help_text="In a sentence: why the household is leaving.",
        error_messages={
            "required": "Enter the reason the household is leaving",
            "max_length": "Reason must be 300 characters or fewer",
        },
        widget=forms.Textarea,
    )

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = lambda h: f"{h.reference} ({h.postcode})"


class OfferForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Exit interview",
        choices=[
            (InterviewStatus.OFFERED.value, "We have offered an exit interview"),
            (InterviewStatus.DECLINED.value, "The carers declined an exit interview"),
        ],  # fmt: skip
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the interview was offered or declined"},
    )


class InterviewForm(forms.Form):
    held_on = _date("Date of the interview")
    reasons = forms.MultipleChoiceField(
        label="Which of these were reasons for leaving?",
        help_text="Select all that the carers mentioned.",
        choices=ExitReason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one reason the carers gave for leaving"},
    )
    main_reason = forms.ChoiceField(
        label="What was the main reason?",
        choices=ExitReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the main reason for leaving"},
    )
    would_foster_again = forms.ChoiceField(
        label="Would they consider fostering again?",
        choices=ExitInterview.WouldReturn.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they would consider fostering again"},
    )
    what_would_have_helped = forms.CharField(
        label="What would have helped them stay? (optional)", max_length=2000, required=False, widget=forms.Textarea
    )
    comments = forms.CharField(
        label="Anything else they said (optional)", max_length=4000, required=False, widget=forms.Textarea
    )
