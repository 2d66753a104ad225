"""Messages that lead to the right fix: each budget here is written for one message, and the test
asserts the exact located problem `check` reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from hso_budget.runner import check_path, check_text

ROOT = Path(__file__).resolve().parent.parent

HEAD = """\
format: hso-budget/1
project: {name: Test, owner: Härnösands kommun}
periods:
  - {id: ar1, label: År 1}
  - {id: ar2, label: År 2}
costs:
"""
FINANCIERS = """\
financiers:
  - {id: region, label: Region, sector: public, remainder: true}
"""


def problems(text: str) -> list[str]:
    report = check_text(text.encode("utf-8"), "b.yaml")
    return [f"{p.line}:{p.column}: {p.level.value}: {p.message} ({p.check})" for p in report.problems]


def test_a_split_percentage_in_a_flow_mapping_is_a_decimal_comma_not_a_duplicate_key():
    text = HEAD + "  - {id: resor, label: Resor, amounts: {ar1: 44,6225 %, ar2: 44,6225 %}}\n" + FINANCIERS
    assert problems(text) == [
        "7:49: error: 'ar1: 44,6225 %' was read as two entries: inside {…} a comma separates entries; "
        "quote the value (\"44,6225 %\") or write one entry a line (decimal-comma)",
        "7:65: error: 'ar2: 44,6225 %' was read as two entries: inside {…} a comma separates entries; "
        "quote the value (\"44,6225 %\") or write one entry a line (decimal-comma)",
    ]


def test_a_split_amount_with_kr_is_a_decimal_comma_not_an_unknown_key():
    text = HEAD + "  - {id: resor, label: Resor, per_period: 100,50 kr}\n" + FINANCIERS
    assert problems(text) == [
        "7:47: error: 'per_period: 100,50 kr' was read as two entries: inside {…} a comma separates entries; "
        "quote the value (\"100,50 kr\") or write one entry a line (decimal-comma)",
    ]


def test_a_no_break_space_after_a_keys_colon_is_named_in_a_flow_mapping():
    text = HEAD + "  - {id: resor, label: Resor, per_period:\u00a0454 407}\n" + FINANCIERS
    assert problems(text) == [
        "7:31: error: costs[0]: unknown key 'per_period:\u00a0454 407': after 'per_period:' comes a no-break "
        "space (U+00A0), which YAML does not read as a space, so the key and its value run together; retype it "
        "as an ordinary space ('per_period: 454 407') (format)",
    ]


def test_a_no_break_space_after_a_keys_colon_is_named_in_a_block_mapping():
    text = HEAD + "  - id: resor\n    label: Resor\n    per_period:\u00a0454 407\n" + FINANCIERS
    assert problems(text) == [
        "9:16: error: after ':' comes a no-break space (U+00A0), which YAML does not read as a space, so the "
        "key and its value run together; retype it as an ordinary space (yaml-syntax)",
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named_not_called_binary(encoding):
    data = (ROOT / "data" / "budget.yaml").read_text("utf-8").encode(encoding)
    report = check_text(data, "b.yaml")
    assert [(p.line, p.column, p.check, p.message) for p in report.problems] == [
        (1, 1, "encoding", "the file is saved as UTF-16 (without a byte-order mark); save it as UTF-8"),
    ]


def test_binary_is_still_binary(tmp_path):
    path = tmp_path / "b.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    assert [p.message for p in check_path(path).problems] == ["binary file, not a YAML budget"]


@pytest.mark.parametrize(
    "written, message",
    [
        ("930.000", "'930.000' reads as thousands or as three decimals; an amount has at most two decimals (öre), "
                    "so for thousands write 930 000"),
        ("1.960.000", "'1.960.000' uses dots between thousands; write 1 960 000"),
        ("1_960_000", "'1_960_000' uses underscores between thousands; write 1 960 000"),
        ("1 960 000,-", "'1 960 000,-' ends in ',-', the mark for whole kronor on a receipt; "
                        "write the number alone: 1 960 000"),
        ("930 000:-", "'930 000:-' ends in ':-', the mark for whole kronor on a receipt; "
                      "write the number alone: 930 000"),
    ],
)
def test_amounts_written_as_on_paper_say_what_was_meant(written, message):
    text = HEAD + f"  - id: resor\n    label: Resor\n    per_period: {written}\n" + FINANCIERS
    assert problems(text) == [f"9:17: error: costs[0].per_period: {message} (format)"]


def test_units_with_a_dot_are_refused_like_units_with_a_comma():
    text = HEAD + (
        "  - id: resor\n    label: Resor\n    items:\n"
        "      - label: Tåg\n        unit_price: 1 000\n        units: 1.500\n"
        "      - label: Buss\n        unit_price: 1 000\n        units: 1,500\n"
    ) + FINANCIERS
    assert problems(text) == [
        "12:16: error: costs[0].items[0].units: '1.500' is ambiguous: write 1 500 for thousands, "
        "or 1,5 for a decimal number (format)",
        "15:16: error: costs[0].items[1].units: '1,500' is ambiguous: write 1 500 for thousands, "
        "or 1,5 for a decimal number (format)",
    ]


def test_a_split_number_in_a_flow_mapping_is_advised_with_an_unambiguous_decimal():
    text = HEAD + "  - {id: resor, label: Resor, amounts: {ar1: 1,500, ar2: 0}}\n" + FINANCIERS
    assert problems(text) == [
        "7:48: error: 'ar1: 1,500' was read as two entries: inside {…} a comma separates entries; "
        "write 1 500 for thousands, or 1.5 for a decimal number (decimal-comma)",
    ]


def test_a_share_above_the_cap_is_shown_with_the_decimals_that_make_it_above():
    text = (
        "format: hso-budget/1\nproject: {name: Test, owner: Härnösands kommun}\n"
        "programme: eruf-mellersta-norrland-2021-2027\n"
        "periods:\n  - {id: ar1, label: År 1}\n  - {id: ar2, label: År 2}\n"
        "costs:\n  - {id: resor, label: Resor, amounts: {ar1: 100 000, ar2: 200 000}}\n"
        "financiers:\n"
        "  - {id: tvv, label: Tillväxtverket, sector: public, fund: eruf, amounts: {ar1: 40 001, ar2: 79 999}}\n"
        "  - {id: region, label: Region, sector: public, remainder: true}\n"
    )
    # 40 001 / 100 000 is 40,001 %: at two decimals it would read "40,00 % … above 40 %"
    assert [p for p in problems(text) if "financing-cap" in p] == [
        "10:60: warning: Tillväxtverket År 1: 40 001 is 40,001 % of the period's project cost 100 000, above 40 % "
        "(the cap holds for the whole project, but some deciding bodies read it per period) (financing-cap)",
    ]


REMOVED_IN_KIND = (ROOT / "data" / "budget.yaml").read_text("utf-8")


def test_a_removed_in_kind_financier_is_not_advised_as_a_different_one():
    text = "\n".join(line for line in REMOVED_IN_KIND.splitlines()
                     if "{id: lst-direkt, label: Länsstyrelsen, sector" not in line) + "\n"
    line = 1 + [i for i, row in enumerate(text.splitlines()) if "financier: lst-direkt" in row][0]
    assert problems(text) == [
        f"{line}:55: error: unknown in-kind financier 'lst-direkt' (known: rvn-direkt, miun-direkt, bizmaker-direkt) "
        "— add 'lst-direkt' under financiers with kind: in-kind, or remove this direct cost (unknown-reference)",
    ]


def test_a_misspelt_in_kind_financier_is_still_suggested():
    text = REMOVED_IN_KIND.replace("financier: lst-direkt, per_period", "financier: lst-drekt, per_period")
    assert [p.split(": ", 1)[1] for p in problems(text)] == [
        "error: unknown in-kind financier 'lst-drekt'; did you mean 'lst-direkt'? (unknown-reference)",
    ]


def test_a_percentage_with_three_decimals_is_a_rate_not_thousands():
    text = HEAD.replace("  - {id: ar2, label: År 2}\n", "").replace(
        "format: hso-budget/1\n", "format: hso-budget/1\nprogramme: eruf-mellersta-norrland-2021-2027\n") + (
        "  - {id: personal, label: Personal, kind: staff, amounts: {ar1: 100 000}}\n"
        "  - id: oh\n    label: OH\n    kind: indirect\n    rate: 14,999 %\n    of: [personal]\n"
    ) + FINANCIERS
    report = check_text(text.encode("utf-8"), "b.yaml")
    assert report.problems == []
    [oh] = [row for row in report.calculation.costs if row.id == "oh"]
    assert oh.amounts["ar1"] == 14_999  # 14,999 % of 100 000
