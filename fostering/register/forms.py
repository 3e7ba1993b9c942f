"""Forms for the register's pages. Messages say what is wrong and how to fix it."""

from __future__ import annotations

from django import forms

from fostering.core.codes import LANGUAGE_CHOICES, Ethnicity, Gender, PlacementType, Religion
from fostering.core.needs import NEED_DOMAINS, CapabilityLevel
from fostering.geography.services import PostcodeError, geocode

from .models import HouseholdStatus, TrainingCourse

DATE_HINT = "For example, 27/03/2020"
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]


def date_field(label: str, required: bool = True, hint: str = DATE_HINT) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=hint,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"Enter the {label.lower()} as dd/mm/yyyy",
        },
    )


def format_initial_dates(form: forms.Form) -> None:
    """Show dates as dd/mm/yyyy in text inputs (GOV.UK style), not the locale's long form."""
    for name, field in form.fields.items():
        value = form.initial.get(name)
        if isinstance(field, forms.DateField) and hasattr(value, "strftime"):
            form.initial[name] = value.strftime("%d/%m/%Y")


def parse_ages(text: str) -> list[int]:
    ages = []
    for part in text.replace(",", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) > 30:
            raise forms.ValidationError("Enter ages as whole numbers separated by semicolons, like 7;12")
        ages.append(int(part))
    return sorted(ages)


class HouseholdForm(forms.Form):
    reference = forms.CharField(
        label="Your reference", max_length=40, error_messages={"required": "Enter your reference for the household"}
    )
    address_line_1 = forms.CharField(
        label="Address line 1", max_length=200, error_messages={"required": "Enter the first line of the address"}
    )
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=200, required=False)
    town = forms.CharField(label="Town or city (optional)", max_length=100, required=False)
    postcode = forms.CharField(
        label="Postcode", max_length=10, error_messages={"required": "Enter the postcode, like ME14 1AA"}
    )
    bedrooms = forms.IntegerField(
        label="Bedrooms", min_value=0, max_value=20, error_messages={"required": "Enter the number of bedrooms"}
    )
    beds_for_fostering = forms.IntegerField(
        label="Bedrooms for fostered children", min_value=0, max_value=10,
        error_messages={"required": "Enter how many bedrooms are for fostered children"},
    )  # fmt: skip
    wheelchair_accessible = forms.BooleanField(label="Wheelchair accessible", required=False)
    other_children_ages = forms.CharField(
        label="Ages of other children living in the home (optional)", required=False,
        help_text="Separate ages with semicolons, for example 7;12",
    )  # fmt: skip
    has_pets = forms.BooleanField(label="Pets in the home", required=False)
    pets_description = forms.CharField(label="Pets (optional)", max_length=200, required=False)
    smokers = forms.BooleanField(label="Someone in the home smokes", required=False)

    def clean_postcode(self):
        try:
            return geocode(self.cleaned_data["postcode"]).postcode
        except PostcodeError as exc:
            raise forms.ValidationError(str(exc))

    def clean_other_children_ages(self):
        return parse_ages(self.cleaned_data.get("other_children_ages") or "")

    def clean(self):
        data = super().clean()
        if data.get("beds_for_fostering") is not None and data.get("bedrooms") is not None:
            if data["beds_for_fostering"] > data["bedrooms"]:
                self.add_error("beds_for_fostering", "Bedrooms for fostered children cannot be more than bedrooms")
        return data

    def household_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in HouseholdForm.base_fields}


