"""Front-door forms, one question per page, each validated with a plain-English message.

Answers are kept in the session as plain JSON (strings, numbers, lists) until the
enquirer sends them, so the journey works without JavaScript and nothing is saved about
someone who stops half-way.
"""

from __future__ import annotations

import re

from django import forms

from fostering.geography.services import PostcodeError, geocode

from .models import PIPELINE, ContactTime, DropOutReason, Interest, Source, Stage

NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)*\.?$")
PHONE_ALLOWED = re.compile(r"^[0-9+ ()\-]+$")


def uk_phone(raw: str) -> str:
    """Normalise a UK telephone number to 0XXXXXXXXXX, or raise ValidationError."""
    message = "Enter a UK telephone number, like 01632 960 001 or 07700 900 982"
    value = (raw or "").strip()
    if not value:
        raise forms.ValidationError("Enter a telephone number")
    if not PHONE_ALLOWED.match(value):
        raise forms.ValidationError(message)
    digits = re.sub(r"[^0-9+]", "", value)
    if digits.startswith("+44"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("0044"):
        digits = "0" + digits[4:].lstrip("0")
    if "+" in digits or not digits.startswith("0") or digits[1:2] not in {"1", "2", "3", "7", "8"}:
        raise forms.ValidationError(message)
    if len(digits) not in (10, 11):
        raise forms.ValidationError(message)
    return digits


def _name_field(label: str, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=100,
        error_messages={
            "required": f"Enter your {label.lower()}",
            "max_length": f"{label} must be 100 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
    )


def _check_name(value: str, label: str) -> str:
    value = " ".join(value.split())
    if not NAME_CHARS.match(value):
        raise forms.ValidationError(f"{label} must only include letters, spaces, hyphens and apostrophes")
    return value


def _count_field(label: str, minimum: int, maximum: int, hint: str = "") -> forms.IntegerField:
    what = label[0].lower() + label[1:]
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=minimum,
        max_value=maximum,
        error_messages={
            "required": f"Enter the {what}, as a number like 2",
            "invalid": f"The {what} must be a whole number, like 2",
            "min_value": f"The {what} must be {minimum} or more",
            "max_value": f"The {what} must be {maximum} or fewer",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
    )


class AboutYouForm(forms.Form):
    first_name = _name_field("First name", "given-name")
    last_name = _name_field("Last name", "family-name")

    def clean_first_name(self):
        return _check_name(self.cleaned_data["first_name"], "First name")

    def clean_last_name(self):
        return _check_name(self.cleaned_data["last_name"], "Last name")


class ContactForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will only use this to contact you about fostering.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="UK telephone number",
        max_length=20,
        help_text="For international numbers include the country code, like +44.",
        error_messages={"max_length": "Enter a UK telephone number, like 01632 960 001 or 07700 900 982"},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        required=False,
    )

    def clean_phone(self):
        return uk_phone(self.cleaned_data.get("phone", ""))


class PostcodeForm(forms.Form):
    postcode = forms.CharField(
        label="Postcode",
        max_length=10,
        help_text="The postcode of the home where you would foster, like ME14 1XX.",
        required=False,
        error_messages={"max_length": "Enter a postcode like ME14 1XX"},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "class": "govuk-input--width-10"}),
    )

    def clean_postcode(self):
        try:
            return geocode(self.cleaned_data.get("postcode", "")).postcode
        except PostcodeError as exc:
            raise forms.ValidationError(str(exc))


class HouseholdForm(forms.Form):
    adults = _count_field("Number of adults who live in your home", 1, 10, "Include yourself.")
    children_at_home = _count_field(
        "Number of children who live in your home", 0, 15, "Children under 18, including your own. Enter 0 if none."
    )
    spare_bedrooms = _count_field(
        "Number of spare bedrooms",
        0,
        10,
        "A child in foster care usually needs their own bedroom. Enter 0 if you have none yet: you can still ask.",
    )


class InterestsForm(forms.Form):
    interests = forms.MultipleChoiceField(
        label="What kind of fostering are you interested in?",
        help_text="Select all that apply.",
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what kind of fostering you are interested in, or select Not sure yet"},
    )


class ContactTimesForm(forms.Form):
    contact_times = forms.MultipleChoiceField(
        label="When is a good time to call you?",
        help_text="Select all that apply.",
        choices=ContactTime.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select when is a good time to call you"},
    )


class SourceForm(forms.Form):
    source = forms.ChoiceField(
        label="How did you hear about fostering with us?",
        choices=Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how you heard about fostering with us"},
    )


