"""Access matrix: every page and API operation, as every persona of DESIGN.md §4 and anonymous.

* Each endpoint found by the URL resolver or the OpenAPI schema must have a rule in
  fostering/core/access.py; a new one without fails here with the line to add.
* Each persona gets exactly what the rule says: allowed personas reach it (2xx/3xx, or 4xx
  validation), everyone else is refused (401/403/404 or sent to sign in). No 5xx, ever.
* Nothing of another organisation leaks: records planted in an LA and an IFA no persona
  belongs to never appear in any answer (names, address), and asking for their ids directly
  is refused (children, referrals) or answered without personal details (households).

Set TRUST_DISCOVER=1 to print the observed matrix as declarations (a starting point for review).
"""

from __future__ import annotations

import os
import time

import pytest

from fostering.core import access

from .conftest import report
from .endpoints import (
    api_endpoints,
    call,
    fill,
    missing_rule_message,
    outcome,
    page_endpoints,
    rule_of,
)
from .world import PLANTED_SECRETS

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(scope="module")
def openapi(world):
    from django.test import Client

    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def endpoints(openapi):
    pages, problems = page_endpoints()
    assert not problems, "\n".join(problems)
    return pages + api_endpoints(openapi)


def _leaks(body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [s for s in PLANTED_SECRETS if s in text]


def test_every_page_and_api_operation_has_a_declared_access_rule(endpoints):
    missing = [missing_rule_message(e) for e in endpoints if rule_of(e) is None]
    assert not missing, f"{len(missing)} endpoint(s) without an access rule:\n" + "\n".join(missing)
    declared_pages = set(access.PAGES)
    existing = {e.key for e in endpoints if e.kind == "page"}
    stale = sorted(declared_pages - existing)
    declared_api = set(access.API)
    stale += sorted(declared_api - {e.key for e in endpoints if e.kind == "api"})
    assert not stale, (
        "Rules for endpoints that no longer exist (remove them from fostering/core/access.py): " + ", ".join(stale)
    )


def test_a_new_page_or_api_operation_without_a_rule_is_reported_with_the_line_to_add():
    from .endpoints import Endpoint

    page = Endpoint("page", "newapp:brand-new-page", "GET", ())
    operation = Endpoint("api", "GET /api/brand-new/{thing_id}", "GET", ("thing_id",))
    assert rule_of(page) is None and rule_of(operation) is None
    assert '"newapp:brand-new-page": rule(' in missing_rule_message(page)
    assert "PAGES in fostering/core/access.py" in missing_rule_message(page)
    assert '"GET /api/brand-new/{thing_id}": rule(' in missing_rule_message(operation)
    assert "API in fostering/core/access.py" in missing_rule_message(operation)


def test_every_persona_gets_exactly_what_the_access_rules_allow_and_nothing_of_other_organisations(world, endpoints):
    discover = os.environ.get("TRUST_DISCOVER")
    failures: list[str] = []
    observed: dict[str, set[str]] = {}
    cases = allowed_with_record = allowed_real = refused_with_record = refused_real = 0
    timings: dict[str, float] = {}
    out = open(discover, "w") if discover else None  # noqa: SIM115
    for endpoint in endpoints:
        rule = rule_of(endpoint)
        if rule is None and not discover:
            continue
        if out is not None:
            out.write(f"# {endpoint.key}\n")
            out.flush()
        for persona in access.PERSONAS:
            try:
                url = fill(endpoint, world, persona)
            except LookupError as exc:
                failures.append(str(exc))
                break
            started = time.perf_counter()
            response = call(endpoint, world, persona, url)
            result = outcome(response)
            timings[endpoint.key] = timings.get(endpoint.key, 0.0) + time.perf_counter() - started
            if response.status_code == 405 and endpoint.kind == "page":
                # A POST-only page: what matters is what a POST does.
                response = call(endpoint, world, persona, url, method="post")
                result = outcome(response)
            cases += 1
            if out is not None:
                out.write(
                    f"{endpoint.key}|{persona}|{response.status_code}|{result}|{time.perf_counter() - started:.3f}\n"
                )
                out.flush()
            if result == "allowed":
                observed.setdefault(endpoint.key, set()).add(persona)
            if result == "error":
                failures.append(f"{endpoint.key} as {persona}: {response.status_code} server error at {url}")
                continue
            no_record = False
            if rule is not None and persona not in rule.allowed and _takes_a_record(endpoint, rule):
                refused_with_record += 1
                refused_real += not _uses_missing_sample(url)
            if rule is not None and persona in rule.allowed and _takes_a_record(endpoint, rule):
                allowed_with_record += 1
                no_record = _uses_missing_sample(url)
                if not no_record:
                    allowed_real += 1
                elif (endpoint.key, persona) not in NO_RECORD_EXPECTED:
                    failures.append(
                        f"{endpoint.key} as {persona}: declared allowed, but the world holds no record of its "
                        f"kind for this persona ({url}). Plant one in tests/trust/world.py (_plant_own_records), "
                        "or list the case in NO_RECORD_EXPECTED with the reason."
                    )
            if rule is not None and result != "invalid":
                expected = "allowed" if persona in rule.allowed else "denied"
                if no_record and result == "denied":
                    expected = "denied"  # no such record (reported above unless listed): a clean refusal is right
                if result != expected:
                    failures.append(
                        f"{endpoint.key} as {persona}: expected {expected}, got {response.status_code} "
                        f"{response.get('Location', '')} at {url}"
                    )
            if persona != access.ADMINISTRATOR and (leaked := _leaks(response.body)):
                failures.append(f"{endpoint.key} as {persona} shows another organisation's {leaked} at {url}")
    report(
        "access matrix: endpoint x persona cases",
        f"{cases} ({len(endpoints)} endpoints x {len(access.PERSONAS)} personas)",
    )
    report(
        "access matrix: allowed cases that need a record, tried with a real one",
        f"{allowed_real} of {allowed_with_record}",
    )
    report(
        "access matrix: refused cases that need a record, tried with a real one",
        f"{refused_real} of {refused_with_record}",
    )
    assert not failures, f"{len(failures)} access problem(s):\n" + "\n".join(failures)


FOREIGN_KINDS_REFUSED = ("child", "referral", "share", "referral_share")

# (endpoint, persona) cases declared allowed that may be tried without a real record, and why.
# Every other allowed case must get a real record of the persona's own organisation from the world.
NO_RECORD_EXPECTED: dict[tuple[str, str], str] = {}


def test_asking_for_another_organisations_child_referral_or_household_by_id_is_refused_or_shows_no_personal_details(
    world, endpoints
):
    failures: list[str] = []
    cases = 0
    for endpoint in endpoints:
        rule = rule_of(endpoint)
        if rule is None or not endpoint.params:
            continue
        kinds = {p: _kind(endpoint, p) for p in endpoint.params}
        foreign = {k: world.foreign[k] for k in kinds.values() if k in world.foreign}
        if not foreign:
            continue
        for persona in sorted(rule.allowed - {access.ADMINISTRATOR, access.ANONYMOUS}):
            url = fill(endpoint, world, persona, override=foreign)
            response = call(endpoint, world, persona, url)
            if response.status_code == 405 and endpoint.kind == "page":
                response = call(endpoint, world, persona, url, method="post")
            cases += 1
            result = outcome(response)
            if result == "error":
                failures.append(
                    f"{endpoint.key} as {persona}: {response.status_code} for another organisation's record"
                )
            elif set(foreign) & set(FOREIGN_KINDS_REFUSED) and result not in ("denied", "invalid"):
                failures.append(
                    f"{endpoint.key} as {persona}: another organisation's {sorted(foreign)} answered "
                    f"{response.status_code} at {url} (expected 403/404)"
                )
            elif leaked := _leaks(response.body):
                failures.append(f"{endpoint.key} as {persona} shows another organisation's {leaked} at {url}")
    report("access matrix: requests for another organisation's records", cases)
    assert cases > 20
    assert not failures, f"{len(failures)} cross-organisation problem(s):\n" + "\n".join(failures)


def _takes_a_record(endpoint, rule) -> bool:
    """Whether the endpoint's URL carries an id or token of a record (not a postcode, code or slug)."""
    plain = {"postcode", "la_code", "slug", "age_group", "referral_status"}
    kinds = [_kind(endpoint, p) for p in endpoint.params + endpoint.query]
    kinds += [k for name, k in rule.samples.items() if name.startswith("?")]
    return any(k not in plain for k in kinds)


def _uses_missing_sample(url: str) -> bool:
    from .world import MISSING_ID, MISSING_TOKEN

    return str(MISSING_ID) in url or MISSING_TOKEN in url


def _kind(endpoint, param):
    from .endpoints import sample_kind

    return sample_kind(endpoint, param)


ADMIN_OBJECT_PAGES = ("change", "history", "delete")
# The list and change pages are tried as every persona; history and delete (behind the same
# admin guard) as the administrator, anonymous and one signed-in non-staff persona, to stay fast.
ADMIN_FEW_PERSONAS = (access.ANONYMOUS, access.ANALYST_NATIONAL, access.ADMINISTRATOR)


def test_admin_object_pages_of_every_registered_model_open_only_for_administrators(world):
    """For each model in the Django admin with at least one row: its list and one object's change
    page as every persona, its history and delete pages as a few. Administrators get the page
    (the delete page may be refused where the admin forbids deleting); everyone else is sent to
    the admin sign-in or refused, and sees none of the planted secrets. The register's household is the
    planted one of another organisation, so the check for secrets can fail."""
    from django.contrib import admin
    from django.contrib.admin.utils import quote
    from django.urls import NoReverseMatch, reverse

    from fostering.register.models import Household

    from .endpoints import Endpoint

    chosen = {Household: world.foreign["household"]}
    failures: list[str] = []
    checked_models: list[str] = []
    empty: list[str] = []
    pages = cases = 0
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        meta = model._meta
        pk = chosen.get(model) or model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        if pk is None:
            empty.append(meta.label)
            continue
        checked_models.append(meta.label)
        urls = {"changelist": reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")}
        for page in ADMIN_OBJECT_PAGES:
            try:
                urls[page] = reverse(f"admin:{meta.app_label}_{meta.model_name}_{page}", args=[quote(pk)])
            except NoReverseMatch:
                continue
        for page, url in urls.items():
            pages += 1
            endpoint = Endpoint("page", f"admin {meta.label} {page}", "GET", ())
            for persona in access.PERSONAS if page in ("changelist", "change") else ADMIN_FEW_PERSONAS:
                response = call(endpoint, world, persona, url)
                result = outcome(response)
                cases += 1
                if persona == access.ADMINISTRATOR:
                    ok = response.status_code == 200 or (page == "delete" and response.status_code == 403)
                    if not ok:
                        failures.append(
                            f"{url} as administrator: {response.status_code} {response.get('Location', '')}, expected the page"
                        )
                    elif model is Household and page == "change" and not _leaks(response.body):
                        failures.append(f"{url}: the planted household's address is not on its admin page")
                elif result != "denied":
                    failures.append(f"{url} as {persona}: {response.status_code}, expected sign-in or refusal")
                elif leaked := _leaks(response.body):
                    failures.append(f"{url} as {persona} shows {leaked}")
    report(
        "access matrix: admin pages (list + one object's change/history/delete) x persona cases",
        f"{cases} ({pages} pages of {len(checked_models)} models; without rows: {', '.join(empty) or 'none'})",
    )
    assert len(checked_models) >= 20
    assert not failures, f"{len(failures)} admin problem(s):\n" + "\n".join(failures)
