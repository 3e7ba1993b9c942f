"""Forms for carers' support. Error messages say what is wrong and how to fix it."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from fostering.register.models import Household, HouseholdStatus

from .allegations import STATUSES_AFTER
from .models import Allegation, AllegationOutcome, Decision, StayingPutIntention
from .staying_put import NEEDS_REASONS


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


def date_field(label: str, **kw) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"required": f"Enter the {label.lower()}", "invalid": f"Enter the {label.lower()} as a real date"},
        **kw,
    )  # fmt: skip


def not_future(day, label: str):
    if day and day > timezone.localdate():
        raise forms.ValidationError(f"The {label.lower()} cannot be in the future")
    return day


class DelegatedAuthorityForm(forms.Form):
    """One yes/no per decision (yes by default) and a reason for every no."""

    agreed_on = date_field("Date agreed")

    def __init__(self, *args, decisions: list[dict], **kwargs):
        initial = kwargs.pop("initial", {}) or {}
        for d in decisions:
            initial.setdefault(f"d_{d['decision']}", "yes" if d["delegated"] else "no")
            initial.setdefault(f"r_{d['decision']}", d["reason"])
        super().__init__(*args, initial=initial, **kwargs)
        for d in Decision:
            self.fields[f"d_{d.value}"] = forms.ChoiceField(
                label=d.label, choices=[("yes", "Yes, the carers decide"), ("no", "No, the carers ask the social worker")],
                widget=forms.RadioSelect, error_messages={"required": f"Choose whether the carers decide about {d.label.lower()}"},
            )  # fmt: skip
            self.fields[f"r_{d.value}"] = forms.CharField(label="Why not?", required=False, max_length=500)

    def clean_agreed_on(self):
        return not_future(self.cleaned_data["agreed_on"], "date agreed")

    def clean(self):
        data = super().clean()
        for d in Decision:
            if data.get(f"d_{d.value}") == "no" and not (data.get(f"r_{d.value}") or "").strip():
                self.add_error(f"r_{d.value}", f"Give a reason why the carers may not decide about {d.label.lower()}")
        return data

    def rows(self) -> list[dict]:
        return [{"decision": d, "choice": self[f"d_{d.value}"], "reason": self[f"r_{d.value}"]} for d in Decision]

    def exceptions(self) -> dict[str, str]:
        return {
            d.value: self.cleaned_data[f"r_{d.value}"] for d in Decision if self.cleaned_data[f"d_{d.value}"] == "no"
        }


class AllegationForm(forms.ModelForm):
    received_on = date_field("Date received")

    class Meta:
        model = Allegation
        fields = ["received_on", "category", "summary", "investigating_officer", "independent_support_offered",
                  "independent_support_worker"]  # fmt: skip
        widgets = {"category": forms.RadioSelect}
        help_texts = {
            "summary": "Brief, factual, without the child's name.",
            "investigating_officer": "Name and role, for example the LADO or the service's safeguarding lead.",
            "independent_support_worker": "Who is supporting the carers independently of the investigation.",
        }
        error_messages = {
            "category": {"required": "Choose the category of the allegation"},
            "investigating_officer": {"required": "Enter who is investigating"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [c for c in self.fields["category"].choices if c[0]]
        self.fields["independent_support_offered"] = forms.TypedChoiceField(
            label="Have the carers been offered independent support?", choices=[("True", "Yes"), ("False", "No")],
            coerce=lambda v: v == "True", widget=forms.RadioSelect,
            error_messages={"required": "Choose whether the carers have been offered independent support"},
        )  # fmt: skip

    def clean_received_on(self):
        return not_future(self.cleaned_data["received_on"], "date received")

    def clean(self):
        data = super().clean()
        if data.get("independent_support_offered") and not data.get("independent_support_worker", "").strip():
            self.add_error("independent_support_worker", "Enter the independent support worker offered to the carers")
        return data


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(choices=AllegationOutcome.choices, widget=forms.RadioSelect,
                                error_messages={"required": "Choose the outcome of the investigation"})  # fmt: skip
    concluded_on = date_field("Date concluded")
    status_after = forms.ChoiceField(
        label="What happens to the household's approval?", initial=HouseholdStatus.ACTIVE, widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in STATUSES_AFTER],
        help_text="The household goes back to active unless you decide otherwise. If other allegations are open it stays under investigation.",
        error_messages={"required": "Choose what happens to the household's approval"},
    )  # fmt: skip

    def __init__(self, *args, received_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.received_on = received_on

    def clean_concluded_on(self):
        day = not_future(self.cleaned_data["concluded_on"], "date concluded")
        if self.received_on and day < self.received_on:
            raise forms.ValidationError("The date concluded must be on or after the date the allegation was received")
        return day


class NetworkForm(forms.Form):
    name = forms.CharField(
        label="Network name", max_length=100, error_messages={"required": "Enter a name for the network"}
    )
    hub = forms.ModelChoiceField(queryset=Household.objects.none(), label="Hub carer household",
                                 error_messages={"required": "Choose the hub carer household"})  # fmt: skip
    satellites = forms.ModelMultipleChoiceField(
        queryset=Household.objects.none(), label="Satellite households", widget=forms.CheckboxSelectMultiple,
        help_text="Choose 6 to 10 households.", error_messages={"required": "Choose 6 to 10 satellite households"},
    )  # fmt: skip
    started_on = date_field("Start date")

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = households
        self.fields["satellites"].queryset = households
        self.fields["hub"].label_from_instance = self.fields["satellites"].label_from_instance = lambda h: (
            f"{h.reference} ({h.town or h.postcode_district})"
        )


class StayingPutForm(forms.Form):
    intention = forms.ChoiceField(label="What does the young person want after 18?", choices=StayingPutIntention.Intention.choices,
                                  widget=forms.RadioSelect, error_messages={"required": "Choose what the young person wants"})  # fmt: skip
    reasons = forms.CharField(label="Reasons", required=False, widget=forms.Textarea, max_length=2000,
                              help_text="In the young person's words where you can. Needed unless they want to stay.")  # fmt: skip
    discussed_on = date_field("Date discussed")

    def clean_discussed_on(self):
        return not_future(self.cleaned_data["discussed_on"], "date discussed")

    def clean(self):
        data = super().clean()
        if data.get("intention") in NEEDS_REASONS and not (data.get("reasons") or "").strip():
            self.add_error("reasons", "Give the reasons, in the young person's words where you can")
        return data


class AllegationTargetForm(forms.Form):
    """A service's target for concluding allegations, in whole days."""

    service = forms.ModelChoiceField(
        queryset=None, label="Fostering service", empty_label=None,
        error_messages={"required": "Choose the fostering service", "invalid_choice": "Choose one of your fostering services"},
    )  # fmt: skip
    target_days = forms.CharField(
        label="Target for concluding an allegation, in days", max_length=10,
        help_text="Days from receiving an allegation to recording its outcome. For example, 30 for about a month.",
        error_messages={"required": "Enter the target in days, for example 30"},
    )  # fmt: skip

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["target_days"].widget.attrs.update({"inputmode": "numeric", "spellcheck": "false"})
        if len(services) == 1:
            self.fields["service"].widget = forms.HiddenInput()

    def clean_target_days(self) -> int:
        from .allegations import MAX_TARGET_DAYS, MIN_TARGET_DAYS

        raw = (self.cleaned_data["target_days"] or "").strip()
        if not raw.isdigit():
            raise forms.ValidationError("Enter the target as a whole number of days, for example 30")
        days = int(raw)
        if days < MIN_TARGET_DAYS:
            raise forms.ValidationError("The target must be at least 1 day")
        if days > MAX_TARGET_DAYS:
            raise forms.ValidationError(f"The target must be {MAX_TARGET_DAYS} days (one year) or fewer")
        return days


