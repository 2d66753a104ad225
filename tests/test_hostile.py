"""Hostile input: bounded in time and memory, never runs code, and nothing the user wrote is lost.

The limits are checked on `hso-budget check` run as a separate process, under a 2 GiB memory
limit and a timeout, so that a hang or a runaway allocation fails the test instead of the run.
The timeouts guard against hangs only, with room for a loaded machine: speed is measured by the
benchmarks in `bench/`, not asserted here.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget.cli import app
from hso_budget.runner import check_text
from hso_budget.source import MAX_BYTES

ROOT = Path(__file__).resolve().parents[1]
BUDGET = ROOT / "data" / "budget.yaml"
BOMB = ROOT / "tests" / "fixtures" / "invalid" / "alias-bomb.yaml"
GIB = 1024**3
SMALL = """\
format: hso-budget/1
project: {name: Ånge-projektet, owner: Härnösands kommun}
periods:
  - {id: ar1, label: År 1}
  - {id: ar2, label: År 2}
costs:
  - id: personal
    label: Personal
    amounts:
      ar1: 1 000
      ar2: 2 000
direct_costs:
  - {id: lst, label: Länsstyrelsen, financier: lst, per_period: 500}
financiers:
  - {id: region, label: Region Västernorrland, sector: public, remainder: true}
  - {id: lst, label: Länsstyrelsen, sector: public, kind: in-kind, carried: true}