class NewHouseholdForm(HouseholdForm):
    """A household with its first carer and its approval (more carers and training later)."""

    carer_first_name = forms.CharField(
        label="Carer's first name", max_length=100, error_messages={"required": "Enter the carer's first name"}
    )
    carer_last_name = forms.CharField(
        label="Carer's last name", max_length=100, error_messages={"required": "Enter the carer's last name"}
    )
    carer_date_of_birth = date_field("Carer's date of birth", hint="For example, 17/05/1975")
    carer_gender = forms.ChoiceField(label="Carer's gender", choices=Gender.choices)
    carer_ethnicity = forms.ChoiceField(label="Carer's ethnicity", choices=Ethnicity.choices)
    carer_religion = forms.ChoiceField(label="Carer's religion", choices=Religion.choices, initial=Religion.NOT_KNOWN)
    carer_languages = forms.MultipleChoiceField(
        label="Languages the carer speaks",
        choices=LANGUAGE_CHOICES,
        initial=["en"],
        error_messages={"required": "Choose at least one language"},
    )
    carer_fostering_since = date_field("Date first approved to foster")
    approved_on = date_field("Approval date")
    panel_date = date_field("Panel date")
    max_children = forms.IntegerField(
        label="Most children at once",
        min_value=1,
        max_value=6,
        error_messages={"required": "Enter the most children the household may care for"},
    )
    age_min = forms.IntegerField(label="Youngest age", min_value=0, max_value=21, initial=0)
    age_max = forms.IntegerField(label="Oldest age", min_value=0, max_value=21, initial=18)
    placement_types = forms.MultipleChoiceField(
        label="Approved placement types",
        choices=PlacementType.choices,
        error_messages={"required": "Choose at least one placement type"},
    )
    review_due = date_field("Annual review due")  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("age_min") is not None and data.get("age_max") is not None and data["age_min"] > data["age_max"]:
            self.add_error("age_max", "The oldest age must be the same as or above the youngest age")
        if data.get("panel_date") and data.get("approved_on") and data["panel_date"] > data["approved_on"]:
            self.add_error("panel_date", "The panel date must be on or before the approval date")
        return data

    def carer_data(self) -> dict:
        d = self.cleaned_data
        return {
            "first_name": d["carer_first_name"], "last_name": d["carer_last_name"],
            "date_of_birth": d["carer_date_of_birth"], "gender": d["carer_gender"], "ethnicity": d["carer_ethnicity"],
            "religion": d["carer_religion"], "languages": d["carer_languages"], "fostering_since": d["carer_fostering_since"],
        }  # fmt: skip

    def approval_data(self) -> dict:
        keys = ("approved_on", "panel_date", "max_children", "age_min", "age_max", "placement_types", "review_due")
        return {k: self.cleaned_data[k] for k in keys}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="New status", choices=HouseholdStatus.choices)
    changed_on = date_field("Date of the change")
    reason = forms.CharField(label="Reason", max_length=300, required=False, widget=forms.Textarea,
                             help_text="Needed for any status other than active.")  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("status") and data["status"] != HouseholdStatus.ACTIVE and not (data.get("reason") or "").strip():
            self.add_error("reason", "Say why the household's status is changing")
        return data


class TrainingForm(forms.Form):
    course = forms.ChoiceField(label="Course", choices=TrainingCourse.choices)
    completed_on = date_field("Date completed")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Households file (CSV or XLSX)",
        help_text="Use the template; at most 5,000 households per file.",
        error_messages={"required": "Choose a CSV or XLSX file to upload"},
    )
    service = forms.ChoiceField(label="Fostering service", choices=())

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [(s.pk, s.name) for s in services]
        if len(self.fields["service"].choices) == 1:
            # One service: nothing to choose (the view uses it).
            del self.fields["service"]


CAPABILITY_CHOICES = [("", "Any")] + [(str(v), label) for v, label in CapabilityLevel.choices if v > 0]


class SearchForm(forms.Form):
    """Register search; every field optional. Capability: at least this level per domain."""

    postcode = forms.CharField(
        label="Near postcode",
        required=False,
        max_length=10,
        help_text="The child's school or home postcode, for example SW1A 2AA",
    )
    within_km = forms.IntegerField(label="Within (km)", required=False, min_value=1, max_value=500, initial=30)
    age = forms.IntegerField(label="Child's age", required=False, min_value=0, max_value=21)
    placement_type = forms.ChoiceField(
        label="Placement type", required=False, choices=[("", "Any")] + list(PlacementType.choices)
    )
    group_size = forms.IntegerField(label="Children together (sibling group)", required=False, min_value=1, max_value=6)
    language = forms.ChoiceField(label="Language spoken", required=False, choices=[("", "Any")] + LANGUAGE_CHOICES)
    religion = forms.ChoiceField(label="Carers' religion", required=False,
                                 choices=[("", "Any")] + [c for c in Religion.choices if c[0] != "not_known"])  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for d in NEED_DOMAINS:
            self.fields[f"cap_{d.code}"] = forms.ChoiceField(label=d.label, required=False, choices=CAPABILITY_CHOICES)

    def clean_postcode(self):
        raw = (self.cleaned_data.get("postcode") or "").strip()
        if not raw:
            return ""
        try:
            return geocode(raw).postcode
        except PostcodeError as exc:
            raise forms.ValidationError(str(exc))

    def clean(self):
        data = super().clean()
        if data.get("within_km") and not data.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", "Enter a postcode to search within a distance of it")
        return data

    def capability_fields(self):
        return [self[f"cap_{d.code}"] for d in NEED_DOMAINS]

    def criteria(self):
        from .search import SearchCriteria

        d = self.cleaned_data
        return SearchCriteria(
            postcode=d.get("postcode") or None,
            within_km=d.get("within_km") if d.get("postcode") else None,
            age=d.get("age"),
            placement_type=d.get("placement_type") or None,
            group_size=d.get("group_size"),
            min_capability={x.code: int(d[f"cap_{x.code}"]) for x in NEED_DOMAINS if d.get(f"cap_{x.code}")},
            language=d.get("language") or None,
            religion=d.get("religion") or None,
        )


