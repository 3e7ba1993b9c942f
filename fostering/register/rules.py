"""Domain rules for the register, in plain Python.

Capability: a household's service assesses what it can meet in each need domain; the
carers say what they feel able to meet. Where the two differ, the service's assessment
governs (it is what matching uses) and the difference is shown to the service, so it can
talk it through with the carers or re-assess. Without a service assessment, the carers'
view is used until one is made.
"""

from __future__ import annotations

from dataclasses import dataclass

from fostering.core.needs import DOMAIN_CODES, NEED_DOMAINS, CapabilityLevel

MAX_CARERS = 2


@dataclass(frozen=True)
class CapabilityConflict:
    domain: str
    label: str
    service_level: int
    carers_level: int

    @property
    def service_label(self) -> str:
        return CapabilityLevel(self.service_level).label

    @property
    def carers_label(self) -> str:
        return CapabilityLevel(self.carers_level).label

    @property
    def sentence(self) -> str:
        more = "more" if self.carers_level > self.service_level else "less"
        return (
            f"{self.label}: the carers feel able to meet {more} than the service assessed "
            f"({self.carers_label.lower()} against {self.service_label.lower()}); the service's assessment is used."
        )


def levels_of(capability) -> dict[str, int] | None:
    """``{"emotional": 2, …}`` in domain order, or None when there is no assessment."""
    if capability is None:
        return None
    return {code: int(getattr(capability, code)) for code in DOMAIN_CODES}


def capability_conflicts(service, carers) -> list[CapabilityConflict]:
    """The domains where the carers' view differs from the service's assessment."""
    s, c = levels_of(service), levels_of(carers)
    if s is None or c is None:
        return []
    return [CapabilityConflict(d.code, d.label, s[d.code], c[d.code]) for d in NEED_DOMAINS if s[d.code] != c[d.code]]


def governing_capability(service, carers) -> tuple[dict[str, int], str]:
    """The levels matching and search use, and whose they are ("service", "carers" or "none")."""
    if service is not None:
        return levels_of(service), "service"
    if carers is not None:
        return levels_of(carers), "carers"
    return {code: 0 for code in DOMAIN_CODES}, "none"


def split_capabilities(capabilities) -> tuple[object | None, object | None]:
    """(service's, carers') from a household's capability rows."""
    service = next((c for c in capabilities if c.source == "service"), None)
    carers = next((c for c in capabilities if c.source == "carers"), None)
    return service, carers