programme: eruf-mellersta-norrland-2021-2027
"""


def _two_gib() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * GIB, 2 * GIB))


def run_check(path: Path, timeout: float = 30) -> subprocess.CompletedProcess:
    """`hso-budget check --format parsable PATH` in a process limited to 2 GiB, killed after `timeout`."""
    result = subprocess.run([sys.executable, "-m", "hso_budget", "check", "--format", "parsable", path.name],
                            cwd=path.parent, capture_output=True, text=True, timeout=timeout, preexec_fn=_two_gib)
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr
    return result


# -- bounded -----------------------------------------------------------------------------------


def test_an_alias_bomb_is_refused_within_2_gib():
    result = run_check(BOMB)
    assert result.returncode == 1
    assert result.stdout == ("alias-bomb.yaml:7:45: error: aliases expand to more than 1 000 000 values "
                             "(an alias bomb?) (yaml-limits)\n")


@pytest.mark.parametrize("size", [MAX_BYTES + 1, 4 * GIB], ids=["16-mib-and-1-byte", "4-gib"])
def test_a_file_over_16_mib_is_refused_without_reading_it(tmp_path, size):
    path = tmp_path / "budget.yaml"
    with open(path, "wb") as sparse:
        sparse.truncate(size)  # a sparse file: reading 4 GiB would take long and break the memory limit
    try:
        result = run_check(path)
    finally:
        path.unlink()
    assert result.returncode == 1
    assert result.stdout == ("budget.yaml: error: the file is larger than 16 MiB; a budget file is much smaller "
                             "(yaml-limits)\n")


def test_a_file_of_exactly_16_mib_is_read(tmp_path):
    path = tmp_path / "budget.yaml"
    path.write_bytes(b"# " + b"x" * (MAX_BYTES - 3) + b"\n")
    result = run_check(path)
    assert result.returncode == 1
    assert "(empty-file)" in result.stdout


NESTED = "the values are nested more than 64 levels deep (yaml-limits)"


@pytest.mark.parametrize("text, expected", [
    pytest.param("[" * 100_000, f"budget.yaml:1:65: error: {NESTED}\n", id="100000-brackets"),
    pytest.param("{a: " * 100_000, f"budget.yaml:1:257: error: {NESTED}\n", id="100000-braces"),
    pytest.param("- " * 100_000 + "x\n", f"budget.yaml:1:129: error: {NESTED}\n", id="100000-dashes"),
    pytest.param("".join("  " * depth + "-\n" for depth in range(2000)), f"budget.yaml:65:129: error: {NESTED}\n",
                 id="2000-deep-block-list"),
    pytest.param("".join("  " * depth + f"k{depth}:\n" for depth in range(2000)),
                 f"budget.yaml:65:129: error: {NESTED}\n", id="2000-deep-block-mapping"),
])
def test_deep_nesting_is_refused(tmp_path, text, expected):
    path = tmp_path / "budget.yaml"
    path.write_text(text, "utf-8")
    result = run_check(path)
    assert (result.returncode, result.stdout) == (1, expected)


def test_a_5_mb_scalar_is_handled(tmp_path):
    path = tmp_path / "budget.yaml"
    path.write_text(SMALL.replace("label: Personal", "label: " + "Personal " * 555_556), "utf-8")
    assert path.stat().st_size > 5_000_000
    result = run_check(path)
    assert (result.returncode, result.stdout) == (0, "")


def test_100_000_keys_are_each_reported(tmp_path):
    path = tmp_path / "budget.yaml"
    path.write_text(SMALL + "".join(f"extra{i}: {i}\n" for i in range(100_000)), "utf-8")
    result = run_check(path, timeout=120)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 100_000
    assert lines[0].startswith("budget.yaml:18:1: error: unknown key 'extra0'")
    assert lines[-1].startswith("budget.yaml:100017:1: error: unknown key 'extra99999'")


@pytest.mark.parametrize("old, new, expected", [
    # the price is refused where it is written (10:38), before anything is computed
    pytest.param("    amounts:\n      ar1: 1 000\n      ar2: 2 000\n",
                 "    items:\n      - {label: Konsult, unit_price: 999 999 999 999 999, units: 999 999 999 999 999}\n",
                 "budget.yaml:10:38: error: costs[0].items[0].unit_price: '999 999 999 999 999' is more than any "
                 "project budget (below 1 000 000 000 000 kr); check the number (format)\n"
                 "budget.yaml:10:66: error: costs[0].items[0].units: '999 999 999 999 999' units are more than any "
                 "budget needs (below 1 000 000 000); check the number (format)\n",
                 id="15-digit units times a 15-digit price"),
    # the amount a rate is taken of is refused where it is written (11:12)
    pytest.param("      ar2: 2 000\n", "      ar2: 1234567890123456789012345678901\n"
                 "  - {id: oh, label: OH, kind: indirect, rate: 15 %, of: [personal]}\n",
                 "budget.yaml:11:12: error: costs[0].amounts.ar2: '1234567890123456789012345678901' has 31 digits; "
                 "a number has at most 15, as in a spreadsheet (format)\n",
                 id="a rate of 31 digits"),
])
def test_an_amount_too_large_to_compute_exactly_is_a_located_error(tmp_path, old, new, expected):
    path = tmp_path / "budget.yaml"
    path.write_text(SMALL.replace(old, new), "utf-8")
    result = run_check(path)
    assert (result.returncode, result.stdout) == (1, expected)


# -- tags never construct objects --------------------------------------------------------------


def test_python_and_custom_tags_never_construct_objects(tmp_path):
    markers = [tmp_path / f"ran-{i}" for i in range(4)]
    path = tmp_path / "budget.yaml"
    path.write_text(SMALL.replace("owner: Härnösands kommun", f'owner: !!python/object/apply:os.system ["touch {markers[0]}"]')
                    + f"x1: !!python/object/new:os.system [\"touch {markers[1]}\"]\n"
                    + f"x2: !!python/object/apply:subprocess.call [[touch, {markers[2]}]]\n"
                    + "x3: !!python/name:os.system\nx4: !!python/module:os\nx5: !kronor 5\n"
                    + f"!!python/object/apply:os.system [\"touch {markers[3]}\"]: key\n", "utf-8")
    result = run_check(path)
    assert result.returncode == 1
    assert result.stdout.count("(yaml-tag)") == 6
    assert result.stdout.endswith("budget.yaml:23:1: error: a key must be plain text, not a list or a mapping (yaml-key)\n")
    assert not any(marker.exists() for marker in markers)


# -- pasted numbers ----------------------------------------------------------------------------


def calculated(text: str):
    report = check_text(text.encode("utf-8"), "budget.yaml")
    assert report.calculation is not None, report.problems
    return report


def test_numbers_pasted_from_excel_parse_as_written():
    text = SMALL.replace("ar1: 1 000", "ar1: 6\u00a0428\u00a0829").replace("ar2: 2 000", "ar2: 6\u202f583\u202f121,50")
    report = calculated(text)
    assert report.calculation.costs[0].amounts == {"ar1": Decimal(6_428_829), "ar2": Decimal("6583121.50")}
    assert report.problems == []


def test_a_unicode_minus_is_a_negative_amount():
    report = check_text(SMALL.replace("ar1: 1 000", "ar1: \u22125").encode("utf-8"), "budget.yaml")
    assert [(p.line, p.column, p.check) for p in report.errors] == [(10, 12, "negative-amount")]
    assert "-5" in report.errors[0].message


@pytest.mark.parametrize("written", ["1,5", "1,50", "1.5", "'1,5'"])
def test_a_decimal_comma_is_a_decimal_comma(written):
    report = calculated(SMALL.replace("ar1: 1 000", f"ar1: {written}"))
    assert report.calculation.costs[0].amounts["ar1"] == Decimal("1.5")


def test_a_decimal_comma_inside_braces_is_reported_not_split():
    report = check_text(SMALL.replace("    amounts:\n      ar1: 1 000\n      ar2: 2 000\n",
                                      "    amounts: {ar1: 1,5, ar2: 2}\n").encode("utf-8"), "budget.yaml")
    assert report.calculation is None
    assert [(p.line, p.check) for p in report.errors] == [(9, "decimal-comma")]
    assert "'ar1: 1,5' was read as two entries" in report.errors[0].message


# -- nothing lost, nothing invented ------------------------------------------------------------

SEED = BUDGET.read_text("utf-8")
RESOR = "    amounts: {ar1: 627 702, ar2: 223 331, ar3: 223 331}\n"
# (where, the text in data/budget.yaml, what replaces it; `colour` is the key no budget knows)
PLACES = [
    ("top level", "format: hso-budget/1\n", "format: hso-budget/1\ncolour: red\n"),
    ("project", "  owner: Härnösands kommun\n", "  owner: Härnösands kommun\n  colour: red\n"),
    ("a period", "{id: ar2, label: År 2}", "{id: ar2, colour: red, label: År 2}"),
    ("a cost", "    kind: staff\n", "    kind: staff\n    colour: red\n"),
    ("an item", RESOR, "    items:\n      - label: Tåg\n        colour: red\n" + RESOR.replace("    ", "        ", 1)),
    ("a direct cost", "label: Länsstyrelsen, financier: lst-direkt,", "label: Länsstyrelsen, colour: red, financier: lst-direkt,"),
    ("a financier", "    remainder: true\n", "    remainder: true\n    colour: red\n"),
    ("a financier in braces", "{id: ange, label: Ånge kommun,", "{id: ange, label: Ånge kommun, colour: red,"),
    ("totals", "\n\ncosts:", "\n\ntotals:\n  booked_cost: {ar1: 13 279 868}\n  colour: red\n\ncosts:"),
]


def position(text: str, needle: str) -> tuple[int, int]:
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


@pytest.mark.parametrize("old, new", [pytest.param(old, new, id=where) for where, old, new in PLACES])
def test_an_unknown_key_is_reported_where_it_is_written(old, new):
    assert SEED.count(old) == 1
    text = SEED.replace(old, new)
    problems = [p for p in check_text(text.encode("utf-8"), "budget.yaml").problems if "colour" in p.message]
    assert [(p.line, p.column, p.check) for p in problems] == [(*position(text, "colour: red"), "format")]
    assert re.search(r"unknown key 'colour' \(allowed keys: [a-z_, ]+\)$", problems[0].message)


@pytest.mark.parametrize("old, new", [
    pytest.param("{ar1: 1 960 000, ar2: 930 000, ar3: 680 000}", "{ar1: 1 960 000, ar2: 930 000, ar3: 680 000, ar4: 1}",
                 id="an amounts table"),
    pytest.param("{ar1: 5 921 581, ar2: 5 073 864, ar3: 5 083 058}", "{ar1: 5 921 581, ar2: 5 073 864, ar4: 5 083 058}",
                 id="weights"),
])
def test_an_unknown_period_in_a_table_is_reported_where_it_is_written(old, new):
    text = SEED.replace(old, new)
    problems = [p for p in check_text(text.encode("utf-8"), "budget.yaml").problems if "'ar4'" in p.message]
    assert [(p.line, p.column, p.check) for p in problems] == [(*position(text, "ar4:"), "unknown-reference")]


@pytest.mark.parametrize("old, new, entry, message", [
    pytest.param("Härnösands kommun, sector: public, per_period: 454 407}",
                 "Härnösands kommun, sector: public, per_period: 454 407, of: booked_cost}", "{id: harnosand,",
                 "financiers[2]: 'of' goes with 'share' (or 'fixed_total' with 'spread: base')",
                 id="a financier's of without share"),
    pytest.param(RESOR, "    items:\n      - {label: Tåg, period: ar1, amounts: {ar1: 627 702}}\n", "{label: Tåg,",
                 "costs[5].items[0]: 'period' goes with a single number of units, not a table",
                 id="an item's period beside amounts"),
])
def test_a_key_that_would_change_nothing_is_reported(old, new, entry, message):
    assert SEED.count(old) == 1
    text = SEED.replace(old, new)
    report = check_text(text.encode("utf-8"), "budget.yaml")
    # an error of the format, at the entry (as every rule between the keys of an entry), and nothing else
    assert [(p.line, p.column, p.level.value, p.check, p.message) for p in report.problems] == [
        (*position(text, entry), "error", "format", message)]
    assert report.calculation is None


@pytest.mark.parametrize("old, new, duplicate", [
    pytest.param("    remainder: true\n", "    remainder: true\n    sector: private\n", "sector: private",
                 id="a financier"),
    pytest.param("{id: ar3, label: År 3}", "{id: ar3, label: År 3, id: ar4}", "id: ar4", id="a period in braces"),
    pytest.param("ar3: 680 000}", "ar3: 680 000, ar2: 1}", "ar2: 1}", id="an amounts table"),
])
def test_a_duplicate_key_is_reported_at_the_duplicate(old, new, duplicate):
    text = SEED.replace(old, new)
    report = check_text(text.encode("utf-8"), "budget.yaml")
    assert [(p.line, p.column, p.check) for p in report.errors] == [(*position(text, duplicate), "duplicate-key")]
    assert report.calculation is None


@pytest.mark.parametrize("args, usage, error", [
    # a usage error, as typer reports it: the usage, then the error
    pytest.param(["export", "--xlsx", "budget.yaml", "budget.yaml"], True,
                 "Error: Invalid value: the workbook ends in .xlsx and the budget in .yaml or .yml\n",
                 id="the budget as its own output"),
    pytest.param(["export", "budget.xlsx", "budget.yaml"], False,
                 "hso-budget: refusing to write the workbook over its own input budget.yaml\n",
                 id="a workbook path that links to the budget"),
])
def test_export_never_writes_over_its_input(tmp_path, monkeypatch, args, usage, error):
    (tmp_path / "budget.yaml").write_bytes(BUDGET.read_bytes())
    (tmp_path / "budget.xlsx").symlink_to("budget.yaml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert (tmp_path / "budget.yaml").read_bytes() == BUDGET.read_bytes()
    assert "internal error" not in result.stderr
    if usage:
        assert re.match(r"Usage: \S+ export \[OPTIONS\] ", result.stderr)
        assert result.stderr.endswith("\n\n" + error)
    else:
        assert result.stderr == error
    assert result.stdout == ""
