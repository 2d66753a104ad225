"""`hso-budget diff`: changes per row and period, changed commitments, git revisions, formats."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hso_budget.cli import app
from hso_budget.runner import check_path
from hso_budget.template import template_text

ROOT = Path(__file__).resolve().parents[1]
BUDGET = ROOT / "data" / "budget.yaml"
SEED = ROOT / "tests" / "fixtures" / "seed_as_submitted.yaml"
SUNDSVALL = "{id: sundsvall, label: Sundsvall kommun, sector: public, per_period: 661 270}"
HARNOSAND = "{id: harnosand, label: Härnösands kommun, sector: public, per_period: 454 407}"


def edited(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the budget no longer contains {old!r}"
    return text.replace(old, new)


def sundsvall_plus_10000(text: str) -> str:
    return edited(text, SUNDSVALL, SUNDSVALL.replace("661 270", "671 270"))


def diff(*args: str):
    return CliRunner().invoke(app, ["diff", *args])


@pytest.fixture
def pair(tmp_path):
    """data/budget.yaml and a copy where Sundsvall gives 671 270 a year instead of 661 270."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    shutil.copy(BUDGET, old)
    new.write_text(sundsvall_plus_10000(BUDGET.read_text("utf-8")), "utf-8")
    return str(old), str(new)


def test_a_municipal_change_shows_that_municipality_and_the_remainder(pair):
    result = diff(*pair, "--format", "json")
    assert result.exit_code == 0, result.stderr
    d = json.loads(result.stdout)
    assert d["changed"] is True
    assert d["commitments_changed"] == ["region", "sundsvall"]
    by_id = {row["id"]: row for row in d["financiers"]}
    assert by_id["sundsvall"]["amounts"] == {
        **{p: {"old": "661270", "new": "671270", "difference": "10000"} for p in ("ar1", "ar2", "ar3")},
        "total": {"old": "1983810", "new": "2013810", "difference": "30000"},
    }
    region = by_id["region"]["amounts"]
    for period in ("ar1", "ar2", "ar3"):
        assert int(region[period]["old"]) - int(region[period]["new"]) == 10000
    assert region["total"]["difference"] == "-30000"
    # the costs and every subtotal stay: only who pays what changed
    assert d["costs"] == [] and d["direct_costs"] == [] and d["totals"] == []
    shares = {s["id"]: s for s in d["shares"]}
    assert shares["sundsvall"]["old_total"] == "1983810" and shares["sundsvall"]["new_total"] == "2013810"
    assert shares["tillvaxtverket"]["difference"] == "0"


def test_text_names_the_changed_commitments_and_nothing_else(pair):
    result = diff(*pair)
    assert result.exit_code == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith("Commitments changed:"))
    assert line == (
        "Commitments changed: "
        "Söks från REGION VÄSTERNORRLAND (-30 000 kr over the project; År 1 -10 000, År 2 -10 000, År 3 -10 000), "
        "Sundsvall kommun (+30 000 kr over the project; År 1 +10 000, År 2 +10 000, År 3 +10 000)"
    )
    assert "Costs" not in result.stdout.splitlines()
    assert "Totals" not in result.stdout.splitlines()


def test_markdown_has_a_table_row_for_sundsvall(pair):
    result = diff(*pair, "--format", "markdown")
    assert result.exit_code == 0
    rows = result.stdout.splitlines()
    assert "| Sundsvall kommun | År 2 | 661 270 | 671 270 | +10 000 |" in rows
    assert "| Sundsvall kommun | TOTAL | 1 983 810 | 2 013 810 | +30 000 |" in rows
    region = "| Söks från REGION VÄSTERNORRLAND | År 1 |"
    assert any(r.startswith(region) and r.endswith("| -10 000 |") for r in rows)
    assert "|---|---|---:|---:|---:|" in rows