def _household_label(h: Household) -> str:
    return f"{h.reference} ({h.town or h.postcode_district})"


class AddSatelliteForm(forms.Form):
    household = forms.ModelChoiceField(
        queryset=Household.objects.none(), label="Household joining",
        error_messages={"required": "Choose the household joining the network"},
        help_text="Active households of your service that are not in a network.",
    )  # fmt: skip
    joined_on = date_field("Date they joined")

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = _household_label

    def clean_joined_on(self):
        return not_future(self.cleaned_data["joined_on"], "date they joined")


class RemoveSatelliteForm(forms.Form):
    household = forms.ModelChoiceField(
        queryset=Household.objects.none(), label="Household leaving",
        error_messages={"required": "Choose the household leaving the network"},
    )  # fmt: skip
    left_on = date_field("Date they left")

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = households
        self.fields["household"].label_from_instance = _household_label

    def clean_left_on(self):
        return not_future(self.cleaned_data["left_on"], "date they left")


class ChangeHubForm(forms.Form):
    new_hub = forms.ModelChoiceField(
        queryset=Household.objects.none(), label="New hub carer household",
        error_messages={"required": "Choose the new hub carer household"},
        help_text="A satellite household of this network, or an active household of your service not in a network.",
    )  # fmt: skip
    changed_on = date_field("Date of the change")
    former_hub = forms.ChoiceField(
        label="What happens to the current hub carers?", widget=forms.RadioSelect,
        choices=[("stays", "They stay in the network as a satellite household"), ("leaves", "They leave the network")],
        error_messages={"required": "Choose what happens to the current hub carers"},
    )  # fmt: skip

    def __init__(self, *args, households, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_hub"].queryset = households
        self.fields["new_hub"].label_from_instance = _household_label

    def clean_changed_on(self):
        return not_future(self.cleaned_data["changed_on"], "date of the change")
