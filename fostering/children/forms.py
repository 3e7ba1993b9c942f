"""Forms for needs profiles, the child's voice and important people (GOV.UK patterns)."""

from __future__ import annotations

import datetime as dt

from django import forms

from fostering.core.codes import LANGUAGE_CHOICES, Ethnicity, Gender, LegalStatus, Religion, Sex
from fostering.core.needs import NEED_DOMAINS, NeedLevel, StrengthLevel

from .models import ImportantPerson

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
NEED_CHOICES = [(str(v), f"{v} – {label}") for v, label in NeedLevel.choices]
STRENGTH_CHOICES = [(str(v), f"{v} – {label}") for v, label in StrengthLevel.choices]
MATTERS_CHOICES = [("0", "Not important"), ("1", "Important"), ("2", "Very important")]
YES_NO_UNKNOWN = [("", "Not asked"), ("yes", "Yes"), ("no", "No")]


class NeedsProfileForm(forms.Form):
    """One radio group per domain for need and for strength, with a short narrative."""

    assessed_on = forms.DateField(
        label="Date of assessment",
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2026",
        error_messages={
            "required": "Enter the date of the assessment",
            "invalid": "Enter a real date, like 27/03/2026",
        },
    )
    assessed_by = forms.CharField(label="Assessed by", max_length=150, required=False)
    sdq_total = forms.IntegerField(
        label="SDQ total difficulties score (0 to 40), if known",
        min_value=0,
        max_value=40,
        required=False,
        error_messages={"min_value": "Enter an SDQ score from 0 to 40", "max_value": "Enter an SDQ score from 0 to 40"},
    )

    SDQ_SCALES = (("emotional", "Emotional"), ("conduct", "Conduct"), ("hyperactivity", "Hyperactivity"),
                  ("peer", "Peer problems"), ("prosocial", "Prosocial"))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in self.SDQ_SCALES:
            self.fields[f"sdq_{code}"] = forms.IntegerField(
                label=f"SDQ {label.lower()} scale (0 to 10), if known",
                min_value=0,
                max_value=10,
                required=False,
                error_messages={
                    "min_value": "Enter a scale score from 0 to 10",
                    "max_value": "Enter a scale score from 0 to 10",
                },
            )
        for d in NEED_DOMAINS:
            self.fields[f"need_{d.code}"] = forms.TypedChoiceField(
                label=f"{d.label}: need",
                choices=NEED_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select a need level for {d.label.lower()}"},
            )
            self.fields[f"strength_{d.code}"] = forms.TypedChoiceField(
                label=f"{d.label}: strength",
                choices=STRENGTH_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select a strength level for {d.label.lower()}"},
            )
            self.fields[f"narrative_{d.code}"] = forms.CharField(
                label=f"{d.label}: in a sentence or two", max_length=1000, required=False, widget=forms.Textarea
            )

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > dt.date.today():
            raise forms.ValidationError("The date of assessment must be today or in the past")
        return day

    def sdq_fields(self):
        return [self[f"sdq_{code}"] for code, _label in self.SDQ_SCALES]

    def sdq_values(self) -> dict:
        return {f"sdq_{c}": self.cleaned_data.get(f"sdq_{c}") for c in ("total", *(c for c, _ in self.SDQ_SCALES))}

    def domain_rows(self):
        """Bound fields grouped per domain, for the template."""
        return [
            {"domain": d, "need": self[f"need_{d.code}"], "strength": self[f"strength_{d.code}"],
             "narrative": self[f"narrative_{d.code}"]}
            for d in NEED_DOMAINS
        ]  # fmt: skip


def _tristate(value: str):
    return {"yes": True, "no": False}.get(value)


class VoiceForm(forms.Form):
    about_me = forms.CharField(
        label="About me, in my own words", required=False, widget=forms.Textarea, max_length=4000
    )
    want_carers_to_know = forms.CharField(
        label="What I want my carers to know", required=False, widget=forms.Textarea, max_length=4000
    )
    matters_for_new_home = forms.CharField(
        label="What matters to me about my new home", required=False, widget=forms.Textarea, max_length=4000
    )
    wants_pets = forms.TypedChoiceField(
        label="I would like to live with pets",
        choices=YES_NO_UNKNOWN,
        coerce=_tristate,
        empty_value=None,
        required=False,
    )
    wants_to_stay_at_school = forms.TypedChoiceField(
        label="I want to stay at my school", choices=YES_NO_UNKNOWN, coerce=_tristate, empty_value=None, required=False
    )
    faith_matters = forms.TypedChoiceField(label="My faith", choices=MATTERS_CHOICES, coerce=int)
    language_matters = forms.TypedChoiceField(label="My language", choices=MATTERS_CHOICES, coerce=int)
    culture_matters = forms.TypedChoiceField(label="My culture", choices=MATTERS_CHOICES, coerce=int)
    food = forms.CharField(label="Food I like or need", max_length=200, required=False)

    @staticmethod
    def initial_from(voice) -> dict:
        if voice is None:
            return {"faith_matters": "0", "language_matters": "0", "culture_matters": "0"}
        tri = {True: "yes", False: "no", None: ""}
        return {
            "about_me": voice.about_me,
            "want_carers_to_know": voice.want_carers_to_know,
            "matters_for_new_home": voice.matters_for_new_home,
            "wants_pets": tri[voice.wants_pets],
            "wants_to_stay_at_school": tri[voice.wants_to_stay_at_school],
            "faith_matters": str(voice.faith_matters),
            "language_matters": str(voice.language_matters),
            "culture_matters": str(voice.culture_matters),
            "food": voice.food,
        }