@pytest.mark.parametrize(("fmt", "expected"), [("text", "no changes"), ("markdown", "No changes.")])
def test_identical_files_have_no_changes(tmp_path, fmt, expected):
    copy = tmp_path / "copy.yaml"
    shutil.copy(BUDGET, copy)
    result = diff(str(BUDGET), str(copy), "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == expected
    assert "Commitments changed" not in result.stdout


def test_identical_files_in_json(tmp_path):
    copy = tmp_path / "copy.yaml"
    shutil.copy(BUDGET, copy)
    d = json.loads(diff(str(BUDGET), str(copy), "-f", "json").stdout)
    assert d["changed"] is False
    assert d["commitments_changed"] == [] and d["financiers"] == []


def test_added_and_removed_rows_and_periods(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    text = template_text()
    old.write_text(text, "utf-8")
    text = edited(text, "  - {id: ar2, label: År 2}\n", "  - {id: ar2, label: År 2}\n  - {id: ar3, label: År 3}\n")
    text = edited(text, "{ar1: 300 000, ar2: 200 000}", "{ar1: 300 000, ar2: 200 000, ar3: 100 000}")
    text = edited(text, "  - id: kommunen\n", "  - id: grannkommunen\n")
    new.write_text(text, "utf-8")
    result = diff(str(old), str(new), "-f", "json")
    assert result.exit_code == 0, result.stderr
    d = json.loads(result.stdout)
    assert d["periods_added"] == ["ar3"] and d["periods_removed"] == []
    status = {row["id"]: row["status"] for row in d["financiers"]}
    assert status["grannkommunen"] == "added" and status["kommunen"] == "removed"
    added = next(row for row in d["financiers"] if row["id"] == "grannkommunen")
    assert added["amounts"]["ar3"] == {"old": None, "new": "400000", "difference": "400000"}
    costs = {row["id"]: row["amounts"] for row in d["costs"]}
    assert costs["externa-tjanster"] == {
        "ar3": {"old": None, "new": "100000", "difference": "100000"},
        "total": {"old": "500000", "new": "600000", "difference": "100000"},
    }
    text_out = diff(str(old), str(new)).stdout
    assert "Periods added: År 3" in text_out
    assert "Exempel kommun (removed: was 800 000 kr over the project)" in text_out
    assert "Exempel kommun (new: 1 200 000 kr over the project)" in text_out


def test_a_version_with_check_errors_is_still_diffed(tmp_path):
    result = diff(str(SEED), str(BUDGET))
    assert result.exit_code == 0
    errors = len(check_path(SEED).errors)
    assert errors > 0
    assert f"{SEED} has {errors} errors" in result.stdout
    # the spreadsheet's Region cash was 1 kr too much in År 1 and År 2 (domain.md)
    assert "Söks från REGION VÄSTERNORRLAND (-2 kr over the project; År 1 -1, År 2 -1)" in result.stdout


def test_a_version_that_cannot_be_computed_exits_2(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: hso-budget/1\nproject: [unclosed\n", "utf-8")
    result = diff(str(BUDGET), str(broken))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "(yaml-syntax)" in result.stderr
    assert f"{broken} cannot be computed" in result.stderr


def test_a_missing_file_exits_2(tmp_path):
    result = diff(str(BUDGET), str(tmp_path / "nowhere.yaml"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr


# --- git ------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with two commits of data/budget.yaml: as is, then Sundsvall +10 000 a year."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "config", "user.email", "test@example.com")
    budget = tmp_path / "data" / "budget.yaml"
    budget.parent.mkdir()
    shutil.copy(BUDGET, budget)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "budget")
    budget.write_text(sundsvall_plus_10000(budget.read_text("utf-8")), "utf-8")
    git(tmp_path, "commit", "-q", "-am", "Sundsvall +10 000")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def commitments(result) -> list[str]:
    return json.loads(result.stdout)["commitments_changed"]


def test_a_range_compares_the_file_at_two_commits(repo):
    result = diff("HEAD~1..HEAD", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert commitments(result) == ["region", "sundsvall"]
    d = json.loads(result.stdout)
    assert (d["old"]["file"], d["new"]["file"]) == ("HEAD~1:data/budget.yaml", "HEAD:data/budget.yaml")


def test_a_revision_compares_with_the_working_file(repo):
    assert diff("HEAD").stdout.splitlines()[-1] == "no changes"
    budget = repo / "data" / "budget.yaml"
    budget.write_text(edited(budget.read_text("utf-8"), HARNOSAND, HARNOSAND.replace("454 407", "464 407")), "utf-8")
    result = diff("HEAD", "-f", "json")
    assert result.exit_code == 0
    assert commitments(result) == ["region", "harnosand"]
    assert commitments(diff("HEAD~1", "data/budget.yaml", "-f", "json")) == ["region", "harnosand", "sundsvall"]


def test_a_revision_and_path(repo, tmp_path):
    other = repo / "elsewhere.yaml"
    shutil.copy(BUDGET, other)
    result = diff("HEAD~1:data/budget.yaml", str(other), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["changed"] is False
    assert commitments(diff("HEAD~1:data/budget.yaml", "-f", "json")) == ["region", "sundsvall"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-branch"], "no file or git revision is named 'no-such-branch'"),
        (["HEAD~7..HEAD"], "no file or git revision is named 'HEAD~7'"),
        (["HEAD", "examples/new.yaml"], "examples/new.yaml does not exist at revision 'HEAD'"),
        (["HEAD:data"], "data is not a file at revision 'HEAD'"),
    ],
)
def test_git_errors_are_one_line_and_exit_2(repo, args, message):
    (repo / "examples").mkdir()
    shutil.copy(BUDGET, repo / "examples" / "new.yaml")
    result = diff(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"hso-budget: diff: {message}")
    assert result.stderr.count("\n") == 1


def test_outside_a_repository(tmp_path, monkeypatch):
    shutil.copy(BUDGET, tmp_path / "budget.yaml")
    monkeypatch.chdir(tmp_path)
    result = diff("HEAD", "budget.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("hso-budget: diff: budget.yaml is not in a git repository (git: fatal: ")
    assert result.stderr.count("\n") == 1


def test_without_git(repo, monkeypatch):
    monkeypatch.setenv("PATH", str(repo / "no-bin"))
    result = diff("HEAD")
    assert result.exit_code == 2
    assert result.stderr.startswith("hso-budget: diff: git is not installed")


# --- commitments that change without an amount changing, and amounts that are not commitments --


TERMS = """\
format: hso-budget/1
project: {name: Test, owner: Härnösands kommun}
periods:
  - {id: ar1, label: År 1}
costs:
  - {id: resor, label: Resor, amounts: {ar1: 1 000}}
direct_costs:
  - {id: lokal, label: Lokal, financier: bolag, per_period: 100}
financiers:
  - {id: region, label: Region, sector: public, remainder: true}
  - {id: bolag, label: Bolaget, sector: public, kind: in-kind, carried: true}
  - {id: stift, label: Stiftelsen, sector: public, per_period: 200}
"""


def test_a_missing_old_path_with_dots_is_a_missing_file_not_a_revision_range(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = diff("../gammal/budget.yaml", str(BUDGET))
    assert result.exit_code == 2
    assert result.stderr == "hso-budget: diff: ../gammal/budget.yaml: no such file\n"


def test_public_to_private_is_a_changed_commitment(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(TERMS, "utf-8")
    new.write_text(edited(TERMS, "label: Stiftelsen, sector: public", "label: Stiftelsen, sector: private"), "utf-8")
    result = diff(str(old), str(new))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2] == "Commitments changed: Stiftelsen (public → private)"
    assert ["Stiftelsen", "terms", "public", "private"] in [line.split() for line in lines]
    assert json.loads(diff(str(old), str(new), "-f", "json").stdout)["commitments_changed"] == ["stift"]


def test_cash_to_in_kind_is_a_changed_commitment(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(TERMS, "utf-8")
    # Stiftelsen's 200 becomes work it does itself: an in-kind direct cost of 200 it carries
    moved = edited(TERMS, "{id: stift, label: Stiftelsen, sector: public, per_period: 200}",
                   "{id: stift, label: Stiftelsen, sector: public, kind: in-kind, carried: true}")
    moved = edited(moved, "direct_costs:\n", "direct_costs:\n  - {id: arbete, label: Arbete, financier: stift, per_period: 200}\n")
    new.write_text(moved, "utf-8")
    result = diff(str(old), str(new), "-f", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert "stift" in document["commitments_changed"]
    [stift] = [c for c in document["financiers"] if c["id"] == "stift"]
    assert stift["terms"] == [{"old": "cash", "new": "in-kind"}]


def test_removing_a_financier_at_0_kr_is_not_a_changed_commitment(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    with_zero = TERMS + "  - {id: noll, label: Nollkommun, sector: public, per_period: 0}\n"
    old.write_text(with_zero, "utf-8")
    new.write_text(TERMS, "utf-8")
    result = diff(str(old), str(new))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[2] == "Commitments changed: none"
    assert ["Nollkommun", "(removed)", "TOTAL", "0", "—", "0"] in [line.split() for line in result.stdout.splitlines()]
