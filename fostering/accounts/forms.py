from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Django's sign-in form with GOV.UK wording."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been deactivated. Ask your administrator.",
    }

    username = forms.CharField(
        label="Username",
        error_messages={"required": "Enter your username"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code shown in the app, for example 123456.",
        max_length=6,
        min_length=6,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "min_length": "The code must be 6 digits",
            "max_length": "The code must be 6 digits",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("The code must be 6 digits")
        if self.device is not None:
            allowed, _ = self.device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError("Too many wrong codes. Wait a few seconds, then enter the latest code")
        if self.device is None or not self.device.verify_token(code):
            raise forms.ValidationError("That code is not right or has expired. Enter the latest code from your app")
        return code
