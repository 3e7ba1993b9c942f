"""Forms for the home profile, its photos and sharing it."""

from __future__ import annotations

from django import forms

from .models import HomePhoto, HomeProfile

HINTS = {
    "about_us": "Write to the child, in your own words: who lives here, what you enjoy, what you are like. Use first names only; do not include your address.",
    "routines": "What a normal school day and weekend look like: getting up, meals, bedtime.",
    "house_rules": "The few rules that matter in your home, and why.",
    "pets": "Names, what kind of animal, and anything a child should know about them.",
    "nearby": "Parks, clubs, the library, places to eat, the nearest bus stop. No street names.",
}


class HomeProfileForm(forms.ModelForm):
    class Meta:
        model = HomeProfile
        fields = ["about_us", "routines", "house_rules", "pets", "nearby"]
        widgets = {name: forms.Textarea for name in HINTS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, hint in HINTS.items():
            field = self.fields[name]
            field.help_text = hint
            field.error_messages["max_length"] = f"{field.label} must be {field.max_length:,} characters or fewer"


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="Upload a photo",
        help_text="A JPG, PNG or WebP photo, smaller than 10 MB. Do not show faces, house numbers or car number plates.",
        error_messages={"required": "Select a photo to upload", "empty": "The selected file is empty"},
    )
    kind = forms.ChoiceField(
        label="What does it show?",
        choices=HomePhoto.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the photo shows"},
    )
    caption = forms.CharField(label="Caption (optional)", max_length=200, required=False)


class ShareForm(forms.Form):
    referral = forms.ModelChoiceField(
        label="Referral",
        queryset=None,
        empty_label="Choose the child's referral",
        help_text="Only your authority's referrals with a placement agreed are listed.",
        error_messages={
            "required": "Choose the referral for the child",
            "invalid_choice": "Choose a referral from the list",
        },
    )

    def __init__(self, *args, referrals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = referrals
        self.fields["referral"].label_from_instance = lambda r: f"{r.reference} ({r.get_status_display().lower()})"
