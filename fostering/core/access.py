"""Who may use which page and API operation: the ONE place access rules are declared.

Every URL name (``app:name``) and every API operation (``METHOD /api/path/{param}``) has a
``Rule`` here. The access-matrix test (tests/trust/test_access_matrix.py) walks the URL
resolver and the OpenAPI schema, signs in as every persona of DESIGN.md §4 (plus anonymous)
and checks each endpoint answers exactly as declared, and that nothing belonging to another
organisation leaks. A new endpoint without a rule here fails that test with the line to add.

The views enforce access themselves (``role_required``, accounts.scoping); this module is the
declaration the tests hold them to, readable by anyone reviewing who can see what.

Personas (the columns of the matrix):
  anonymous, placement_officer (an LA), fostering_team_la (an LA's own service),
  fostering_team_ifa (an IFA), carer (a household), commissioner (an LA), analyst_national,
  analyst_regional, administrator.

``audited=True`` marks endpoints that read or change a child's record, a referral or carers'
personal data: the audit test requests each with an allowed persona and expects an AuditEvent.
``samples`` maps a URL parameter to the kind of object the tests put in it (see
tests/trust/world.py); parameters named ``household_id``, ``child_id``, ``referral_id`` ... are
mapped by name and need no entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANONYMOUS = "anonymous"
PLACEMENT_OFFICER = "placement_officer"
FOSTERING_TEAM_LA = "fostering_team_la"
FOSTERING_TEAM_IFA = "fostering_team_ifa"
CARER = "carer"
COMMISSIONER = "commissioner"
ANALYST_NATIONAL = "analyst_national"
ANALYST_REGIONAL = "analyst_regional"
ADMINISTRATOR = "administrator"

PERSONAS: tuple[str, ...] = (
    ANONYMOUS,
    PLACEMENT_OFFICER,
    FOSTERING_TEAM_LA,
    FOSTERING_TEAM_IFA,
    CARER,
    COMMISSIONER,
    ANALYST_NATIONAL,
    ANALYST_REGIONAL,
    ADMINISTRATOR,
)
SIGNED_IN = frozenset(PERSONAS) - {ANONYMOUS}
EVERYONE = frozenset(PERSONAS)
FOSTERING_TEAMS = frozenset({FOSTERING_TEAM_LA, FOSTERING_TEAM_IFA})
ANALYSTS = frozenset({ANALYST_NATIONAL, ANALYST_REGIONAL})


@dataclass(frozen=True)
class Rule:
    """Personas that may use an endpoint (get a 2xx/3xx answer); everyone else gets 401/403/404
    or is sent to sign in. ``note`` says why, when it is not obvious."""

    allowed: frozenset[str]
    audited: bool = False
    samples: dict[str, str] = field(default_factory=dict)
    note: str = ""


def rule(*personas: str | frozenset[str], audited: bool = False, note: str = "", **samples: str) -> Rule:
    allowed: set[str] = set()
    for p in personas:
        allowed |= {p} if isinstance(p, str) else set(p)
    unknown = allowed - set(PERSONAS)
    if unknown:
        raise ValueError(f"Unknown personas {sorted(unknown)}; use the names in fostering.core.access.PERSONAS.")
    return Rule(frozenset(allowed), audited=audited, samples=samples, note=note)


PUBLIC = rule(EVERYONE)
ANY_SIGNED_IN = rule(SIGNED_IN)

# URL names handled as a family: every URL in the Django admin requires a staff account.
NAMESPACE_RULES: dict[str, Rule] = {
    "admin": rule(ADMINISTRATOR, note="Django admin: staff accounts only (administrators)."),
}

# Web pages, by URL name. GET is requested; POST-only views answer GET with 405 when allowed.
PAGES: dict[str, Rule] = {
    "accounts:audit-log": rule(ADMINISTRATOR),
    "accounts:sign-in": rule(EVERYONE),
    "accounts:sign-out": rule(EVERYONE),
    "accounts:two-factor-setup": rule(SIGNED_IN),
    "accounts:two-factor-verify": rule(SIGNED_IN),
    "admin:accounts_apitoken_add": rule(note="Read-only in the admin: no one adds these by hand."),
    "admin:accounts_auditevent_add": rule(note="Read-only in the admin: no one adds these by hand."),
    "admin:axes_accessattempt_add": rule(note="Read-only in the admin: no one adds these by hand."),
    "admin:axes_accessfailurelog_add": rule(note="Read-only in the admin: no one adds these by hand."),
    "admin:axes_accesslog_add": rule(note="Read-only in the admin: no one adds these by hand."),
    "admin:geography_postcode_add": rule(note="Read-only in the admin: no one adds these by hand."),
    "admin:django_q_failure_add": rule(note="Task results are written by the queue's worker, not by hand."),
    "admin:django_q_ormq_add": rule(note="Tasks are queued by the register, not by hand."),
    "admin:django_q_success_add": rule(note="Task results are written by the queue's worker, not by hand."),
    "admin:notifications_notification_add": rule(note="Notifications are raised by events, not by hand."),
    "admin:notifications_sentemail_add": rule(note="Read-only in the admin: the record of e-mails sent."),
    "api:api-root": rule(note="Not a page: the API root answers 404; the docs are at /api/docs."),
    "api:openapi-json": rule(EVERYONE),
    "api:openapi-view": rule(EVERYONE),
    "children:cohort": rule(
        PLACEMENT_OFFICER, COMMISSIONER, note="Counts for the authority's children, no individual records."
    ),
    "children:detail": rule(PLACEMENT_OFFICER, audited=True, pk="child"),
    "children:details-edit": rule(PLACEMENT_OFFICER, audited=True, pk="child"),
    "children:list": rule(PLACEMENT_OFFICER, audited=True),
    "children:needs-history": rule(PLACEMENT_OFFICER, audited=True, pk="child"),
    "children:needs-new": rule(PLACEMENT_OFFICER, audited=True, pk="child"),
    "children:people": rule(PLACEMENT_OFFICER, audited=True, pk="child"),
    "children:person-remove": rule(PLACEMENT_OFFICER, audited=True, pk="child"),
    "children:voice": rule(PLACEMENT_OFFICER, audited=True, pk="child"),
    "core:home": rule(EVERYONE),
    "costs:dashboard": rule(ANALYSTS, COMMISSIONER),
    "enquiries:approve": rule(FOSTERING_TEAMS, pk="enquiry"),
    "enquiries:check": rule(EVERYONE),
    "enquiries:comparison": rule(COMMISSIONER, ANALYSTS),
    "enquiries:choose": rule(EVERYONE),
    "enquiries:detail": rule(FOSTERING_TEAMS, pk="enquiry"),
    "enquiries:measures": rule(FOSTERING_TEAMS),
    "enquiries:queue": rule(FOSTERING_TEAMS),
    "enquiries:sent": rule(EVERYONE),
    "enquiries:start": rule(EVERYONE),
    "enquiries:step": rule(EVERYONE),
    "exits:analytics": rule(FOSTERING_TEAMS, ANALYSTS),
    "exits:detail": rule(FOSTERING_TEAMS, pk="departure"),
    "exits:interview": rule(FOSTERING_TEAMS, pk="departure"),
    "exits:list": rule(FOSTERING_TEAMS),
    "exits:record": rule(FOSTERING_TEAMS),
    "experience:advocacy": rule(PLACEMENT_OFFICER, COMMISSIONER),
    "experience:comments": rule(PLACEMENT_OFFICER, COMMISSIONER),
    "experience:issue-links": rule(PLACEMENT_OFFICER),
    "experience:issue-one-link": rule(PLACEMENT_OFFICER),
    "experience:links": rule(PLACEMENT_OFFICER),
    "experience:results": rule(ANALYSTS, PLACEMENT_OFFICER, COMMISSIONER),
    "experience:rights": rule(EVERYONE),
    "experience:rights-index": rule(EVERYONE),
    "experience:survey": rule(
        EVERYONE,
        token="survey_token",  # noqa: S106 - the kind of sample the tests put in the URL, not a secret
        note="Children open it from a one-use link; unknown tokens answer 404.",
    ),
    "healthz": rule(EVERYONE),
    "homes:edit": rule(FOSTERING_TEAMS, CARER),
    "homes:my-profile": rule(CARER),
    "homes:photo": rule(FOSTERING_TEAMS, PLACEMENT_OFFICER, CARER),
    "homes:photos": rule(FOSTERING_TEAMS, CARER),
    "homes:print": rule(FOSTERING_TEAMS, PLACEMENT_OFFICER, CARER, note="As homes:profile."),
    "homes:profile": rule(
        FOSTERING_TEAMS,
        PLACEMENT_OFFICER,
        CARER,
        note="The carers' own words for children; officers' reads are audited.",
    ),
    "homes:remove-photo": rule(FOSTERING_TEAMS, CARER),
    "homes:revoke": rule(PLACEMENT_OFFICER, pk="share"),
    "homes:service-list": rule(FOSTERING_TEAMS),
    "homes:share": rule(PLACEMENT_OFFICER),
    "homes:share-created": rule(PLACEMENT_OFFICER, pk="share"),
    "homes:shared": rule(
        EVERYONE, note="A child opens a home profile from an expiring share link; unknown tokens answer 404."
    ),
    "homes:shared-photo": rule(
        EVERYONE, photo_id="shared_photo", note="Photos of a shared profile, through the same link."
    ),
    "homes:shares": rule(PLACEMENT_OFFICER),
    "interop:ssda903-upload": rule(PLACEMENT_OFFICER),
    "matching:accept": rule(PLACEMENT_OFFICER, audited=True, pk="offer_referral", offer_id="offer"),
    "matching:carer-interest": rule(
        CARER, pk="eligible_referral", note="Only for referrals the carer is eligible for."
    ),
    "matching:carer-referrals": rule(CARER),
    "matching:hold": rule(PLACEMENT_OFFICER, audited=True, pk="referral"),
    "matching:inbox": rule(FOSTERING_TEAMS),
    "matching:inbox-share": rule(FOSTERING_TEAMS, share_id="referral_share"),
    "matching:referral": rule(PLACEMENT_OFFICER, audited=True, pk="referral"),
    "matching:release": rule(PLACEMENT_OFFICER, audited=True, pk="referral"),
    "matching:share": rule(PLACEMENT_OFFICER, audited=True, pk="referral"),
    "notifications:list": rule(SIGNED_IN, note="The user's own notifications only."),
    "notifications:open": rule(
        SIGNED_IN, pk="notification", note="Marks the user's own notification read and goes to its page; others' 404."
    ),
    "notifications:preferences": rule(SIGNED_IN),
    "notifications:read-all": rule(SIGNED_IN),
    "referrals:detail": rule(PLACEMENT_OFFICER, audited=True, pk="referral"),
    "referrals:list": rule(
        PLACEMENT_OFFICER, note="The authority's referrals by reference and status; opening one is audited."
    ),
    "referrals:new": rule(PLACEMENT_OFFICER, audited=True, **{"?child": "child"}),
    "referrals:print": rule(PLACEMENT_OFFICER, audited=True, pk="referral"),
    "referrals:summary": rule(
        PLACEMENT_OFFICER,
        FOSTERING_TEAM_LA,
        COMMISSIONER,
        pk="referral",
        note="Anonymised summary (no names or dates of birth), for the authority and services it was shared with.",
    ),
    "referrals:transition": rule(PLACEMENT_OFFICER, audited=True, pk="referral"),
    "register:carer-edit": rule(FOSTERING_TEAMS, audited=True, pk="household", carer_pk="carer"),
    "register:carer-new": rule(
        FOSTERING_TEAMS, pk="household", note="An empty form; adding the carer is audited (create)."
    ),
    "register:household-approval": rule(FOSTERING_TEAMS, pk="household"),
    "register:household-capability": rule(FOSTERING_TEAMS, pk="household"),
    "register:household-detail": rule(
        FOSTERING_TEAMS,
        CARER,
        PLACEMENT_OFFICER,
        COMMISSIONER,
        ADMINISTRATOR,
        audited=True,
        pk="household",
        note="Own service and its carers see the full record; other register readers the public fields of an active household.",
    ),
    "register:household-edit": rule(FOSTERING_TEAMS, audited=True, pk="household"),
    "register:household-list": rule(FOSTERING_TEAMS, ADMINISTRATOR),
    "register:household-preferences": rule(FOSTERING_TEAMS, pk="household"),
    "register:household-new": rule(FOSTERING_TEAMS),
    "register:household-status": rule(FOSTERING_TEAMS, pk="household"),
    "register:household-training": rule(FOSTERING_TEAMS, pk="household"),
    "register:household-transfer": rule(FOSTERING_TEAMS, pk="household"),
    "register:household-upload": rule(FOSTERING_TEAMS),
    "register:my-household": rule(CARER),
    "register:my-preferences": rule(CARER),
    "register:search": rule(FOSTERING_TEAMS, PLACEMENT_OFFICER, COMMISSIONER, ADMINISTRATOR),
    "sufficiency:dashboard": rule(ANALYSTS, COMMISSIONER),
    "support:allegation-detail": rule(FOSTERING_TEAMS, ADMINISTRATOR, audited=True, pk="allegation"),
    "support:allegation-figures": rule(FOSTERING_TEAMS, ANALYSTS, ADMINISTRATOR),
    "support:allegation-new": rule(FOSTERING_TEAMS, ADMINISTRATOR),
    "support:allegation-target": rule(FOSTERING_TEAMS, note="A service's own team sets its own target."),
    "support:allegations": rule(FOSTERING_TEAMS, ADMINISTRATOR),
    "support:delegation-edit": rule(PLACEMENT_OFFICER, audited=True, pk="placement"),
    "support:delegation-list": rule(PLACEMENT_OFFICER),
    "support:household": rule(FOSTERING_TEAMS, ADMINISTRATOR, audited=True, pk="household"),
    "support:my-delegated-authority": rule(CARER),
    "support:service-delegation-detail": rule(FOSTERING_TEAMS, audited=True),
    "support:service-delegation-list": rule(FOSTERING_TEAMS, audited=True),
    "support:network-analytics": rule(FOSTERING_TEAMS, ANALYSTS, COMMISSIONER, ADMINISTRATOR),
    "support:network-detail": rule(FOSTERING_TEAMS, ADMINISTRATOR, pk="network"),
    "support:network-new": rule(FOSTERING_TEAMS),
    "support:networks": rule(FOSTERING_TEAMS, ADMINISTRATOR),
    "support:staying-put": rule(PLACEMENT_OFFICER),
    "support:staying-put-record": rule(PLACEMENT_OFFICER, audited=True),
    "vacancies:confirm": rule(FOSTERING_TEAMS, CARER, pk="household"),
    "vacancies:hold": rule(PLACEMENT_OFFICER, pk="listed_household"),
    "vacancies:holds": rule(PLACEMENT_OFFICER),
    "vacancies:household-availability": rule(FOSTERING_TEAMS, pk="household"),
    "vacancies:my-availability": rule(CARER),
    "vacancies:release": rule(PLACEMENT_OFFICER, pk="hold"),
    "vacancies:service-vacancies": rule(FOSTERING_TEAMS, ADMINISTRATOR),
}

# API operations, by "METHOD /api/path/{param}" as in the OpenAPI schema.
API: dict[str, Rule] = {
    "DELETE /api/holds/{hold_id}": rule(PLACEMENT_OFFICER),
    "GET /api/children/{child_id}": rule(PLACEMENT_OFFICER, COMMISSIONER, audited=True),
    "PATCH /api/households/{household_id}": rule(FOSTERING_TEAMS, audited=True, note="The caller's own service's households."),
    "PATCH /api/households/{household_id}/carers/{carer_id}": rule(FOSTERING_TEAMS, audited=True, carer_id="carer"),
    "POST /api/availability/bulk": rule(
        FOSTERING_TEAMS, CARER, note="Only the caller's own households; another service's is refused by its position."
    ),
    "POST /api/children": rule(
        PLACEMENT_OFFICER,
        note="Adds a child of the caller's authority; the creation is audited (the matrix's minimal body is refused).",
    ),
    "POST /api/children/{child_id}/needs-profiles": rule(
        PLACEMENT_OFFICER,
        note="The child is read (audited) before the profile is checked; the matrix's minimal body is refused.",
    ),
    "POST /api/households": rule(FOSTERING_TEAMS, note="Adds to the caller's own service; audited (create)."),
    "POST /api/households/{household_id}/availability/confirm": rule(FOSTERING_TEAMS, CARER),
    "POST /api/households/{household_id}/carers": rule(
        FOSTERING_TEAMS, note="Adding a carer is audited (create); the matrix's minimal body is refused."
    ),
    "POST /api/referrals": rule(
        PLACEMENT_OFFICER,
        note="Reads each child (audited) and audits the creation; the matrix's minimal body is refused.",
    ),
    "PUT /api/households/{household_id}/availability": rule(FOSTERING_TEAMS, CARER),
    "GET /api/costs/benchmarks": rule(ANALYSTS, COMMISSIONER),
    "GET /api/enquiries": rule(FOSTERING_TEAMS),
    "GET /api/enquiries/comparison": rule(COMMISSIONER, ANALYSTS),
    "GET /api/enquiries/measures": rule(FOSTERING_TEAMS),
    "GET /api/enquiries/{enquiry_id}": rule(FOSTERING_TEAMS),
    "GET /api/exits/summary": rule(FOSTERING_TEAMS, ANALYSTS),
    "GET /api/experience/advocacy/{code}": rule(SIGNED_IN),
    "GET /api/experience/comments": rule(PLACEMENT_OFFICER, COMMISSIONER),
    "GET /api/experience/results": rule(ANALYSTS, PLACEMENT_OFFICER, COMMISSIONER),
    "GET /api/experience/rounds": rule(SIGNED_IN),
    "GET /api/experience/trends": rule(ANALYSTS, PLACEMENT_OFFICER, COMMISSIONER),
    "GET /api/households": rule(
        FOSTERING_TEAMS,
        PLACEMENT_OFFICER,
        CARER,
        COMMISSIONER,
        ADMINISTRATOR,
        note="Own service in full, others' public fields only.",
    ),
    "GET /api/households/{household_id}": rule(
        FOSTERING_TEAMS,
        CARER,
        PLACEMENT_OFFICER,
        COMMISSIONER,
        ADMINISTRATOR,
        audited=True,
        note="Full for the own service and its carers; public fields of an active household for other register readers.",
    ),
    "GET /api/me": rule(SIGNED_IN),
    "GET /api/postcodes/{a}/distance/{b}": rule(SIGNED_IN),
    "GET /api/postcodes/{postcode}": rule(SIGNED_IN),
    "GET /api/referrals": rule(
        SIGNED_IN, note="Scoped: each user sees their own authority's referrals; others get an empty list."
    ),
    "GET /api/referrals/{referral_id}": rule(PLACEMENT_OFFICER, COMMISSIONER, audited=True),
    "GET /api/referrals/{referral_id}/offers": rule(
        PLACEMENT_OFFICER, note="Offers made by agencies: households' public fields, no child's details."
    ),
    "GET /api/referrals/{referral_id}/shortlist": rule(PLACEMENT_OFFICER, audited=True),
    "GET /api/referrals/{referral_id}/summary": rule(
        PLACEMENT_OFFICER, FOSTERING_TEAM_LA, COMMISSIONER, note="Anonymised summary, as the page."
    ),
    "GET /api/sufficiency/demand": rule(ANALYSTS, COMMISSIONER),
    "GET /api/sufficiency/forecast": rule(ANALYSTS, COMMISSIONER),
    "GET /api/sufficiency/gaps": rule(ANALYSTS, COMMISSIONER),
    "GET /api/sufficiency/supply": rule(ANALYSTS, COMMISSIONER),
    "GET /api/sufficiency/unmatched-referrals": rule(ANALYSTS, COMMISSIONER),
    "GET /api/support/allegations": rule(FOSTERING_TEAMS, ADMINISTRATOR),
    "GET /api/support/allegations-figures": rule(FOSTERING_TEAMS, ANALYSTS, ADMINISTRATOR),
    "GET /api/support/allegations/{allegation_id}": rule(FOSTERING_TEAMS, ADMINISTRATOR, audited=True),
    "GET /api/support/my-delegated-authority": rule(CARER),
    "GET /api/support/network-analytics": rule(
        FOSTERING_TEAMS, ANALYSTS, PLACEMENT_OFFICER, COMMISSIONER, ADMINISTRATOR
    ),
    "GET /api/support/placements/{placement_id}/delegated-authority": rule(PLACEMENT_OFFICER, audited=True),
    "GET /api/support/service-delegated-authority": rule(FOSTERING_TEAMS, audited=True),
    "GET /api/support/staying-put/without-plan": rule(PLACEMENT_OFFICER),
    "GET /api/vacancies": rule(FOSTERING_TEAMS, PLACEMENT_OFFICER, CARER, COMMISSIONER, ADMINISTRATOR),
    "POST /api/enquiries/{enquiry_id}/stage": rule(FOSTERING_TEAMS),
    "POST /api/referrals/{referral_id}/holds": rule(PLACEMENT_OFFICER, audited=True),
    "POST /api/referrals/{referral_id}/offers/{offer_id}/accept": rule(
        PLACEMENT_OFFICER, audited=True, referral_id="offer_referral"
    ),
    "POST /api/referrals/{referral_id}/shares": rule(PLACEMENT_OFFICER, audited=True),
    "POST /api/shares/{share_id}/answer": rule(FOSTERING_TEAMS),
    "POST /api/vacancies/{household_id}/holds": rule(PLACEMENT_OFFICER, household_id="listed_household"),
}

# Parameter names the tests fill without a ``samples`` entry, and the kind of sample they take.
PARAMETER_SAMPLES: dict[str, str] = {
    "household_id": "household",
    "household_pk": "household",
    "child_id": "child",
    "child_pk": "child",
    "referral_id": "referral",
    "hold_id": "hold",
    "placement_id": "placement",
    "allegation_id": "allegation",
    "photo_id": "photo",
    "person_pk": "person",
    "round_id": "survey_round",
    "postcode": "postcode",
    "a": "postcode",
    "b": "postcode",
    "code": "la_code",
    "token": "token",
    "enquiry_id": "enquiry",
    "offer_id": "offer",
    "share_id": "referral_share",
    "slug": "slug",
    "age_group": "age_group",
    "to": "referral_status",
}


def page_rule(url_name: str) -> Rule | None:
    """The rule for a URL name, or None when none is declared."""
    if url_name in PAGES:
        return PAGES[url_name]
    namespace = url_name.split(":", 1)[0]
    return NAMESPACE_RULES.get(namespace) if ":" in url_name else None


def api_rule(method: str, path: str) -> Rule | None:
    return API.get(f"{method.upper()} {path}")
