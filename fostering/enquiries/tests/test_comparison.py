"""Front-door first contact compared across services and areas: per service, aggregated
by where enquirers live to their authority, region and England; commissioners see their
own authorities in full, analysts any authority with counts below 5 suppressed."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from fostering.accounts.tests.factories import analyst, commissioner, fostering_team, placement_officer
from fostering.enquiries import comparison
from fostering.enquiries.tests.factories import EnquiryFactory, ServiceEnquiryFactory, at
from fostering.geography.models import LocalAuthority
from fostering.organisations.tests.factories import FosteringServiceFactory

pytestmark = pytest.mark.django_db

KENT, MEDWAY, WESTMINSTER = "E10000016", "E06000035", "E09000033"
NOW = at("2026-03-13", 12)  # a Friday
MONDAY = at("2026-03-09", 10)


def enquiry_to(service, la_code: str, contacted=None, stage="first_contact"):
    enquiry = EnquiryFactory(created_at=MONDAY, local_authority=LocalAuthority.objects.get(code=la_code))
    return ServiceEnquiryFactory(
        enquiry=enquiry, fostering_service=service, first_contact_at=contacted,
        stage=stage if contacted else "enquiry",
    )  # fmt: skip


@pytest.fixture
def enquiries():
    """Kent: 6 to the council's service (5 contacted the same day, 1 after 3 working days)
    and 2 to an IFA still waiting; Medway: 1 to the IFA, contacted; Westminster: 1."""
    council = FosteringServiceFactory(name="Kent Fostering")
    ifa = FosteringServiceFactory(name="Bright Futures Fostering")
    for _ in range(5):
        enquiry_to(council, KENT, contacted=at("2026-03-09", 15))
    enquiry_to(council, KENT, contacted=at("2026-03-12", 10))
    enquiry_to(ifa, KENT)
    enquiry_to(ifa, KENT)
    enquiry_to(ifa, MEDWAY, contacted=at("2026-03-10", 9))
    enquiry_to(council, WESTMINSTER, contacted=at("2026-03-09", 11))
    EnquiryFactory(created_at=at("2024-01-08"), local_authority=LocalAuthority.objects.get(code=KENT))  # too old
    return council, ifa


def rows(table) -> dict[str, dict]:
    return {r["name"]: r for r in table.rows}


def test_a_commissioner_sees_their_authority_its_services_its_region_and_england_in_full(enquiries):
    la, (area, services, regions) = comparison.comparison(commissioner(), now=NOW)
    assert la.code == KENT and area.title == "Kent against South East and England"
    kent, south_east, england = (rows(area)[n] for n in ("Kent", "South East", "England"))
    assert (kent["enquiries"], kent["contacted"], kent["within_target"], kent["waiting"], kent["waiting_overdue"]) == (
        8, 6, 5, 2, 2)  # fmt: skip
    assert kent["share_within_target"] == pytest.approx(5 / 6) and kent["median_working_days"] == 0
    assert (south_east["enquiries"], south_east["contacted"]) == (9, 7)
    assert (england["enquiries"], england["contacted"], england["within_target"]) == (10, 8, 7)
    by_service = rows(services)
    assert list(by_service) == ["Bright Futures Fostering", "Kent Fostering"]  # only Kent residents' enquiries
    assert (by_service["Kent Fostering"]["enquiries"], by_service["Kent Fostering"]["within_target"]) == (6, 5)
    ifa = by_service["Bright Futures Fostering"]
    assert (ifa["enquiries"], ifa["contacted"], ifa["waiting_overdue"], ifa["suppressed"]) == (2, 0, 2, [])
    assert rows(regions)["London"]["enquiries"] == 1 and rows(regions)["England"]["enquiries"] == 10


def test_an_analyst_sees_any_authority_with_counts_below_5_suppressed(enquiries):
    la, (area, services, regions) = comparison.comparison(analyst(), KENT, now=NOW)
    kent = rows(area)["Kent"]
    assert (kent["enquiries"], kent["contacted"], kent["within_target"]) == (8, 6, 5)
    assert kent["waiting"] is None and {"waiting", "waiting_overdue"} <= set(kent["suppressed"])
    ifa = rows(services)["Bright Futures Fostering"]
    assert ifa["enquiries"] is None and ifa["share_within_target"] is None and ifa["median_working_days"] is None
    london = rows(regions)["London"]
    assert london["enquiries"] is None and london["contacted"] is None  # 1 and 0: both hidden
    # With no authority chosen an analyst gets regions and England only.
    assert [t.key for t in comparison.comparison(analyst(), now=NOW)[1]] == ["regions"]


def test_a_commissioner_cannot_see_another_authority_and_services_cannot_use_it(enquiries):
    with pytest.raises(PermissionDenied):
        comparison.comparison(commissioner(), MEDWAY, now=NOW)
    for user in (fostering_team(), placement_officer()):
        with pytest.raises(PermissionDenied):
            comparison.comparison(user, now=NOW)


def test_the_pages_and_api_show_the_comparison(enquiries, monkeypatch):
    monkeypatch.setattr(comparison, "timezone", SimpleNamespace(now=lambda: NOW))  # the fixture's dates stay in range
    c = Client()
    c.force_login(commissioner())
    page = c.get("/fostering/enquiries/comparison/").content.decode()
    assert "Kent against South East and England" in page and "Bright Futures Fostering" in page
    assert c.get(f"/fostering/enquiries/comparison/?la={MEDWAY}").status_code == 403
    a = Client()
    a.force_login(analyst())
    suppressed = a.get(f"/fostering/enquiries/comparison/?la={KENT}").content.decode()
    assert "fewer than 5" in suppressed
    api = a.get(f"/api/enquiries/comparison?la={KENT}").json()
    assert api["local_authority"] == KENT
    [services] = [t for t in api["tables"] if t["title"].startswith("Services")]
    ifa = next(r for r in services["rows"] if r["name"] == "Bright Futures Fostering")
    assert ifa["enquiries"] is None and "enquiries" in ifa["suppressed"]
    team = Client()
    team.force_login(fostering_team())
    assert team.get("/fostering/enquiries/comparison/").status_code == 403
    assert team.get("/api/enquiries/comparison").status_code == 403
