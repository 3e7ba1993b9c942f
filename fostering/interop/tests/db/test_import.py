"""Importing an SSDA903 return into the register (the DB side; the pure layer has its own
tests): rejection writes nothing and lists every error as FILE:LINE: COLUMN: message;
re-importing changes nothing; a newer return updates; import → export round-trips."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from fostering.children.models import Child, HealthOutcome
from fostering.interop.exporter import export_return
from fostering.interop.importer import import_return
from fostering.placements.models import Placement
from fostering.register.tests.factories import HouseholdFactory

from .conftest import EPISODES, GOOD_EPISODES, GOOD_HEADER, HEADER

pytestmark = pytest.mark.django_db
KENT = "E10000016"


def run(paths, la=KENT):
    return import_return(la, **paths)


def counts():
    return Child.objects.count(), Placement.objects.count(), HealthOutcome.objects.count()


def test_a_good_return_creates_children_episodes_and_oc2(files):
    result = run(files())
    assert result.ok, result.errors
    assert counts() == (2, 3, 1)
    a1 = Child.objects.get(la_child_id="A1", local_authority_id=KENT)
    assert a1.date_of_birth == dt.date(2012, 2, 1) and a1.sex == "1" and a1.ethnicity == "WBRI"
    assert a1.legal_status == "C2" and a1.in_care is True
    first, current = a1.placements.order_by("started_on")
    assert (first.place, first.place_provider, first.reason_ceased, first.ended_on) == (
        "U4",
        "PR1",
        "X1",
        dt.date(2021, 6, 1),
    )
    assert (current.reason_place_change, current.placement_postcode, current.urn) == ("CARPL", "CT1 2EH", "SC654321")
    assert a1.health_outcome.sdq_score == 14 and a1.health_outcome.health_check is True


# One tiny bad file per rule: (header, episodes, expected "FILE:LINE: COLUMN:" prefix).
BAD = {
    "wrong code": (GOOD_HEADER, EPISODES + "A1,01/01/2020,S,C2,N1,Q9,PR1,,,,,,\n", "episodes.csv:2: PLACE:"),
    "wrong ethnicity": (HEADER + "A1,1,01/02/2012,XXXX,,,\n", EPISODES, "header.csv:2: ETHNIC:"),
    "unparsable date": (GOOD_HEADER, EPISODES + "A1,31/02/2020,S,C2,N1,U4,PR1,,,,,,\n", "episodes.csv:2: DECOM:"),
    "ends before it starts": (
        GOOD_HEADER, EPISODES + "A1,01/01/2020,S,C2,N1,U4,PR1,01/01/2019,E4A,,,,\n", "episodes.csv:2: DEC:"
    ),
    "overlapping episodes": (
        GOOD_HEADER,
        EPISODES + "A1,01/01/2020,S,C2,N1,U4,PR1,01/06/2021,E4A,,,,\nA1,01/03/2021,S,C2,N1,U4,PR1,,,,,,\n",
        "episodes.csv:3: DECOM:",
    ),
    "child without a header row": (GOOD_HEADER, EPISODES + "ZZ9,01/01/2020,S,C2,N1,U4,PR1,,,,,,\n", "episodes.csv:2: CHILD:"),
}  # fmt: skip


@pytest.mark.parametrize("rule", list(BAD))
def test_a_return_breaking_a_rule_is_rejected_whole_with_file_line_and_column(files, rule):
    header, episodes, prefix = BAD[rule]
    # A good row before the bad one must not be written either.
    result = run(files(header=header, episodes=episodes, oc2=None))
    assert not result.ok
    assert any(str(e).startswith(prefix) for e in result.errors), [str(e) for e in result.errors]
    assert counts() == (0, 0, 0)


def test_two_digit_years_are_accepted(files):
    episodes = EPISODES + "A1,01/01/20,S,C2,N1,U4,PR1,,,,,,\n"
    result = run(files(episodes=episodes, oc2=None))
    assert result.ok, result.errors
    assert Placement.objects.get().started_on == dt.date(2020, 1, 1)


def test_a_rejected_newer_return_leaves_the_earlier_import_untouched(files):
    assert run(files()).ok
    before = sorted(Placement.objects.values_list("id", "place"))
    bad = GOOD_EPISODES + "A2,01/01/2023,S,V2,N4,U6,PR4,,,,,,\n"  # second open episode
    result = run(files(episodes=bad, folder="bad"))
    assert not result.ok
    assert sorted(Placement.objects.values_list("id", "place")) == before


def test_reimporting_the_same_files_changes_nothing(sample_return):
    paths = sample_return(children=60)
    first = run(paths)
    assert first.ok and first.summary.changed
    stamp = dict(Child.objects.values_list("id", "updated_at"))
    placement_ids = set(Placement.objects.values_list("id", flat=True))
    oc2_stamp = dict(HealthOutcome.objects.values_list("id", "updated_at"))
    again = run(paths)
    assert again.ok and not again.summary.changed, str(again.summary)
    assert dict(Child.objects.values_list("id", "updated_at")) == stamp
    assert set(Placement.objects.values_list("id", flat=True)) == placement_ids
    assert dict(HealthOutcome.objects.values_list("id", "updated_at")) == oc2_stamp


def test_a_newer_return_updates_changed_children_and_replaces_their_episodes_only(files):
    assert run(files()).ok
    a2_episode = Placement.objects.get(child__la_child_id="A2").id
    a1_before = Child.objects.get(la_child_id="A1").updated_at
    newer_header = HEADER + "A1,1,01/02/2012,WOTH,,,\nA2,2,03/04/2014,BAFR,,,\n"
    newer_episodes = (
        EPISODES
        + "A1,01/01/2020,S,C2,N1,U4,PR1,01/06/2021,X1,,ME14 1AA,ME15 6AA,SC123456\n"
        + "A1,01/06/2021,P,C2,N1,U6,PR4,01/01/2024,E4A,CARPL,ME14 1AA,CT1 2EH,SC654321\n"
        + "A2,05/05/2022,S,V2,N4,U6,PR4,,,,CT1 2EH,TN1 1AA,SC111111\n"
    )
    result = run(files(header=newer_header, episodes=newer_episodes, folder="newer"))
    assert result.ok
    s = result.summary
    assert (s.children_updated, s.children_unchanged, s.episodes_written, s.episodes_removed) == (1, 1, 2, 2)
    a1 = Child.objects.get(la_child_id="A1")
    assert a1.ethnicity == "WOTH" and a1.in_care is False and a1.updated_at > a1_before
    assert Placement.objects.get(child__la_child_id="A2").id == a2_episode
    assert a1.placements.order_by("started_on").last().reason_ceased == "E4A"


def test_links_to_register_households_survive_a_newer_return(files):
    assert run(files()).ok
    household = HouseholdFactory()
    current = Placement.objects.get(child__la_child_id="A1", ended_on__isnull=True)
    current.household = household
    current.weekly_cost = 475
    current.save()
    newer = GOOD_EPISODES.replace("PR4,,,CARPL", "PR4,01/01/2024,E4A,CARPL")
    assert run(files(episodes=newer, folder="newer")).ok
    moved = Placement.objects.get(child__la_child_id="A1", started_on=dt.date(2021, 6, 1))
    assert moved.household == household and moved.weekly_cost == 475 and moved.ended_on == dt.date(2024, 1, 1)


def test_an_oc2_row_dropped_from_a_newer_return_is_removed(files):
    assert run(files()).ok
    assert HealthOutcome.objects.count() == 1
    from .conftest import OC2

    assert run(files(oc2=OC2, folder="newer")).ok
    assert HealthOutcome.objects.count() == 0


def test_import_then_export_reproduces_the_input_rows(sample_return, tmp_path):
    paths = sample_return(children=80, seed=11)
    assert run(paths).ok
    summary = export_return(KENT, tmp_path / "out")
    for name in ("header", "episodes", "oc2"):
        exported = (tmp_path / "out" / f"{name}.csv").read_bytes()
        assert exported == paths[name].read_bytes(), name
    assert summary.episodes == Placement.objects.count()


def test_the_commands_import_export_and_exit_1_listing_every_error(files, tmp_path, capsys):
    paths = files()
    call_command("import_ssda903", "--la", KENT, "--header", str(paths["header"]), "--episodes",
                 str(paths["episodes"]), "--oc2", str(paths["oc2"]), "--no-progress")  # fmt: skip
    assert "children: 2 new" in capsys.readouterr().out
    call_command("export_ssda903", "--la", KENT, "--out", str(tmp_path / "exported"))
    assert (tmp_path / "exported" / "episodes.csv").read_text().count("\n") == 4
    bad = files(header=HEADER + "B1,3,01/02/2012,WBRI,,,\n", episodes=EPISODES + "B1,99/99/2020,S,C2,N1,U4,PR1,,,,,,\n",
                oc2=None, folder="bad")  # fmt: skip
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_ssda903", "--la", KENT, "--header", str(bad["header"]),
                     "--episodes", str(bad["episodes"]), "--no-progress")  # fmt: skip
    assert exit_info.value.code == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("header.csv:2: SEX: ") for line in out)
    assert any(line.startswith("episodes.csv:2: DECOM: ") for line in out)
    assert not Child.objects.filter(la_child_id="B1").exists()
