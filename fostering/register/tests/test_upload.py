"""A fostering service uploads its households as CSV or XLSX from the documented template;
the upload is all-or-nothing and names every problem by row and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from fostering.organisations.tests.factories import FosteringServiceFactory
from fostering.register.models import Approval, Capability, Carer, Household
from fostering.register.upload import COLUMN_NAMES, UploadRejected, import_households, template_csv

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[3] / "docs"


def example_row(**changes) -> dict:
    rows = list(csv.DictReader(io.StringIO(template_csv())))
    return {**rows[0], **changes}


def as_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_the_documented_template_is_the_one_the_code_reads_and_every_column_is_described():
    assert (DOCS / "household-upload-template.csv").read_text() == template_csv()
    guide = (DOCS / "household-upload.md").read_text()
    for name in COLUMN_NAMES:
        assert f"`{name}`" in guide, name


def test_a_good_csv_adds_every_household_with_carers_approval_and_capability():
    service = FosteringServiceFactory()
    rows = [example_row(reference="A1"), example_row(reference="A2", postcode="ct1 2eh", carer_2_first_name="Lee",
            carer_2_last_name="Taylor", carer_2_date_of_birth="01/02/1970", carer_2_gender="male",
            carer_2_ethnicity="wbri", carer_2_fostering_since="01/03/2015")]  # fmt: skip
    created = import_households(as_csv(rows), "households.csv", service)
    assert [h.reference for h in created] == ["A1", "A2"]
    a2 = Household.objects.get(reference="A2")
    assert a2.postcode == "CT1 2EH" and a2.local_authority_id == "E10000016"
    assert a2.carers.count() == 2 and a2.other_children_ages == [7, 12] and a2.has_pets
    approval = a2.approvals.get()
    assert approval.placement_types == ["short_term", "long_term"] and approval.max_children == 2
    assert a2.capabilities.get(source="service").emotional == 1


def test_a_malformed_file_writes_nothing_and_names_each_bad_row_and_column():
    service = FosteringServiceFactory()
    rows = [
        example_row(reference="B1"),
        example_row(reference="B2", carer_1_date_of_birth="31/02/1980", postcode="ZZ99 9ZZ"),
        example_row(reference="B3", beds_for_fostering="9", bedrooms="3", placement_types="short_term;holiday"),
        example_row(reference="B1", age_min="12", age_max="4", carer_1_ethnicity="XXXX"),
    ]
    with pytest.raises(UploadRejected) as exc:
        import_households(as_csv(rows), "households.csv", service)
    found = {(p.row, p.column) for p in exc.value.problems}
    assert found == {
        (3, "carer_1_date_of_birth"), (3, "postcode"), (4, "beds_for_fostering"), (4, "placement_types"),
        (5, "reference"), (5, "age_max"), (5, "carer_1_ethnicity"),
    }  # fmt: skip
    messages = {(p.row, p.column): p.message for p in exc.value.problems}
    assert "is not a real date" in messages[(3, "carer_1_date_of_birth")]
    assert "holiday is not a placement type" in messages[(4, "placement_types")]
    assert "also on row 2" in messages[(5, "reference")]
    assert (
        Household.objects.count()
        == Carer.objects.count()
        == Approval.objects.count()
        == Capability.objects.count()
        == 0
    )


def test_a_missing_column_or_an_unknown_one_is_reported_on_the_header_row():
    service = FosteringServiceFactory()
    content = b"reference,postcode,favourite_colour\nX1,ME14 1AA,blue\n"
    with pytest.raises(UploadRejected) as exc:
        import_households(content, "h.csv", service)
    columns = {p.column for p in exc.value.problems}
    assert {"address_line_1", "carer_1_first_name", "favourite_colour"} <= columns
    assert {p.row for p in exc.value.problems} == {1}


def test_an_xlsx_upload_works_like_a_csv_one():
    service = FosteringServiceFactory()
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMN_NAMES)
    row = example_row(reference="X1")
    ws.append([int(row[c]) if row[c].isdigit() else row[c] for c in COLUMN_NAMES])
    buf = io.BytesIO()
    wb.save(buf)
    created = import_households(buf.getvalue(), "households.xlsx", service)
    assert created[0].reference == "X1" and created[0].bedrooms == 4


def test_the_command_exits_0_on_success_and_1_with_every_error_printed(tmp_path, capsys):
    service = FosteringServiceFactory(ofsted_urn="SC123456")
    good = tmp_path / "good.csv"
    good.write_bytes(as_csv([example_row(reference="C1")]))
    call_command("import_households", str(good), "--service", "SC123456")
    assert "Imported 1 household(s)" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv([example_row(reference="C2", bedrooms="lots"), example_row(reference="C1")]))
    with pytest.raises(SystemExit) as exit_:
        call_command("import_households", str(bad), "--service", "SC123456")
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: bedrooms: “lots” is not a whole number." in err
    assert f"{bad}:3: reference: C1 is already on the register for {service.name}." in err
    assert Household.objects.filter(reference="C2").count() == 0


def test_an_unreadable_csv_is_rejected_with_a_reason_not_a_crash():
    service = FosteringServiceFactory()
    with pytest.raises(UploadRejected) as exc:
        import_households(b'reference,postcode\n"' + b"x" * 200_000 + b'",ME14 1AA\n', "h.csv", service)
    assert exc.value.problems[0].column == "file" and "not readable CSV" in exc.value.problems[0].message
    with pytest.raises(UploadRejected) as exc:
        import_households(b"\xff\xfe\x00bad", "h.csv", service)
    assert "not UTF-8" in exc.value.problems[0].message
    with pytest.raises(UploadRejected) as exc:
        import_households(b"not a workbook", "h.xlsx", service)
    assert "not a readable XLSX" in exc.value.problems[0].message
