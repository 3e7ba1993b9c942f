"""Factories for children with a needs profile and their voice."""

from __future__ import annotations

import datetime as dt

import factory

from fostering.children.models import Child, ChildVoice, NeedsProfile
from fostering.geography.models import LocalAuthority, Postcode


def _pc(postcode: str) -> Postcode:
    return Postcode.objects.get(postcode=postcode)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child
        skip_postgeneration_save = True

    local_authority = factory.LazyFunction(lambda: LocalAuthority.objects.get(code="E10000016"))
    la_child_id = factory.Sequence(lambda n: f"C{n:06d}")
    first_name = "Jamie"
    last_name = factory.Sequence(lambda n: f"Child{n}")
    date_of_birth = factory.LazyFunction(lambda: dt.date.today().replace(day=1) - dt.timedelta(days=10 * 365))
    sex = "1"
    gender = "male"
    ethnicity = "WBRI"
    legal_status = "C2"
    category_of_need = "N1"
    home_postcode = "ME14 1AA"
    home_easting = factory.LazyAttribute(lambda o: _pc(o.home_postcode).easting if o.home_postcode else None)
    home_northing = factory.LazyAttribute(lambda o: _pc(o.home_postcode).northing if o.home_postcode else None)
    school_postcode = "ME15 6AA"
    school_easting = factory.LazyAttribute(lambda o: _pc(o.school_postcode).easting if o.school_postcode else None)
    school_northing = factory.LazyAttribute(lambda o: _pc(o.school_postcode).northing if o.school_postcode else None)

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        """``needs={"emotional": 3}``: a current needs profile (other domains 1)."""
        if create and extracted is not False:
            NeedsProfileFactory(child=self, levels=extracted or {})

    @factory.post_generation
    def voice(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ChildVoice.objects.create(child=self, about_me="I like football and drawing.")


class NeedsProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsProfile

    child = factory.SubFactory(ChildFactory, needs=False)
    assessed_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=10))
    assessed_by = "Social worker"
    levels = factory.LazyFunction(dict)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        levels = kwargs.pop("levels", None) or {}
        for domain in ("emotional", "behaviour", "health", "learning", "communication", "identity",
                       "family", "independence", "risk_self", "risk_others"):  # fmt: skip
            kwargs.setdefault(f"need_{domain}", levels.get(domain, 1))
            kwargs.setdefault(f"strength_{domain}", 1)
        return super()._create(model_class, *args, **kwargs)
