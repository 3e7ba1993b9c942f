import pytest

from fostering.children.tests.factories import ChildFactory
from fostering.register.tests.factories import HouseholdFactory

pytestmark = pytest.mark.django_db


def test_factories_build_valid_objects():
    h = HouseholdFactory(capability={"emotional": 3})
    assert h.local_authority_id == "E10000016" and h.carers.count() == 1 and h.approvals.get().max_children == 2
    assert h.capabilities.get().emotional == 3
    c = ChildFactory(needs={"risk_self": 3})
    p = c.needs_profiles.get()
    assert p.need_risk_self == 3 and p.need_emotional == 1
    for m in (h, c):
        m.full_clean()
