"""Two officers can never hold or fill the same place at once — enforced by PostgreSQL.

24 worker threads, each with its own database connection, start together (a barrier) and
race to hold or fill places in the same three households (six places in all) for many
rounds. After each round: no place is held or filled twice (the place invariants), at
most six requests succeeded, and every worker got a clear answer — success or a domain
error saying why — never an unexpected exception or a deadlock.
"""

from __future__ import annotations

import random
import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from fostering.accounts.tests.factories import placement_officer
from fostering.placements.models import Placement
from fostering.referrals.models import Referral
from fostering.register.tests.factories import HouseholdFactory
from fostering.vacancies import reservations
from fostering.vacancies.errors import VacancyError
from fostering.vacancies.models import Hold
from fostering.vacancies.tests.factories import referral_for
from fostering.vacancies.tests.invariants import assert_place_invariants

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WORKERS = 24
ROUNDS = 12


def test_parallel_officers_never_hold_or_fill_the_same_place_twice():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL.")
    households = [HouseholdFactory(beds_for_fostering=2) for _ in range(3)]
    officer = placement_officer()
    officers = [officer] + [placement_officer(organisation=officer.organisation) for _ in range(WORKERS - 1)]
    for o in officers:
        assert o.roles and o.organisation.local_authority_id  # warm the caches before threads share nothing
    referrals = [referral_for(1) for _ in range(WORKERS)]
    started = time.perf_counter()

    for round_no in range(ROUNDS):
        barrier = threading.Barrier(WORKERS)
        answers: list[tuple[int, str, str]] = []
        lock = threading.Lock()

        def work(i: int, round_no: int = round_no, barrier: threading.Barrier = barrier, answers=answers, lock=lock):
            rng = random.Random(round_no * 1000 + i)
            target = households[rng.randrange(3)].pk
            try:
                barrier.wait(timeout=20)
                if rng.random() < 0.5:
                    reservations.place_hold(officers[i], target, officer_reference=f"R{round_no}W{i}")
                    outcome = "held"
                else:
                    reservations.fill_places(officers[i], target, referrals[i], place="U6")
                    outcome = "filled"
            except VacancyError as exc:
                outcome = f"refused: {exc.message}"
            except Exception as exc:  # noqa: BLE001 - the test reports any unclear answer
                outcome = f"ERROR {type(exc).__name__}: {exc}"
            finally:
                connections.close_all()
            with lock:
                answers.append((i, target, outcome))

        threads = [threading.Thread(target=work, args=(i,)) for i in range(WORKERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in threads), "a worker is stuck (deadlock?)"

        assert len(answers) == WORKERS, "every worker must answer"
        errors = [a for a in answers if a[2].startswith("ERROR")]
        assert not errors, f"round {round_no}: unclear answers {errors}"
        successes = [a for a in answers if a[2] in ("held", "filled")]
        assert 1 <= len(successes) <= 6, f"round {round_no}: {len(successes)} successes for 6 places"
        # Each household whose requests were refused is full: the refusals were true.
        for _i, _target, outcome in answers:
            if outcome.startswith("refused"):
                assert "no place free" in outcome or "not the" in outcome, outcome
        assert_place_invariants(*households)
        for h in households:
            wins = sum(1 for a in successes if a[1] == h.pk)
            refused = any(a[1] == h.pk and a[2].startswith("refused") for a in answers)
            assert wins <= 2, f"round {round_no}: household {h.pk} took {wins} requests for 2 places"
            if refused:
                assert wins == 2, f"round {round_no}: household {h.pk} refused someone with a place still free"

        # Reset for the next round: release the holds, end the placements, reopen referrals.
        now = timezone.now()
        Hold.objects.filter(released_at__isnull=True, converted_at__isnull=True).update(released_at=now)
        Placement.objects.filter(ended_on__isnull=True).update(ended_on=timezone.localdate(now))
        Referral.objects.update(status=Referral.Status.OPEN, placed_at=None)

    assert time.perf_counter() - started < 30
