"""Forms: the children's survey (built per age version) and the advocacy contact."""

from __future__ import annotations

from django import forms

from .models import AdvocacyContact
from .questions import FACES, FREE_TEXT, QUESTIONS, SKIP, SKIP_LABEL, Answer


class SurveyForm(forms.Form):
    """Every question needs an answer, and "I don't want to say" is always one of them."""

    def __init__(self, *args, age_group: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.age_group = age_group
        for number, q in enumerate(QUESTIONS, start=1):
            labels = q.answer_labels(age_group)
            choices = [(str(a.value), labels[a.value]) for a in Answer] + [(SKIP, SKIP_LABEL)]
            self.fields[q.code] = forms.ChoiceField(
                label=q.text(age_group), choices=choices, widget=forms.RadioSelect,
                error_messages={"required": f"Question {number} needs an answer. You can choose “{SKIP_LABEL}”."},
            )  # fmt: skip
        self.fields["better_care"] = forms.CharField(
            label=FREE_TEXT[age_group], required=False, max_length=2000, widget=forms.Textarea,
            help_text="You do not have to write anything. Do not write your name.",
            error_messages={"max_length": "Write 2,000 characters or fewer"},
        )  # fmt: skip

    def questions(self) -> list[dict]:
        """Each question with its answers, for the template (faces are decoration)."""
        out = []
        for q in QUESTIONS:
            field = self[q.code]
            options = []
            for value, label in field.field.choices:
                face = FACES.get(Answer(int(value))) if value != SKIP else ""
                options.append({"value": value, "label": label, "face": face,
                                "checked": str(field.value()) == value, "id": f"id_{q.code}_{value}"})  # fmt: skip
            out.append({"code": q.code, "text": q.text(self.age_group), "field": field, "options": options})
        return out

    def answers(self) -> dict[str, int | None]:
        return {
            q.code: (None if self.cleaned_data[q.code] == SKIP else int(self.cleaned_data[q.code])) for q in QUESTIONS
        }


class AdvocacyContactForm(forms.ModelForm):
    website = forms.URLField(
        label="Website", required=False, assume_scheme="https",
        error_messages={"invalid": "Enter a website address in the correct format, like https://www.example.org"},
    )  # fmt: skip

    class Meta:
        model = AdvocacyContact
        fields = ["service_name", "phone", "text_number", "email", "website", "hours", "children_in_care_council"]
        error_messages = {
            "service_name": {"required": "Enter the name of the advocacy service"},
            "email": {"invalid": "Enter an email address in the correct format, like name@example.org"},
        }

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("text_number") or data.get("email") or data.get("website")):
            raise forms.ValidationError(
                "Enter at least one way for a child to get in touch: phone, text, email or website"
            )
        return data


class OneLinkForm(forms.Form):
    """The child a placement officer wants to send one survey link to."""

    la_child_id = forms.CharField(
        label="Child's reference (LA child ID)", max_length=20,
        help_text="The reference in your children's records, for example the SSDA903 CHILD number.",
        error_messages={"required": "Enter the child's reference", "max_length": "The reference is 20 characters or fewer"},
    )  # fmt: skip