class CapabilityForm(forms.Form):
    """One source's levels per need domain: the service's assessment or the carers' view."""

    source = forms.ChoiceField(
        label="Whose view is this",
        choices=[("service", "The service's assessment"), ("carers", "The carers' own view")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for d in NEED_DOMAINS:
            self.fields[d.code] = forms.TypedChoiceField(
                label=d.label,
                choices=[(str(v), label) for v, label in CapabilityLevel.choices],
                coerce=int,
                initial="0",
            )

    def levels(self) -> dict[str, int]:
        return {d.code: self.cleaned_data[d.code] for d in NEED_DOMAINS}


class ApprovalForm(forms.Form):
    approved_on = date_field("Approval date")
    panel_date = date_field("Panel date")
    max_children = forms.IntegerField(label="Most children at once", min_value=1, max_value=6)
    age_min = forms.IntegerField(label="Youngest age", min_value=0, max_value=21)
    age_max = forms.IntegerField(label="Oldest age", min_value=0, max_value=21)
    placement_types = forms.MultipleChoiceField(
        label="Approved placement types", choices=PlacementType.choices,
        error_messages={"required": "Choose at least one placement type"},
    )  # fmt: skip
    review_due = date_field("Annual review due")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        format_initial_dates(self)


class TransferForm(forms.Form):
    to_service = forms.ModelChoiceField(
        label="Fostering service the household is moving to", queryset=None,
        error_messages={"required": "Choose the fostering service"},
    )  # fmt: skip
    transferred_on = date_field("Date of the transfer")
    new_reference = forms.CharField(
        label="The new service's reference (optional)", max_length=40, required=False,
        help_text="Leave blank to keep the current reference",
    )  # fmt: skip
    reason = forms.CharField(label="Reason (optional)", max_length=300, required=False, widget=forms.Textarea)

    def __init__(self, *args, exclude_service_id=None, **kwargs):
        from fostering.organisations.models import FosteringService

        super().__init__(*args, **kwargs)
        self.fields["to_service"].queryset = FosteringService.objects.exclude(pk=exclude_service_id).order_by("name")


def _whole_number(label: str, what: str, low: int, high: int, example: int, *, fewer: bool = False, **kwargs):
    """A whole-number field whose every error names the figure and its range in plain English."""
    return forms.IntegerField(
        label=label, min_value=low, max_value=high,
        error_messages={"required": f"Enter the {what}, from {low} to {high}",
                        "invalid": f"Enter the {what} as a whole number, like {example}",
                        "min_value": f"The {what} must be {low} or more",
                        "max_value": f"The {what} must be {high} or {'fewer' if fewer else 'less'}"},
        **kwargs,
    )  # fmt: skip


class PreferencesForm(forms.Form):
    """What the carers would like. The approval's terms still decide which children are matched."""

    preferred_age_min = _whole_number("Youngest age you would like to care for", "youngest age", 0, 21, 5)
    preferred_age_max = _whole_number("Oldest age you would like to care for", "oldest age", 0, 21, 12)
    max_sibling_group = _whole_number(
        "Largest group of brothers and sisters you could care for together", "largest sibling group", 1, 6, 2,
        fewer=True, help_text="1 if you would like one child at a time",
    )  # fmt: skip
    notes = forms.CharField(
        label="Anything else you would like your fostering service to know (optional)", required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Keep this to 2,000 characters or fewer"},
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        lo, hi = data.get("preferred_age_min"), data.get("preferred_age_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("preferred_age_max", "The oldest age must be the same as or above the youngest age")
        return data


class CarerForm(forms.Form):
    """A carer's own details, as the Carer model holds them."""

    first_name = forms.CharField(
        label="First name", max_length=100,
        error_messages={"required": "Enter the carer's first name",
                        "max_length": "The first name must be 100 characters or fewer"},
    )  # fmt: skip
    last_name = forms.CharField(
        label="Last name", max_length=100,
        error_messages={"required": "Enter the carer's last name",
                        "max_length": "The last name must be 100 characters or fewer"},
    )  # fmt: skip
    date_of_birth = date_field("Date of birth", hint="For example, 17/05/1975")
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices,
                               error_messages={"required": "Choose the carer's gender"})  # fmt: skip
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices,
                                  error_messages={"required": "Choose the carer's ethnicity"})  # fmt: skip
    religion = forms.ChoiceField(label="Religion", choices=Religion.choices, initial=Religion.NOT_KNOWN,
                                 error_messages={"required": "Choose the carer's religion, or 'Not known'"})  # fmt: skip
    languages = forms.MultipleChoiceField(
        label="Languages the carer speaks", choices=LANGUAGE_CHOICES, initial=["en"],
        error_messages={"required": "Choose at least one language",
                        "invalid_choice": "Choose languages from the list"},
    )  # fmt: skip
    fostering_since = date_field("Date first approved to foster")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        format_initial_dates(self)

    def carer_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in CarerForm.base_fields}