class ImportantPersonForm(forms.Form):
    name = forms.CharField(label="Name", max_length=100, error_messages={"required": "Enter the person's name"})
    relationship = forms.CharField(
        label="Relationship to the child",
        max_length=100,
        help_text="For example, Nan, older brother, best friend",
        error_messages={"required": "Enter how they are related to the child"},
    )
    keep_in_touch = forms.TypedChoiceField(
        label="Should the child keep in touch with them?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        initial="yes",
    )
    contact = forms.ChoiceField(label="How", choices=ImportantPerson.Contact.choices)
    postcode = forms.CharField(
        label="Their postcode (optional)", max_length=8, required=False, help_text="So a new home can be near them"
    )


# Children stay looked after (or in Staying Put) up to 25: an older date of birth is a typing slip.
OLDEST_AGE_YEARS = 25


class ChildDetailsForm(forms.Form):
    """A child's basic details (the Child model's identity fields). Postcodes are checked
    against the postcode directory by children.services.update_child_details, which puts
    its plain-English message on the field."""

    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = forms.DateField(
        label="Date of birth",
        input_formats=DATE_FORMATS,
        help_text="For example, 27/03/2015",
        error_messages={
            "required": "Enter the child's date of birth",
            "invalid": "Enter the date of birth as a real date, like 27/03/2015",
        },
    )
    sex = forms.ChoiceField(
        label="Sex (as recorded for SSDA903)",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child's sex as recorded for SSDA903"},
    )
    gender = forms.ChoiceField(
        label="Gender (optional)", choices=[("", "Not recorded"), *Gender.choices], required=False
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=[("", "Choose ethnicity"), *Ethnicity.choices],
        error_messages={"required": "Select the child's ethnicity"},
    )
    religion = forms.ChoiceField(label="Religion", choices=Religion.choices)
    first_language = forms.ChoiceField(label="First language", choices=LANGUAGE_CHOICES)
    other_languages = forms.MultipleChoiceField(
        label="Other languages the child speaks (optional)",
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    home_postcode = forms.CharField(
        label="Home postcode (optional)",
        max_length=20,
        required=False,
        error_messages={"max_length": "Enter a real postcode, like ME14 1AA"},
        help_text="The family home, so a new home can be near it. For example, ME14 1AA",
    )
    school_postcode = forms.CharField(
        label="School postcode (optional)",
        max_length=20,
        required=False,
        help_text="For example, ME15 6AA",
        error_messages={"max_length": "Enter a real postcode, like ME15 6AA"},
    )
    legal_status = forms.ChoiceField(
        label="Legal status (optional)", choices=[("", "Not recorded"), *LegalStatus.choices], required=False
    )

    FIELDS = ("first_name", "last_name", "date_of_birth", "sex", "gender", "ethnicity", "religion",
              "first_language", "other_languages", "home_postcode", "school_postcode", "legal_status")  # fmt: skip

    @classmethod
    def initial_from(cls, child) -> dict:
        initial = {name: getattr(child, name) for name in cls.FIELDS}
        initial["date_of_birth"] = child.date_of_birth.strftime("%d/%m/%Y")
        return initial

    def clean_date_of_birth(self):
        day = self.cleaned_data["date_of_birth"]
        today = dt.date.today()
        if day > today:
            raise forms.ValidationError("The date of birth must be today or in the past")
        if today.year - day.year - ((today.month, today.day) < (day.month, day.day)) > OLDEST_AGE_YEARS:
            raise forms.ValidationError(
                f"The date of birth must be within the last {OLDEST_AGE_YEARS} years. Check the year"
            )
        return day

    def clean(self):
        cleaned = super().clean()
        first = cleaned.get("first_language")  # the first language is not also an "other" one
        if first and "other_languages" in cleaned:
            cleaned["other_languages"] = [c for c in cleaned["other_languages"] if c != first]
        return cleaned
