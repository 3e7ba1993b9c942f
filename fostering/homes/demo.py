"""Demo home profiles: the demo carer's household and a few more of the lead authority's
service and the demo IFA, written in the carers' words (no photos: uploads are real files)."""

from __future__ import annotations

from fostering.register.models import CarerAccount, HouseholdStatus

from .models import HomeProfile

ABOUT = [
    "Hello! We are {names}. We have lived in this house for twelve years. We love cooking together on Sundays, "
    "walking by the river and watching films with popcorn. We are looking forward to meeting you.",
    "Hi, I'm {names}. I used to be a teaching assistant and I like music, gardening and terrible jokes. "
    "My grown-up son visits most weekends and he is very good at video games.",
    "We are {names}. Our house is busy and noisy in a good way. We like board games, football in the park "
    "and trying food from different countries.",
]
ROUTINES = (
    "On school days we get up at 7, have breakfast together and walk to school. After school there is a snack "
    "and some time to relax before homework. Dinner is at 6. Bedtime depends on your age; we can agree it together.\n"
    "At weekends we have a lie-in, then go out somewhere or see friends."
)
RULES = "Be kind to each other. Knock before going into someone's bedroom. Phones downstairs at bedtime. Tell us if something is wrong: you will not be in trouble for telling us."
PETS = [
    "A friendly old Labrador called Biscuit, and two guinea pigs.",
    "",
    "A cat called Pepper who likes sleeping on the sofa.",
]
NEARBY = "A big park with a skate ramp five minutes away, the library (free computers), a swimming pool and a youth club on Tuesdays. The bus stop is at the end of the road."


def contribute(ctx) -> None:
    lead_service = ctx.state["la_services"][ctx.state["lead_authority"]]
    demo_ifa = ctx.state["ifa_services"][0]
    carer_household = CarerAccount.objects.filter(user__username="carer").values_list("household_id", flat=True).first()
    chosen = [h for h in ctx.state["households"] if h.id == carer_household]
    for service_id in (lead_service.id, demo_ifa.id):
        chosen += [
            h for h in ctx.state["households"]
            if h.fostering_service_id == service_id and h.status == HouseholdStatus.ACTIVE and h.id != carer_household
        ][:4]  # fmt: skip
    first_names: dict[int, list[str]] = {}
    from fostering.register.models import Carer

    for household_id, name in Carer.objects.filter(household__in=chosen).values_list("household_id", "first_name"):
        first_names.setdefault(household_id, []).append(name)
    profiles = []
    for i, h in enumerate(chosen):
        names = " and ".join(first_names.get(h.id, ["your carers"]))
        profiles.append(
            HomeProfile(
                household=h, about_us=ABOUT[i % len(ABOUT)].format(names=names), routines=ROUTINES, house_rules=RULES,
                pets=PETS[i % len(PETS)] if h.has_pets else "", nearby=NEARBY,
            )
        )  # fmt: skip
    HomeProfile.objects.bulk_create(profiles)
    ctx.log(f"  homes: {len(profiles)} home profiles")
