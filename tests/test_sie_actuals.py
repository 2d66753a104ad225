"""Actual costs from a SIE file: the mapping, the sums per category and reporting period (worked
out by hand from tests/fixtures/sie/ledger.se), the command, the verification list and --write."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget.cli import app
from support.libreoffice import needs_libreoffice, recalculate, values

FIXTURES = Path(__file__).parent / "fixtures" / "sie"

# tests/fixtures/sie/ledger.se, by hand (follow-up.yaml: rp1 1 Jul–31 Oct 2027, rp2 1 Nov 2027–29 Feb 2028):
#   A 1 2027-07-15: 7010 42 000.00 -> personal rp1; 2710 -9 000 on the project: balance sheet, left out
#   A 2 2027-08-20: 6550 12 500.50 + 6420 3 000 -> externa-tjanster rp1 (15 500.50)
#   A 3 2027-10-30: 5810 1 450 dated 2027-11-02 -> resor rp2; 5820 650.25 (voucher date) -> resor rp1
#   A 4 2027-11-15: 3010 -5 000 -> intakter rp2, as revenue 5 000
#   B 1 2027-12-01: #RTRANS 7010 1 000 (+ its #TRANS, once) -> personal rp2; #BTRANS 999 not counted
#   A 5: another project; A 6 2028-03-10 (100) and A 7 2027-06-30 (50): outside the periods, left out
EXPECTED = {
    "rp1": {"personal": Decimal("42000.00"), "externa-tjanster": Decimal("15500.50"), "resor": Decimal("650.25"),
            "intakter": Decimal(0)},
    "rp2": {"personal": Decimal(1000), "externa-tjanster": Decimal(0), "resor": Decimal(1450),
            "intakter": Decimal(5000)},
}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    for name in ("budget.yaml", "follow-up.yaml", "ledger.se"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def run(*args: str):
    result = CliRunner().invoke(app, ["actuals", *map(str, args)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def as_json(project: Path, *extra: str) -> dict:
    result = run(project / "ledger.se", "--budget", project / "budget.yaml", "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_sums_per_category_and_period_are_the_hand_computed_ones(project):
    data = as_json(project)
    assert [p["id"] for p in data["periods"]] == ["rp1", "rp2"]
    for period in data["periods"]:
        assert {k: Decimal(v) for k, v in period["costs"].items()} == EXPECTED[period["id"]]
        assert period["direct_costs"] == {}
    assert [(p["vouchers"], p["rows"]) for p in data["periods"]] == [(3, 4), (3, 3)]
    assert (data["vouchers_read"], data["rows_read"], data["encoding"]) == (8, 19, "cp437")
    assert data["left_out"] == [
        {"reason": "balance-sheet account (class 1–2), not a cost", "rows": 1, "amount": "-9000"},
        {"reason": "dated outside every reporting period", "rows": 2, "amount": "150"},
    ]
    assert data["problems"] == []


def test_one_period(project):
    data = as_json(project, "--period", "rp2")
    assert [p["id"] for p in data["periods"]] == ["rp2"]


def test_the_text_report(project):
    result = run(project / "ledger.se", "--budget", project / "budget.yaml")
    assert result.exit_code == 0
    assert "1 jul – 31 okt 2027 (rp1, 2027-07-01 – 2027-10-31): 3 vouchers, 4 rows" in result.stdout
    assert "  Externa tjänster        15 500,50" in result.stdout.splitlines()
    assert "  2 rows, 150 kr: dated outside every reporting period" in result.stdout


def test_the_report_says_whose_ledger_it_is_as_far_as_its_header_tells(project):
    data = as_json(project)
    assert (data["company"], data["org_number"], data["generated"], data["program"]) == \
        ("Härnösands kommun", "212000-2411", "2028-01-15", "Ekonomisystem 12.4")
    ledger = project / "ledger.se"
    header = re.compile(rb"^#(FNAMN|ORGNR|PROGRAM)[^\n]*\n", re.M)
    ledger.write_bytes(header.sub(b"", ledger.read_bytes()))
    lines = run(ledger, "--budget", project / "budget.yaml").stdout.splitlines()
    assert lines[1] == "exported 2028-01-15"
    ledger.write_bytes(re.sub(rb"^#GEN[^\n]*\n", b"", ledger.read_bytes(), flags=re.M))
    lines = run(ledger, "--budget", project / "budget.yaml").stdout.splitlines()
    assert lines[1] == ""  # nothing to say: the periods follow


def test_an_unmapped_account_is_an_error_naming_it(project):
    ledger = project / "ledger.se"
    ledger.write_bytes(ledger.read_bytes().replace(b"#TRANS 6420 {6 \"P1042\"} 3000", b"#TRANS 6590 {6 \"P1042\"} 3000"))
    result = run(ledger, "--budget", project / "budget.yaml", "--write")
    assert result.exit_code == 1
    assert f"{ledger}:33:1: error: account 6590 '\u00d6vriga externa tj\u00e4nster' has 1 row of the project (3 000 kr)" \
        in result.stderr
    assert "(sie-unmapped-account)" in result.stderr and "nothing written" in result.stderr
    assert result.stdout == "" and not (project / "actuals").exists()


def test_a_flat_rate_category_in_the_mapping_is_reported_and_its_rows_left_out(project):
    follow_up = project / "follow-up.yaml"
    text = follow_up.read_text("utf-8").replace('resor: ["5800-5899"]', 'resor: ["5810"]')
    follow_up.write_text(text + '    oh: ["5820"]\n', "utf-8")
    result = run(project / "ledger.se", "--budget", project / "budget.yaml", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert Decimal(data["periods"][0]["costs"]["resor"]) == 0  # 5820's 650.25 went to oh, which is recomputed
    assert {"reason": "mapped to 'oh', a flat rate recomputed on the actual staff costs", "rows": 1,
            "amount": "650.25"} in data["left_out"]
    assert f"{follow_up}:16:5: warning:" in result.stderr and "(sie-mapping)" in result.stderr


@pytest.mark.parametrize("mapping, expected", [
    ('    resa: ["5800"]\n', "16:5: error: ledger.accounts: 'resa' is not a cost category or direct cost"),
    ('    resor2: ["58x0"]\n', "16:14: error: ledger.accounts.resor2[0]: '58x0' is not an account, a range"),
    ('    resor2: ["5899-5800"]\n', "the range '5899-5800' ends before it starts"),
])
def test_mapping_mistakes_are_located_in_the_follow_up_file(project, mapping, expected):
    follow_up = project / "follow-up.yaml"
    follow_up.write_text(follow_up.read_text("utf-8") + mapping, "utf-8")
    result = run(project / "ledger.se", "--budget", project / "budget.yaml")
    assert result.exit_code == 1
    assert expected in result.stderr


@pytest.mark.parametrize("mapping, expected", [
    # 9000-9099 and 8500 occur in no row of the ledger: the overlap is found in the mapping itself
    ('    resor: ["5800-5899", "9000-9199"]\n    personal: ["9050-9300", "8500"]\n    intakter: ["8400-8600"]\n',
     ["14:5: error: ledger.accounts: 'personal' maps accounts 9050-9199, which 'resor' maps too",
      "15:5: error: ledger.accounts: 'intakter' maps accounts 8500, which 'personal' maps too"]),
    ('    resor: ["5800-5899"]\n    personal: ["7010-7299", "5850"]\n',
     ["14:5: error: ledger.accounts: 'personal' maps accounts 5850, which 'resor' maps too"]),
])
def test_accounts_mapped_to_two_categories_are_found_in_the_mapping(project, mapping, expected):
    follow_up = project / "follow-up.yaml"
    text = follow_up.read_text("utf-8")
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith(("    personal:", "    resor:",
                                                                                  "    intakter:"))]
    follow_up.write_text("".join(kept) + mapping, "utf-8")
    result = run(project / "ledger.se", "--budget", project / "budget.yaml")
    assert result.exit_code == 1 and result.stdout == ""
    found = [line for line in result.stderr.splitlines() if "maps too" in line]
    assert found == [f"{follow_up}:{e}; map each account to one category (sie-mapping)" for e in expected]


def test_an_exclusion_takes_an_account_out_of_an_overlap(project):
    follow_up = project / "follow-up.yaml"
    text = follow_up.read_text("utf-8").replace('resor: ["5800-5899"]', 'resor: ["5800-5899", "6560-6589"]')
    follow_up.write_text(text, "utf-8")  # externa-tjanster: 6400-6599 less 6590: 6560-6589 is shared
    result = run(project / "ledger.se", "--budget", project / "budget.yaml")
    assert "'resor' maps accounts 6560-6589, which 'externa-tjanster' maps too" in result.stderr
    follow_up.write_text(text.replace('"!6590"', '"!6560-6590"'), "utf-8")
    assert as_json(project)["problems"] == []


def test_the_project_is_chosen_by_accounts(project):
    follow_up = project / "follow-up.yaml"
    text = follow_up.read_text("utf-8").replace('project: {dimension: 6, object: "P1042"}', 'project: {accounts: ["5800-5899"]}')
    follow_up.write_text(text, "utf-8")
    data = as_json(project)
    assert [Decimal(p["costs"]["resor"]) for p in data["periods"]] == [Decimal("650.25"), Decimal(1450)]
    assert [Decimal(p["costs"]["personal"]) for p in data["periods"]] == [0, 0]


def test_no_row_of_the_project_is_a_warning_naming_the_objects(project):
    follow_up = project / "follow-up.yaml"
    follow_up.write_text(follow_up.read_text("utf-8").replace('"P1042"', '"P1043"'), "utf-8")
    result = run(project / "ledger.se", "--budget", project / "budget.yaml")
    assert result.exit_code == 0
    assert "no row with object 'P1043' in dimension 6 (its objects: P1042, P2001) (sie-project)" in result.stderr


def test_broken_ledger_is_located_and_nothing_is_written(project):
    ledger = project / "ledger.se"
    ledger.write_bytes(ledger.read_bytes().replace(b"-15500.50", b"-15500,50"))
    result = run(ledger, "--budget", project / "budget.yaml", "--write")
    assert result.exit_code == 1
    assert f"{ledger}:34:19: error: expected the amount as a number" in result.stderr
    assert "sie-balance" not in result.stderr  # a voucher with a broken row is not also called unbalanced
    assert not (project / "actuals").exists()


def test_a_missing_ledger_exits_2(project):
    result = run(project / "none.se", "--budget", project / "budget.yaml")
    assert result.exit_code == 2 and "no such file (unreadable)" in result.stderr


def test_unknown_period_is_a_usage_error(project):
    result = run(project / "ledger.se", "--budget", project / "budget.yaml", "--period", "rp9")
    assert result.exit_code == 2 and "no reporting period 'rp9'" in result.stderr


def test_write_creates_and_updates_the_actuals_files_keeping_what_the_office_wrote(project):
    result = run(project / "ledger.se", "--budget", project / "budget.yaml", "--write")
    assert result.exit_code == 0, result.stderr
    rp1 = project / "actuals" / "rp1.yaml"
    assert rp1.read_text("utf-8") == (
        "format: hso-budget-actuals/1\nreporting_period: rp1\ncosts:\n  personal: 42 000\n"
        "  externa-tjanster: 15 500,50\n  resor: 650,25\n  intakter: 0\nsource: \"../ledger.se\"\n")
    office = ("# Hours from the time reports\nhours: {Projektledare: 560}\nreceived:\n  harnosand: 454 407  # paid 15 Nov\n")
    rp1.write_text(rp1.read_text("utf-8").replace("source:", office + "source:"), "utf-8")
    ledger = project / "ledger.se"
    ledger.write_bytes(ledger.read_bytes().replace(b"42000.00", b"42100.00").replace(b"-33000", b"-33100"))
    result = run(ledger, "--budget", project / "budget.yaml", "--write")
    assert result.exit_code == 0, result.stderr
    assert rp1.read_text("utf-8") == (
        "format: hso-budget-actuals/1\nreporting_period: rp1\ncosts:\n  personal: 42 100\n"
        "  externa-tjanster: 15 500,50\n  resor: 650,25\n  intakter: 0\n" + office + "source: \"../ledger.se\"\n")
    assert f"updated {rp1}" in result.stderr


def test_write_refuses_costs_typed_by_hand_and_writes_nothing(project):
    folder = project / "actuals"
    folder.mkdir()
    (folder / "rp2.yaml").write_text("format: hso-budget-actuals/1\nreporting_period: rp2\ncosts: {resor: 5}\n", "utf-8")
    result = run(project / "ledger.se", "--budget", project / "budget.yaml", "--write")
    assert result.exit_code == 1
    assert f"{folder / 'rp2.yaml'}:3:1: error: not written:" in result.stderr and "typed by hand" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["rp2.yaml"]  # rp1.yaml not written either


def test_the_verification_list_as_csv(project):
    result = run(project / "ledger.se", "--budget", project / "budget.yaml", "--list", "csv", "--period", "rp1")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    lines = result.stdout_bytes[3:].decode("utf-8").split("\r\n")
    assert lines[0] == "Redovisningsperiod;Verifikation;Datum;Konto;Kontonamn;Text;Belopp;Kostnadsslag"
    assert lines[1:] == [
        "rp1;A 1;2027-07-15;7010;Löner till kollektivanställda;Lön juli;42000.00;Personal".replace("42000.00", "42000,00"),
        "rp1;A 2;2027-08-20;6550;Konsultarvoden;Faktura 4711;12500,50;Externa tjänster",
        "rp1;A 2;2027-08-20;6420;Konsulttjänster;Konsult förstudie;3000;Externa tjänster",
        "rp1;A 3;2027-10-30;5820;Hyrbil;Resa Sundsvall;650,25;Resor och logi",
        "",
    ]


@needs_libreoffice
def test_the_verification_list_as_a_workbook_sums_in_libreoffice(project, tmp_path):
    out = tmp_path / "lista.xlsx"
    result = run(project / "ledger.se", "--budget", project / "budget.yaml", "--list", "xlsx", "--out", out)
    assert result.exit_code == 0, result.stderr
    sheet = values(recalculate(out, tmp_path / "lo"))["Verifikationslista"]
    # 42 000 + 12 500.50 + 3 000 + 650.25 (rp1) + 1 450 + (−5 000) + 1 000 (rp2): the ledger's signs
    assert sheet["F10"] == "Summa" and sheet["G10"] == pytest.approx(55600.75)
    assert sheet["G7"] == -5000 and sheet["H7"] == "Intäkter"


# examples/follow-up/ledger.se, by hand: rp1 (July–October 2025): the pre-study 150 000 + 100 000 on
# 4610, the study trip 35 000 + 25 000 (rows dated 3 October). rp2: process support 90 000 on 4610 and
# the conference's corrected invoice 60 000 on 6540 (#RTRANS and its #TRANS counted once, the
# removed 66 000 not at all), the study visits 50 000 + 30 000. rp3: a trip of 4 200 in March 2026.
# Salaries (45 000 in July and November) are mapped to Personal, which comes from the reported hours:
# left out. The consultant of P2001 is another project's; bank, VAT and tax rows carry no project.
EXAMPLE = {
    "rp1": {"externa-tjanster": "250000.00", "resor": "60000.00"},
    "rp2": {"externa-tjanster": "150000.00", "resor": "80000.00"},
    "rp3": {"externa-tjanster": "0", "resor": "4200.00"},
}


def test_the_example_gives_its_actual_costs_per_category_and_period():
    examples = Path(__file__).parent.parent / "examples" / "follow-up"
    result = run(examples / "ledger.se", "--budget", examples / "budget.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {p["id"]: {k: Decimal(v) for k, v in p["costs"].items()} for p in data["periods"]} == \
        {period: {k: Decimal(v) for k, v in costs.items()} for period, costs in EXAMPLE.items()}
    assert [(p["vouchers"], p["rows"]) for p in data["periods"]] == [(3, 4), (3, 4), (1, 1)]
    assert data["left_out"] == [{"reason": "mapped to 'personal', computed from the staff positions' hours",
                                 "rows": 2, "amount": "90000.00"}]


def test_the_example_ledger_gives_the_follow_up_examples_actuals():
    # The actuals files of the follow-up example hold what the ledger gives for rp1 and rp2.
    from hso_budget.followup.load import read_actuals

    examples = Path(__file__).parent.parent / "examples" / "follow-up"
    for period in ("rp1", "rp2"):
        read, problems = read_actuals(examples / "actuals" / f"{period}.yaml")
        assert problems == [] and read is not None
        assert read[0].costs == {k: Decimal(v) for k, v in EXAMPLE[period].items()}


def test_the_example_written_as_actuals_files(tmp_path):
    examples = Path(__file__).parent.parent / "examples" / "follow-up"
    for name in ("budget.yaml", "follow-up.yaml", "ledger.se"):
        shutil.copy(examples / name, tmp_path / name)
    result = run(tmp_path / "ledger.se", "--budget", tmp_path / "budget.yaml", "--write")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "actuals" / "rp2.yaml").read_text("utf-8") == (
        "format: hso-budget-actuals/1\nreporting_period: rp2\ncosts:\n  externa-tjanster: 150 000\n"
        "  resor: 80 000\nsource: \"../ledger.se\"\n")


@pytest.mark.parametrize("args, message", [
    (["--list", "xlsx"], "give --out FILE.xlsx"),
    (["--out", "x.csv"], "give --list too"),
    (["--list", "csv", "--format", "json"], "leave out --format json"),
])
def test_options_that_do_not_go_together_are_usage_errors(project, args, message):
    result = run(project / "ledger.se", "--budget", project / "budget.yaml", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_write_leaves_a_reported_period_alone(project):
    folder = project / "actuals"
    folder.mkdir()
    reported = ("format: hso-budget-actuals/1\nreporting_period: rp1\ncosts:\n  resor: 650,25\n"
                "source: \"../ledger.se\"\nreported: 2027-11-20\n")
    (folder / "rp1.yaml").write_text(reported, "utf-8")
    result = run(project / "ledger.se", "--budget", project / "budget.yaml", "--write")
    assert result.exit_code == 1
    assert f"{folder / 'rp1.yaml'}:6:1: error: not written:" in result.stderr
    assert "was reported on 2027-11-20" in result.stderr
    assert (folder / "rp1.yaml").read_text("utf-8") == reported and not (folder / "rp2.yaml").exists()
