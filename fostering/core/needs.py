"""The needs-and-strengths scale shared by children's profiles and carers' capability.

Rated like CANS (DESIGN.md §3): need 0 no evidence, 1 watch, 2 needs action, 3 intensive;
strength 0 centrepiece … 3 none identified. A household states, per domain, what it can
meet: 0 none, 1 with support, 2 experienced, 3 specialist. The domain order is stable:
the matching engine's arrays use it as the column order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class NeedDomain:
    code: str
    label: str
    carer_phrase: str  # what the child needs from carers, for strengths-first referrals


NEED_DOMAINS: tuple[NeedDomain, ...] = (
    NeedDomain("emotional", "Emotional wellbeing", "help to feel safe, understood and calm"),
    NeedDomain("behaviour", "Behaviour", "patient, consistent boundaries"),
    NeedDomain("health", "Physical health and disability", "care for their health or disability"),
    NeedDomain("learning", "Learning and education", "support with school and learning (including EHCP/SEN)"),
    NeedDomain("communication", "Communication and language", "help to communicate (ESOL, BSL, Makaton)"),
    NeedDomain("identity", "Identity, culture and faith", "respect for and connection to their identity, culture and faith"),
    NeedDomain("family", "Family and relationships", "support to keep in touch with family and people who matter"),
    NeedDomain("independence", "Independence skills", "help to learn to look after themselves"),
    NeedDomain("risk_self", "Risks to self", "close care to keep them safe (missing, exploitation, self-harm, substances)"),
    NeedDomain("risk_others", "Risks to others", "skilled care to keep everyone in the home safe"),
)  # fmt: skip

DOMAIN_CODES: tuple[str, ...] = tuple(d.code for d in NEED_DOMAINS)
DOMAIN_BY_CODE: dict[str, NeedDomain] = {d.code: d for d in NEED_DOMAINS}


class NeedLevel(models.IntegerChoices):
    NO_EVIDENCE = 0, "No evidence"
    WATCH = 1, "Watch"
    ACTION = 2, "Needs action"
    INTENSIVE = 3, "Intensive"


class StrengthLevel(models.IntegerChoices):
    CENTREPIECE = 0, "Centrepiece strength"
    USEFUL = 1, "Useful strength"
    IDENTIFIED = 2, "Identified, to build on"
    NONE = 3, "None identified"


class CapabilityLevel(models.IntegerChoices):
    NONE = 0, "Cannot meet"
    WITH_SUPPORT = 1, "Can meet with support"
    EXPERIENCED = 2, "Experienced"
    SPECIALIST = 3, "Specialist"
