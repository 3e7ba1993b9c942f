"""Bad files: Hypothesis mutates valid SSDA903 returns and household upload files (dropped
columns, wrong codes, bad dates, other encodings, huge fields, empty files, binary junk,
shuffled and truncated lines). Every import either succeeds or is rejected with
line-numbered errors, and after a rejection the database is exactly as before.

Each example imports inside a savepoint rolled back afterwards, so examples are independent
and cheap. FILE_FUZZ_EXAMPLES scales the run (default: 700 SSDA903 + 400 household files).
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SCALE = float(os.environ.get("FILE_FUZZ_EXAMPLES", "1100")) / 1100
SSDA903_EXAMPLES = max(10, int(700 * SCALE))
HOUSEHOLD_EXAMPLES = max(10, int(400 * SCALE))
TEMPLATE = Path(__file__).resolve().parents[2] / "docs" / "household-upload-template.csv"
FUZZ_SETTINGS = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}


def _fingerprint(*models) -> str:
    """Row counts and content of the tables an import writes: equal means unchanged."""
    digest = hashlib.sha256()
    for model in models:
        rows = list(model.objects.order_by("pk").values_list())
        digest.update(f"{model._meta.label}:{len(rows)}:{rows!r}".encode())
    return digest.hexdigest()


# ---- mutations on CSV text (a list of lines of cells) ----
JUNK_CELLS = st.sampled_from(
    ["", "ZZ", "99", "-1", "31/02/2020", "2020-01-01", "01/13/2020", "1/1/20", "x" * 100_000, "é\u0000ü", "=1+1",
     "\u202e", "NULL", "🙂", "9" * 40, " ", '"', "a,b", "\n"]
)  # fmt: skip


@st.composite
def mutated_csv(draw, text: str) -> tuple[bytes, str]:
    lines = [line.split(",") for line in text.splitlines()]
    kind = draw(
        st.sampled_from(
            ["drop_column", "bad_cell", "bad_cells", "encoding", "empty", "junk", "truncate", "shuffle", "header_only",
             "extra_column", "bom", "huge_line", "duplicate_rows", "blank_lines"]
        )
    )  # fmt: skip
    width = len(lines[0])
    if kind == "drop_column":
        col = draw(st.integers(0, width - 1))
        lines = [row[:col] + row[col + 1 :] for row in lines]
    elif kind in {"bad_cell", "bad_cells"}:
        for _ in range(1 if kind == "bad_cell" else draw(st.integers(2, 6))):
            r = draw(st.integers(1, max(1, len(lines) - 1)))
            c = draw(st.integers(0, width - 1))
            if r < len(lines) and c < len(lines[r]):
                lines[r][c] = draw(JUNK_CELLS | st.text(max_size=12))
    elif kind == "truncate":
        joined = "\n".join(",".join(r) for r in lines)
        return joined[: draw(st.integers(0, len(joined)))].encode(), kind
    elif kind == "shuffle":
        body = lines[1:]
        lines = [lines[0]] + draw(st.permutations(body))
    elif kind == "header_only":
        lines = lines[:1]
    elif kind == "extra_column":
        lines = [row + [draw(JUNK_CELLS)] for row in lines]
    elif kind == "duplicate_rows":
        lines = lines + lines[1:]
    elif kind == "huge_line":
        lines.append(["y" * 200_000])
    elif kind == "blank_lines":
        lines = [lines[0], [""], *lines[1:], [""]]
    out = "\n".join(",".join(r) for r in lines) + "\n"
    if kind == "empty":
        return b"", kind
    if kind == "junk":
        return draw(st.binary(min_size=1, max_size=2000)), kind
    if kind == "encoding":
        out = out.replace("a", "á", 3)
        return out.encode(draw(st.sampled_from(["utf-16", "latin-1", "cp1252", "utf-32"]))), kind
    if kind == "bom":
        return b"\xef\xbb\xbf" + out.encode(), kind
    return out.encode("utf-8", "surrogatepass"), kind


def _ssda903_files():
    from fostering.interop.ssda903.sample import generate_return
    from fostering.interop.ssda903.writer import write_episodes, write_header, write_oc2

    ret = generate_return(children=6, seed=903)
    files = {}
    for name, writer, records in (
        ("header", write_header, ret.headers),
        ("episodes", write_episodes, ret.episodes),
        ("oc2", write_oc2, ret.oc2),
    ):
        buffer = io.StringIO()
        writer(records, buffer)
        files[name] = buffer.getvalue()
    return files


def test_mutated_ssda903_returns_are_imported_whole_or_rejected_line_by_line_leaving_the_database_unchanged():
    from fostering.children.models import Child, HealthOutcome
    from fostering.interop.importer import import_return
    from fostering.placements.models import Placement

    files = _ssda903_files()
    baseline = import_return("E10000016", header=files["header"].encode(), episodes=files["episodes"].encode(),
                             oc2=files["oc2"].encode())  # fmt: skip
    assert baseline.ok, baseline.errors  # the unmutated return is valid (and now in the database)
    counts = {"accepted": 0, "rejected": 0}
    kinds: dict[str, int] = {}

    @settings(max_examples=SSDA903_EXAMPLES, **FUZZ_SETTINGS)
    @given(target=st.sampled_from(["header", "episodes", "oc2"]), data=st.data())
    def run(target, data):
        content, kind = data.draw(mutated_csv(files[target]))
        kinds[kind] = kinds.get(kind, 0) + 1
        sources = {k: v.encode() for k, v in files.items()}
        sources[target] = content
        before = _fingerprint(Child, Placement, HealthOutcome)
        with transaction.atomic():
            result = import_return("E10000016", header=sources["header"], episodes=sources["episodes"],
                                   oc2=sources["oc2"])  # fmt: skip
            if result.ok:
                counts["accepted"] += 1
            else:
                counts["rejected"] += 1
                for error in result.errors:
                    assert error.file and isinstance(error.line, int) and error.line >= 0, error
                    assert error.message.strip(), error
                assert _fingerprint(Child, Placement, HealthOutcome) == before, f"{kind}: rejected but changed"
            transaction.set_rollback(True)

    run()
    total = counts["accepted"] + counts["rejected"]
    report(
        "file fuzz: SSDA903 returns",
        f"{total} ({counts['accepted']} accepted, {counts['rejected']} rejected); mutations {kinds}",
    )
    assert total >= SSDA903_EXAMPLES * 0.9
    assert counts["rejected"] > total // 3


def test_mutated_household_uploads_are_imported_whole_or_rejected_row_by_row_leaving_the_database_unchanged():
    from fostering.organisations.tests.factories import FosteringServiceFactory
    from fostering.register.models import Approval, Capability, Carer, Household
    from fostering.register.upload import UploadRejected, import_households

    service = FosteringServiceFactory()
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    rows = [lines[1].replace("H00001", f"H0000{i}", 1) for i in range(1, 4)]
    text = "\n".join([lines[0], *rows]) + "\n"
    counts = {"accepted": 0, "rejected": 0}
    kinds: dict[str, int] = {}

    @settings(max_examples=HOUSEHOLD_EXAMPLES, **FUZZ_SETTINGS)
    @given(data=st.data(), xlsx_name=st.booleans())
    def run(data, xlsx_name):
        content, kind = data.draw(mutated_csv(text))
        kinds[kind] = kinds.get(kind, 0) + 1
        before = _fingerprint(Household, Carer, Approval, Capability)
        with transaction.atomic():
            try:
                import_households(content, "households.xlsx" if xlsx_name else "households.csv", service)
                counts["accepted"] += 1
            except UploadRejected as exc:
                counts["rejected"] += 1
                assert exc.problems
                for problem in exc.problems:
                    assert isinstance(problem.row, int) and problem.row >= 1, problem
                    assert problem.message.strip(), problem
                assert _fingerprint(Household, Carer, Approval, Capability) == before, f"{kind}: rejected but changed"
            transaction.set_rollback(True)

    run()
    total = counts["accepted"] + counts["rejected"]
    report(
        "file fuzz: household uploads",
        f"{total} ({counts['accepted']} accepted, {counts['rejected']} rejected); mutations {kinds}",
    )
    assert total >= HOUSEHOLD_EXAMPLES * 0.9
    assert counts["accepted"] > 0 and counts["rejected"] > 0
