"""Password rules: weak passwords are refused wherever a password is set (the admin's
set-password and add-user forms use the same validators), strong ones accepted."""

from __future__ import annotations

import pytest
from django.contrib.auth.forms import AdminPasswordChangeForm, SetPasswordForm

from fostering.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WEAK = ["password", "short1!", "123456789012", "iloveyou"]


@pytest.mark.parametrize("weak", WEAK)
def test_a_weak_password_is_refused_when_an_administrator_or_the_user_sets_it(weak):
    user = UserFactory(username="priya.shah", first_name="Priya", last_name="Shah")
    for form_class in (AdminPasswordChangeForm, SetPasswordForm):
        form = form_class(
            user, data={"password1": weak, "password2": weak, "new_password1": weak, "new_password2": weak}
        )
        assert not form.is_valid(), (form_class.__name__, weak)


def test_a_password_like_the_username_is_refused_and_a_long_unusual_one_is_accepted():
    user = UserFactory(username="priya.shah.kent", first_name="Priya", last_name="Shah")
    similar = SetPasswordForm(user, data={"new_password1": "priya.shah.kent1", "new_password2": "priya.shah.kent1"})
    assert not similar.is_valid()
    strong = SetPasswordForm(
        user, data={"new_password1": "violet-harbour-lantern-42", "new_password2": "violet-harbour-lantern-42"}
    )
    assert strong.is_valid(), strong.errors
