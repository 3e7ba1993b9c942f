"""Forms for declaring availability."""

from __future__ import annotations

from django import forms

from fostering.register.forms import date_field, format_initial_dates


class AvailabilityForm(forms.Form):
    available_from = date_field(
        "Available from", required=False, hint="Leave blank if available now. For example, 27/03/2027"
    )
    available_until = date_field("Available until", required=False, hint="Leave blank if there is no end date")
    temporarily_unavailable = forms.BooleanField(label="Temporarily unavailable", required=False)
    unavailable_reason = forms.CharField(
        label="Why the household is temporarily unavailable", max_length=200, required=False,
        help_text="Only your fostering service sees this, for example 'Family holiday until 3 May'",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        format_initial_dates(self)

    def clean(self):
        data = super().clean()
        if (
            data.get("available_from")
            and data.get("available_until")
            and data["available_until"] < data["available_from"]
        ):
            self.add_error("available_until", "The date available until must be on or after the date available from")
        if data.get("temporarily_unavailable") and not (data.get("unavailable_reason") or "").strip():
            self.add_error("unavailable_reason", "Say why the household is temporarily unavailable")
        return data


class HoldForm(forms.Form):
    """A placement officer holds places in a household for one of their referrals."""

    referral = forms.ModelChoiceField(label="Referral", queryset=None, required=False, empty_label="No referral yet")
    officer_reference = forms.CharField(
        label="Your reference (if the referral is not on the register yet)", max_length=60, required=False
    )
    places = forms.IntegerField(label="Places to hold", min_value=1, max_value=6, required=False,
                                help_text="Leave blank to hold one place per child in the referral")  # fmt: skip

    def __init__(self, *args, referrals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = referrals

    def clean(self):
        data = super().clean()
        if not data.get("referral") and not (data.get("officer_reference") or "").strip():
            self.add_error("referral", "Choose the referral, or give your own reference")
        return data
