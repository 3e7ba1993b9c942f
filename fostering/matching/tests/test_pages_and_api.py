"""Matching pages (officer, fostering team, carer) and the API: shapes, errors, and that a
carer never sees a child's personal details."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fostering.accounts.models import ApiToken
from fostering.matching import services
from fostering.matching.models import Offer, ReferralShare
from fostering.placements.models import Placement

from .factories import CHILD_DOB, CHILD_FIRST, CHILD_LAST, CHILD_POSTCODE, scene

pytestmark = pytest.mark.django_db

COMPONENTS = {"needs_met", "distance", "identity", "household_fit", "carer_preferences", "experience"}


def bearer(user):
    _, raw = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def signed_in(client, user):
    client.force_login(user)
    return client


def test_api_shortlist_lists_candidates_in_rank_order_with_components_distance_cost_and_why_not(client):
    s = scene()
    r = client.get(f"/api/referrals/{s.referral.pk}/shortlist?limit=5", **bearer(s.officer))
    assert r.status_code == 200, r.content
    body = r.json()
    assert [c["household_id"] for c in body["candidates"]] == [s.near.pk, s.far.pk]
    assert [c["rank"] for c in body["candidates"]] == [1, 2]
    first = body["candidates"][0]
    assert set(first["components"]) == COMPONENTS
    assert first["score"] >= body["candidates"][1]["score"]
    assert first["distance_km"] is not None and first["weekly_cost"] > 0
    assert set(body["why_not"]) >= {"active_approved", "terms_cover", "free_places", "distance"}
    assert body["eligible"] == 2
    one = client.get(f"/api/referrals/{s.referral.pk}/shortlist?limit=1", **bearer(s.officer)).json()
    assert len(one["candidates"]) == 1


def test_api_shortlist_answers_4xx_with_reasons(client):
    s = scene()
    headers = bearer(s.officer)
    assert client.get("/api/referrals/999999/shortlist", **headers).status_code == 404
    assert client.get(f"/api/referrals/{s.referral.pk}/shortlist?limit=0", **headers).status_code in (400, 422)
    assert client.get(f"/api/referrals/{s.referral.pk}/shortlist?limit=abc", **headers).status_code in (400, 422)
    assert client.get(f"/api/referrals/{s.referral.pk}/shortlist", **bearer(s.team_near)).status_code == 403
    assert client.get(f"/api/referrals/{s.referral.pk}/shortlist", **bearer(s.carer)).status_code == 403


def test_api_hold_share_answer_accept(client):
    s = scene()
    officer = bearer(s.officer)
    r = client.post(
        f"/api/referrals/{s.referral.pk}/holds",
        {"household_ids": [s.near.pk]},
        content_type="application/json",
        **officer,
    )
    assert r.status_code == 201, r.content
    again = client.post(
        f"/api/referrals/{s.referral.pk}/holds", {"household_ids": [s.near.pk, s.far.pk]},
        content_type="application/json", **officer,
    )  # fmt: skip
    assert again.status_code == 201 and [h["household_id"] for h in again.json()] == [s.far.pk]
    shares = client.post(f"/api/referrals/{s.referral.pk}/shares", {}, content_type="application/json", **officer)
    assert shares.status_code == 201 and len(shares.json()) == 2
    share = ReferralShare.objects.get(fostering_service=s.near.fostering_service)
    bad = client.post(f"/api/shares/{share.pk}/answer", {"offer": False}, content_type="application/json",
                      **bearer(s.team_near))  # fmt: skip
    assert bad.status_code == 400 and "why" in bad.json()["detail"].lower()
    offer = client.post(f"/api/shares/{share.pk}/answer", {"offer": True}, content_type="application/json",
                        **bearer(s.team_near))  # fmt: skip
    assert offer.status_code == 201
    assert client.post(f"/api/shares/{share.pk}/answer", {"offer": True}, content_type="application/json",
                       **bearer(s.team_far)).status_code == 404  # fmt: skip
    no_reason = client.post(f"/api/referrals/{s.referral.pk}/offers/{offer.json()['id']}/accept", {"reason": ""},
                            content_type="application/json", **officer)  # fmt: skip
    assert no_reason.status_code == 400
    done = client.post(f"/api/referrals/{s.referral.pk}/offers/{offer.json()['id']}/accept",
                       {"reason": "Near school"}, content_type="application/json", **officer)  # fmt: skip
    assert done.status_code == 201 and done.json()[0]["household_id"] == s.near.pk
    assert "/api/referrals/{referral_id}/shortlist" in client.get("/api/openapi.json").json()["paths"]


def test_officer_page_shows_breakdown_why_not_and_holds_selected_without_javascript(client):
    s = scene()
    signed_in(client, s.officer)
    page = client.get(reverse("matching:referral", args=[s.referral.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Needs met" in html and "Households excluded" in html and f'value="{s.near.pk}"' in html
    assert "km" in html and "£" in html
    r = client.post(reverse("matching:hold", args=[s.referral.pk]), {"household": [s.near.pk]})
    assert r.status_code == 302
    client.post(reverse("matching:share", args=[s.referral.pk]), {"respond_hours": "24"})
    assert ReferralShare.objects.filter(referral=s.referral).count() == 1
    bad = client.get(reverse("matching:referral", args=[s.referral.pk]) + "?max_km=-3")
    assert "Maximum distance must be" in bad.content.decode()


def test_fostering_team_offers_from_the_inbox_and_officer_accepts_on_the_page(client):
    s = scene()
    services.hold_households(s.officer, s.referral, [s.near.pk, s.far.pk])
    services.share(s.officer, s.referral)
    share = ReferralShare.objects.get(fostering_service=s.near.fostering_service)
    signed_in(client, s.team_near)
    inbox = client.get(reverse("matching:inbox")).content.decode()
    assert s.referral.reference in inbox
    detail = client.get(reverse("matching:inbox-share", args=[share.pk])).content.decode()
    assert CHILD_FIRST not in detail and CHILD_LAST not in detail
    declined = client.post(reverse("matching:inbox-share", args=[share.pk]), {"answer": "decline", "reason": ""})
    assert declined.status_code == 400 and "govuk-error-summary" in declined.content.decode()
    client.post(reverse("matching:inbox-share", args=[share.pk]), {"answer": "offer", "household": s.near.pk})
    offer = Offer.objects.get()
    other_share = ReferralShare.objects.get(fostering_service=s.far.fostering_service)
    assert client.get(reverse("matching:inbox-share", args=[other_share.pk])).status_code == 404
    client.logout()
    signed_in(client, s.officer)
    client.post(reverse("matching:accept", args=[s.referral.pk, offer.pk]), {"reason": "Closest, meets needs"})
    assert Placement.objects.filter(household=s.near).count() == 1
    page = client.get(reverse("matching:referral", args=[s.referral.pk])).content.decode()
    assert "Offer accepted" in page and "Closest, meets needs" in page


def test_carer_never_sees_the_childs_personal_details(client):
    s = scene()
    s.referral.referral_children.get().child.voice.__class__.objects.filter(child__first_name=CHILD_FIRST).update(
        about_me=f"I am {CHILD_FIRST} {CHILD_LAST}, born {CHILD_DOB:%d/%m/%Y}, I live at {CHILD_POSTCODE}."
    )
    signed_in(client, s.carer)
    page = client.get(reverse("matching:carer-referrals"))
    assert page.status_code == 200
    html = page.content.decode()
    assert s.referral.reference in html  # the referral is there...
    for secret in (CHILD_FIRST, CHILD_LAST, CHILD_DOB.strftime("%d/%m/%Y"), CHILD_DOB.isoformat(), CHILD_POSTCODE):
        assert secret not in html  # ...but nothing that identifies the child
    client.post(reverse("matching:carer-interest", args=[s.referral.pk]), {"note": "We'd love to help"})
    assert s.near.interests.count() == 1
    headers = bearer(s.carer)
    for url in (f"/api/referrals/{s.referral.pk}", f"/api/referrals/{s.referral.pk}/shortlist", "/api/referrals"):
        body = client.get(url, **headers).content.decode()
        for secret in (CHILD_FIRST, CHILD_LAST, CHILD_DOB.isoformat(), CHILD_POSTCODE):
            assert secret not in body
    assert client.get(reverse("matching:referral", args=[s.referral.pk])).status_code == 403
    assert client.get(reverse("matching:inbox")).status_code == 403