class ConsentForm(forms.Form):
    consent_to_share = forms.BooleanField(
        label="I agree that my answers may be shared with the fostering services I choose, so they can contact me",
        error_messages={"required": "Confirm that we may share your answers with the fostering services you choose"},
    )


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS and from assistive technology); bots fill it."""

    website = forms.CharField(required=False, label="Leave this blank")

    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())


class ChooseServicesForm(HoneypotMixin):
    services = forms.TypedMultipleChoiceField(
        label="Which fostering services may contact you?",
        help_text="Select one or more.",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    let_council_decide = forms.BooleanField(label="Let my council decide who contacts me", required=False)

    def __init__(self, *args, service_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = [(i, str(i)) for i in service_ids]
        self.fields["services"].error_messages["invalid_choice"] = "Select fostering services from the list"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("services") and not cleaned.get("let_council_decide"):
            self.add_error("services", "Select at least one fostering service, or select Let my council decide")
        return cleaned


# Staff forms -------------------------------------------------------------------------------------------------


class MoveStageForm(forms.Form):
    to_stage = forms.ChoiceField(
        label="Move to",
        choices=[(s.value, s.label) for s in Stage if s != Stage.ENQUIRY and s != Stage.APPROVED],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage to move this enquiry to"},
    )
    reason = forms.ChoiceField(
        label="Reason (if withdrawn or declined)",
        choices=[("", "Choose a reason"), *DropOutReason.choices],
        required=False,
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(self, *args, current_stage: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [s for s in PIPELINE[PIPELINE.index(current_stage) + 1 : -1]] if current_stage in PIPELINE else []
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in allowed] + [
            (Stage.WITHDRAWN.value, "Withdrawn by the applicant"),
            (Stage.DECLINED.value, "Declined by the service"),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_stage") in (Stage.WITHDRAWN, Stage.DECLINED) and not cleaned.get("reason"):
            self.add_error("reason", "Select why the enquiry was withdrawn or declined")
        return cleaned


DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %m %Y"]


def _date_field(label: str) -> forms.DateField:
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


class ApprovalForm(forms.Form):
    """The approval terms the service confirms; everything else comes from the enquiry."""

    reference = forms.CharField(
        label="Household reference", max_length=40, help_text="Your service's own reference for the household."
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=200)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    bedrooms = _count_field("Number of bedrooms in the home", 1, 20)
    approved_on = _date_field("Date of approval")
    panel_date = _date_field("Date of panel")
    max_children = _count_field("Number of children approved for", 1, 6)
    age_min = _count_field("Youngest age approved for", 0, 21)
    age_max = _count_field("Oldest age approved for", 0, 21)
    placement_types = forms.MultipleChoiceField(
        label="Placement types approved for",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one placement type the household is approved for"},
    )
    carer_date_of_birth = _date_field("Carer's date of birth")
    carer_gender = forms.ChoiceField(label="Carer's gender", choices=[])
    carer_ethnicity = forms.ChoiceField(label="Carer's ethnicity", choices=[])
    second_carer_first_name = forms.CharField(
        label="Second carer's first name (if any)", max_length=100, required=False
    )
    second_carer_last_name = forms.CharField(label="Second carer's last name", max_length=100, required=False)
    second_carer_date_of_birth = forms.DateField(
        label="Second carer's date of birth", input_formats=DATE_FORMATS, required=False,
        error_messages={"invalid": "Enter the second carer's date of birth as a real date, like 27/03/1980"},
    )  # fmt: skip
    second_carer_gender = forms.ChoiceField(label="Second carer's gender", choices=[], required=False)

    def __init__(self, *args, **kwargs):
        from fostering.core.codes import Ethnicity, Gender, PlacementType

        super().__init__(*args, **kwargs)
        self.fields["placement_types"].choices = PlacementType.choices
        self.fields["carer_gender"].choices = [("", "Choose"), *Gender.choices]
        self.fields["second_carer_gender"].choices = [("", "Choose"), *Gender.choices]
        self.fields["carer_ethnicity"].choices = [("", "Choose"), *Ethnicity.choices]

    def clean(self):
        cleaned = super().clean()
        lo, hi = cleaned.get("age_min"), cleaned.get("age_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("age_max", "The oldest age must be the same as or more than the youngest age")
        approved, panel = cleaned.get("approved_on"), cleaned.get("panel_date")
        if approved and panel and panel > approved:
            self.add_error("panel_date", "The panel date must be on or before the date of approval")
        if cleaned.get("second_carer_first_name"):
            for name, message in (
                ("second_carer_last_name", "Enter the second carer's last name"),
                ("second_carer_date_of_birth", "Enter the second carer's date of birth"),
                ("second_carer_gender", "Select the second carer's gender"),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned
