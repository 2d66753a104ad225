"""The pre-commit hook and the GitHub Actions workflow: their patterns and the commands they run."""

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from hso_budget.cli import app

ROOT = Path(__file__).resolve().parents[1]
BUDGET = ROOT / "data" / "budget.yaml"
SEED = ROOT / "tests" / "fixtures" / "seed_as_submitted.yaml"
WORKFLOW = ROOT / ".github" / "workflows" / "budget.yml"


def hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    return next(h for h in hooks if h["id"] == "hso-budget-check")


def run(args: list[str], **env: str | None):
    return CliRunner().invoke(app, args, env={"GITHUB_ACTIONS": None, **env})


@pytest.mark.parametrize(
    "path",
    ["data/budget.yaml", "data/budget.yml", "data/2026/hso.yaml", "examples/staff-positions.yaml",
     "examples/other-costs-flat-rate.yml"],
)
def test_the_hook_checks_budget_files(path):
    assert re.search(hook()["files"], path)  # pre-commit matches with re.search


@pytest.mark.parametrize(
    "path",
    [".github/workflows/budget.yml", ".pre-commit-hooks.yaml", ".pre-commit-config.yaml",
     "src/hso_budget/programmes/x.yaml", "src/hso_budget/templates/budget.yaml",
     "tests/fixtures/seed_as_submitted.yaml", "schema/budget.schema.json", "data/README.md",
     "examples/budget.yaml.bak", "docs/data/budget.yaml"],
)
def test_the_hook_leaves_other_files_alone(path):
    assert not re.search(hook()["files"], path)


def test_the_hook_runs_check_on_the_files_it_is_given(monkeypatch):
    h = hook()
    assert h["language"] == "python"
    assert h["require_serial"] is True  # pre-commit would start one check per CPU, each paying the start-up
    program, *args = shlex.split(h["entry"])
    assert program == "hso-budget"
    monkeypatch.chdir(ROOT)
    good = run([*args, "data/budget.yaml"])
    assert good.exit_code == 0 and "SUMMA PROJEKTKOSTNAD" not in good.stdout  # problems only
    bad = run([*args, "data/budget.yaml", "tests/fixtures/seed_as_submitted.yaml"])
    assert bad.exit_code == 1
    assert "tests/fixtures/seed_as_submitted.yaml:" in bad.stdout


# --- the workflow -------------------------------------------------------------------------


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def steps() -> list[dict]:
    (job,) = workflow()["jobs"].values()
    return job["steps"]


def commands() -> list[list[str]]:
    """The hso-budget command lines the workflow runs, with `$BASE_REF` as on a pull request into main."""
    found = []
    for step in steps():
        for line in step.get("run", "").splitlines():
            words = shlex.split(line.replace("$BASE_REF", "main"))
            if words and words[0] == "hso-budget":
                found.append(words[1:words.index(">")] if ">" in words else words[1:])
    return found


def test_the_workflow_runs_on_push_and_pull_request_with_python_3_11():
    document = workflow()
    triggers = document.get("on", document.get(True))  # PyYAML reads the key `on` as true
    assert set(triggers) == {"push", "pull_request"}
    uses = {step["uses"].split("@")[0]: step.get("with", {}) for step in steps() if "uses" in step}
    assert set(uses) == {"actions/checkout", "actions/setup-python"}
    assert uses["actions/checkout"]["fetch-depth"] == 0
    assert uses["actions/setup-python"]["python-version"] == "3.11"
    assert any(step.get("run") == "pip install -c requirements.lock ." for step in steps())


def test_the_workflow_checks_and_diffs():
    assert commands() == [
        ["check", "--format", "github", "data", "examples"],
        ["diff", "origin/main", "data/budget.yaml", "--format", "markdown"],
    ]


def test_the_workflow_commands_work(tmp_path, monkeypatch):
    """Run the workflow's commands in a repository laid out like this one, with a base branch."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for folder in ("data", "examples"):
        (tmp_path / folder).mkdir()
    shutil.copy(BUDGET, tmp_path / "data" / "budget.yaml")
    shutil.copy(BUDGET, tmp_path / "examples" / "copy.yaml")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m", "x")
    git("add", ".")
    git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "budget")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    monkeypatch.chdir(tmp_path)
    check, diff = commands()

    checked = run(check, GITHUB_WORKSPACE=str(tmp_path))
    assert checked.exit_code == 0, checked.output
    lines = checked.stdout.splitlines()
    # The one warning is accepted in the file: a notice, not a warning on every pull request.
    assert {line.split(",")[0] for line in lines} == {"::notice file=data/budget.yaml",
                                                     "::notice file=examples/copy.yaml"}

    budget = tmp_path / "data" / "budget.yaml"
    budget.write_text(budget.read_text("utf-8").replace("per_period: 661 270", "per_period: 671 270"), "utf-8")
    diffed = run(diff)
    assert diffed.exit_code == 0, diffed.stderr
    assert "| Sundsvall kommun | År 1 | 661 270 | 671 270 | +10 000 |" in diffed.stdout.splitlines()


def test_the_workflow_updates_its_own_comment_found_by_a_marker():
    """`gh pr comment --edit-last` could edit another workflow's comment by the same bot."""
    (post,) = [step["run"] for step in steps() if step.get("name") == "Post the diff on the pull request"]
    assert "--edit-last" not in post
    marker = "<!-- hso-budget-diff -->"
    assert f"marker='{marker}'" in post and 'startswith(\\"$marker\\")' in post
    assert '{ echo "$marker"; cat budget-diff.md; } > budget-comment.md' in post  # the comment starts with it
