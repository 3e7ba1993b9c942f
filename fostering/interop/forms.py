"""The SSDA903 upload form."""

from __future__ import annotations

from django import forms

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class Ssda903UploadForm(forms.Form):
    header = forms.FileField(label="Header file", help_text="CSV with CHILD, SEX, DOB, ETHNIC…",
                             error_messages={"required": "Choose the header file"})  # fmt: skip
    episodes = forms.FileField(label="Episodes file", help_text="CSV with CHILD, DECOM, RNE, LS, CIN, PLACE…",
                               error_messages={"required": "Choose the episodes file"})  # fmt: skip
    oc2 = forms.FileField(label="OC2 file (optional)", required=False, help_text="CSV with CHILD, DOB, SDQ_SCORE…")

    def clean(self):
        data = super().clean()
        for name in ("header", "episodes", "oc2"):
            f = data.get(name)
            if f is not None and f.size > MAX_UPLOAD_BYTES:
                self.add_error(name, "The file is larger than 200 MB; split the return or use the import command")
        return data
