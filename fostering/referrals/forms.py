"""The referral form: who, what kind of home, how soon, where, together or apart."""

from __future__ import annotations

import datetime as dt

from django import forms

from fostering.core.codes import PlacementType

from .models import Referral

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


class ReferralForm(forms.Form):
    placement_type = forms.ChoiceField(
        label="Type of placement needed",
        choices=PlacementType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of placement needed"},
    )
    urgency = forms.ChoiceField(
        label="How soon is a home needed?",
        choices=Referral.Urgency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how soon a home is needed"},
    )
    wanted_start = forms.DateField(
        label="Wanted start date",
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2026",
        error_messages={"required": "Enter the wanted start date", "invalid": "Enter a real date, like 27/03/2026"},
    )
    distance_from = forms.ChoiceField(
        label="Keep the child near",
        choices=Referral.DistanceFrom.choices,
        widget=forms.RadioSelect,
        initial=Referral.DistanceFrom.SCHOOL,
        error_messages={"required": "Select where the home should be near"},
    )
    max_distance_km = forms.IntegerField(
        label="Within this many kilometres",
        min_value=1,
        max_value=500,
        required=False,
        help_text="Leave blank for no limit",
        error_messages={"min_value": "Enter a distance of at least 1 km", "max_value": "Enter 500 km or less"},
    )
    siblings_together = forms.TypedChoiceField(
        label="Should the brothers and sisters live together?",
        choices=[("yes", "Together"), ("no", "Apart")],
        coerce=lambda v: v == "yes",
        initial="yes",
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, children=(), siblings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lead_children = list(children)
        self.siblings = list(siblings)
        if self.siblings:
            self.fields["siblings"] = forms.MultipleChoiceField(
                label="Refer these brothers and sisters too",
                choices=[
                    (str(s.pk), f"{s.first_name} {s.last_name} ({s.la_child_id}), {s.age_on()}") for s in self.siblings
                ],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        for c in [*self.lead_children, *self.siblings]:
            self.fields[f"apart_reason_{c.pk}"] = forms.CharField(
                label=f"Why {c.first_name or c.la_child_id} should live apart",
                max_length=300,
                required=False,
                widget=forms.Textarea,
            )

    def clean_wanted_start(self):
        day = self.cleaned_data["wanted_start"]
        if day < dt.date.today() - dt.timedelta(days=1):
            raise forms.ValidationError("The wanted start date must be today or later")
        return day

    def apart_fields(self):
        return [self[f"apart_reason_{c.pk}"] for c in [*self.lead_children, *self.siblings]]

    def chosen_sibling_ids(self) -> set[int]:
        return {int(x) for x in self.cleaned_data.get("siblings", [])}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the referral being withdrawn?",
        max_length=300,
        widget=forms.Textarea,
        error_messages={"required": "Enter why the referral is being withdrawn"},
    )
