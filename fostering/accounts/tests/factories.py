"""Factories for users with roles. ``UserFactory(roles=[Role.CARER], organisation=...)``."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from fostering.accounts.models import Role, User
from fostering.organisations.tests.factories import (
    IfaOrganisationFactory,
    LocalAuthorityOrganisationFactory,
    NationalOrganisationFactory,
    OperatorOrganisationFactory,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    organisation = factory.SubFactory(LocalAuthorityOrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        self.groups.set([Group.objects.get_or_create(name=Role(r).label)[0] for r in extracted])
        self.forget_roles()
        self.save()


def placement_officer(**kw) -> User:
    return UserFactory(roles=[Role.PLACEMENT_OFFICER], **kw)


def fostering_team(organisation=None, **kw) -> User:
    return UserFactory(roles=[Role.FOSTERING_TEAM], organisation=organisation or IfaOrganisationFactory(), **kw)


def commissioner(**kw) -> User:
    return UserFactory(roles=[Role.COMMISSIONER], **kw)


def analyst(**kw) -> User:
    return UserFactory(roles=[Role.ANALYST], organisation=kw.pop("organisation", None) or NationalOrganisationFactory(), **kw)


def administrator(**kw) -> User:
    return UserFactory(
        roles=[Role.ADMINISTRATOR], organisation=OperatorOrganisationFactory(), is_staff=True, is_superuser=True, **kw
    )
