"""The public front door: one question per page, answers validated in plain English,
services near the enquirer, honeypot and rate limit."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from fostering.enquiries.models import Enquiry, ServiceEnquiry, ServiceProfile
from fostering.enquiries.services import services_near
from fostering.geography.services import geocode
from fostering.organisations.tests.factories import FosteringServiceFactory, LaFosteringServiceFactory
from fostering.register.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def kent_services():
    loc = geocode("ME14 1AA")
    council = LaFosteringServiceFactory(office_easting=loc.easting, office_northing=loc.northing)
    near = FosteringServiceFactory(
        name="Near Fostering", office_easting=loc.easting + 5000, office_northing=loc.northing, recruits_within_km=20
    )
    far = FosteringServiceFactory(
        name="Far Fostering", office_easting=loc.easting + 90000, office_northing=loc.northing, recruits_within_km=40
    )
    return council, near, far


ANSWERS = [
    ("about-you", {"first_name": "Jo", "last_name": "O'Neill-Smith"}),
    ("contact", {"email": "jo@example.org", "phone": "+44 7700 900982"}),
    ("where-you-live", {"postcode": "me141aa"}),
    ("household", {"adults": "2", "children_at_home": "0", "spare_bedrooms": "1"}),
    ("interests", {"interests": ["teenagers", "short_breaks"]}),
    ("contact-times", {"contact_times": ["evening"]}),
    ("heard-about", {"source": "friend"}),
    ("consent", {"consent_to_share": "on"}),
]


def walk(client):
    for slug, data in ANSWERS:
        response = client.post(reverse("enquiries:step", args=[slug]), data)
        assert response.status_code == 302, (slug, response.content[:2000])


def test_services_near_are_the_council_and_ifas_within_their_recruiting_distance(kent_services):
    council, near, far = kent_services
    HouseholdFactory(fostering_service=near)
    ServiceProfile.objects.create(fostering_service=near, description="Specialists in teenagers.")
    offers = services_near(geocode("ME14 1AA"))
    assert [o.service for o in offers] == [council, near]
    assert offers[0].is_council and not offers[1].is_council
    assert offers[1].distance_km == 5.0
    assert offers[1].description == "Specialists in teenagers."
    assert offers[1].placement_types == ["emergency", "short_term", "long_term"]


def test_a_person_walks_the_front_door_and_the_chosen_services_get_the_enquiry(client, kent_services):
    council, near, _ = kent_services
    walk(client)
    check = client.get(reverse("enquiries:check"))
    assert b"O&#x27;Neill-Smith" in check.content and b"ME14 1AA" in check.content
    page = client.get(reverse("enquiries:choose"))
    assert b"Near Fostering" in page.content and b"Far Fostering" not in page.content
    response = client.post(reverse("enquiries:choose"), {"services": [str(near.id)]})
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.phone == "07700900982" and enquiry.postcode == "ME14 1AA"
    assert list(enquiry.service_enquiries.values_list("fostering_service", flat=True)) == [near.id]
    assert enquiry.reference.encode() in client.get(reverse("enquiries:sent")).content


def test_letting_the_council_decide_sends_it_to_the_council(client, kent_services):
    council, *_ = kent_services
    walk(client)
    client.post(reverse("enquiries:choose"), {"let_council_decide": "on"})
    assert ServiceEnquiry.objects.get().fostering_service == council


def test_choosing_nobody_says_what_to_do(client, kent_services):
    walk(client)
    response = client.post(reverse("enquiries:choose"), {})
    assert b"Select at least one fostering service, or select Let my council decide" in response.content
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize(
    "slug,data,message",
    [
        ("about-you", {"first_name": "", "last_name": "X"}, "Enter your first name"),
        ("about-you", {"first_name": "R2D2", "last_name": "X"}, "First name must only include letters"),
        ("contact", {"email": "nope", "phone": "07700900982"}, "Enter an email address in the correct format"),
        ("contact", {"email": "a@b.org", "phone": "12345"}, "Enter a UK telephone number"),
        ("where-you-live", {"postcode": "NOT A PC"}, "is not a valid UK postcode"),
        ("where-you-live", {"postcode": "ME99 9ZZ"}, "We cannot find the postcode ME99 9ZZ"),
        ("household", {"adults": "0", "children_at_home": "x", "spare_bedrooms": "1"}, "must be 1 or more"),
        ("interests", {}, "Select what kind of fostering you are interested in"),
        ("consent", {}, "Confirm that we may share your answers"),
    ],
)
def test_bad_answers_get_a_plain_english_error_summary(client, slug, data, message):
    walk_until = [s for s, _ in ANSWERS].index(slug)
    for s, d in ANSWERS[:walk_until]:
        client.post(reverse("enquiries:step", args=[s]), d)
    response = client.post(reverse("enquiries:step", args=[slug]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and message in body


def test_skipping_ahead_sends_you_back_to_the_first_unanswered_question(client):
    response = client.get(reverse("enquiries:step", args=["household"]))
    assert response.url == reverse("enquiries:step", args=["about-you"])


def test_what_people_type_is_never_shown_unescaped(client):
    response = client.post(
        reverse("enquiries:step", args=["where-you-live"]), {"postcode": "<script>x</script>"}, follow=True
    )
    client.post(reverse("enquiries:step", args=["about-you"]), {"first_name": "<b>", "last_name": "x"})
    response = client.post(reverse("enquiries:step", args=["about-you"]), {"first_name": "<script>", "last_name": "x"})
    assert b"<script>" not in response.content.replace(b'<script type="module"', b"").replace(b"<script>document", b"")
    assert b"&lt;script&gt;" in response.content


def test_a_filled_honeypot_is_silently_dropped(client, kent_services):
    council, near, _ = kent_services
    walk(client)
    response = client.post(reverse("enquiries:choose"), {"services": [str(near.id)], "website": "http://spam.example"})
    assert response.status_code == 302
    assert b"Enquiry sent" in client.get(reverse("enquiries:sent")).content
    assert not Enquiry.objects.exists()


@override_settings(ENQUIRY_RATE_LIMIT=2)
def test_one_address_can_send_only_a_few_enquiries_an_hour(client, kent_services):
    council, near, _ = kent_services
    for _ in range(2):
        walk(client)
        assert client.post(reverse("enquiries:choose"), {"services": [str(near.id)]}).status_code == 302
    walk(client)
    response = client.post(reverse("enquiries:choose"), {"services": [str(near.id)]})
    assert response.status_code == 429
    assert b"too many attempts" in response.content
    assert Enquiry.objects.count() == 2
    # Another address is not affected.
    walk(client)
    other = client.post(reverse("enquiries:choose"), {"services": [str(near.id)]}, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302 and Enquiry.objects.count() == 3


@override_settings(ENQUIRY_STEP_RATE_LIMIT=3)
def test_hammering_any_question_is_rate_limited(client):
    codes = [client.post(reverse("enquiries:step", args=["about-you"]), {}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
