"""Swedish all through: problems, --help and the workbook's Kontroller sheet, at the same places as in English.

An English sentence is found by its small words (`the`, `and`, `is`, ...), which Swedish does not
use. Quoted text is left out: it is what the budget file says (names, keys, values).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from hso_budget import i18n
from hso_budget.runner import check_path
from support.locale_run import run as run_in_locale

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed_as_submitted.yaml"
BUDGET = ROOT / "data" / "budget.yaml"
FIXTURES = sorted([*(ROOT / "tests" / "fixtures" / "invalid").glob("*.yaml"),
                   *(ROOT / "tests" / "fixtures" / "checks").glob("*/*.yaml")])
ENGLISH = frozenset(
    "the and of to is are was with for this that from its it be by at on an has have not than but which when "
    "every each must should cannot would only usage options arguments commands default required message exit "
    "written rows financing booked above below more less".split()
)
QUOTED = re.compile(r"'[^']*'|`[^`]*`|\"[^\"]*\"")
LINE = re.compile(r"^(\S+?:\d+:\d+): (\w+): (.*) \(([\w-]+)\)$")


def english_words(text: str) -> list[str]:
    """The English small words in `text`, outside quotes and paths such as `costs[0].cash_financing`."""
    words = re.findall(r"(?<![\w.\[\]-])[^\W\d_]+(?![\w.\[\]-])", QUOTED.sub(" ", text))
    return sorted({word for word in words if word.lower() in ENGLISH})


def run(*args: str, lang: str) -> subprocess.CompletedProcess:
    return run_in_locale(*args, lang=lang, COLUMNS="100")


def test_english_words_are_found_and_quoted_text_is_not():
    assert english_words("OH TOTAL is written as 4 285 108, but its rows add up to 4 285 107") == [
        "but", "is", "its", "rows", "to", "written"]
    assert english_words("OH TOTAL är skriven som 4 285 108, men dess rader summeras till 4 285 107") == []
    assert english_words("'rate' hör ihop med 'of' och `of_kinds`; costs[0].cash_financing") == []


def test_check_prints_the_seed_problems_in_swedish_and_english_at_the_same_places():
    swedish = run("check", "--format", "parsable", str(SEED.relative_to(ROOT)), lang="sv_SE.UTF-8")
    english = run("check", "--format", "parsable", "--lang", "en", str(SEED.relative_to(ROOT)), lang="sv_SE.UTF-8")
    assert swedish.returncode == english.returncode == 1
    sv = [LINE.match(line).groups() for line in swedish.stdout.splitlines()]
    en = [LINE.match(line).groups() for line in english.stdout.splitlines()]
    assert len(sv) == 14  # 13 errors and a warning, as the seed's spreadsheet has them
    assert [(place, level, check) for place, level, _m, check in sv] == [
        (place, level, check) for place, level, _m, check in en]
    for (*_s, message_sv, check), (*_e, message_en, _c) in zip(sv, en):
        assert message_sv != message_en, check
        assert english_words(message_sv) == [], message_sv
        assert english_words(message_en), message_en  # the scan would see an untranslated message
    assert ("tests/fixtures/seed_as_submitted.yaml:24:70", "error",
            "OH TOTAL är skriven som 4 285 108, men dess rader summeras till 4 285 107 (den skrivna summan är 1 kr mer)",
            "written-total") in sv


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: str(path.relative_to(ROOT / "tests" / "fixtures")))
def test_every_problem_of_the_fixtures_is_said_in_swedish_at_the_same_place(fixture):
    with i18n.using("sv"):
        swedish = check_path(fixture).problems
    with i18n.using("en"):
        english = check_path(fixture).problems
    assert [(p.line, p.column, p.level, p.check, p.at, p.period, p.value) for p in swedish] == [
        (p.line, p.column, p.level, p.check, p.at, p.period, p.value) for p in english]
    for sv, en in zip(swedish, english):
        assert sv.message != en.message, sv.message
        assert english_words(sv.message) == [], sv.message


def kontroller_texts(xlsx: Path) -> list[str]:
    """Every text on the Kontroller sheet: the cells' texts and the texts a formula shows."""
    from openpyxl import load_workbook

    texts = []
    for row in load_workbook(xlsx)["Kontroller"].iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                texts += re.findall(r'"([^"]*)"', cell.value)
            elif isinstance(cell.value, str):
                texts.append(cell.value)
    return texts


@pytest.mark.parametrize("budget", [SEED, BUDGET], ids=["seed", "data-budget"])
def test_the_swedish_kontroller_sheet_has_no_english_sentence(tmp_path, budget):
    """Exported under an English locale: the problems are made in the workbook's language, not the terminal's."""
    swedish, english = tmp_path / "sv.xlsx", tmp_path / "en.xlsx"
    for out, extra in ((swedish, []), (english, ["--lang", "en"])):
        done = run("export", "--allow-errors", *extra, str(out), str(budget), lang="C.UTF-8")
        assert done.returncode == 0, done.stderr
        assert done.stderr.startswith("wrote ")  # the terminal's language: English
    texts = kontroller_texts(swedish)
    assert {text: english_words(text) for text in texts if english_words(text)} == {}
    assert sum(bool(english_words(text)) for text in kontroller_texts(english)) > 20  # the scan sees English
    if budget == SEED:
        assert "Tillväxtverket 16 078 503 är 0,20 kr över sitt tak: 40 % (programmets fond eruf) av projektkostnaden " \
               "40 196 257 är 16 078 502,80" in texts


@pytest.mark.parametrize(("lang", "said"), [("C.UTF-8", ": error: OH TOTAL is written as 4 285 108"),
                                            ("sv_SE.UTF-8", ": fel: OH TOTAL är skriven som 4 285 108")])
def test_export_refusing_a_budget_with_errors_says_why_in_the_terminals_language(tmp_path, lang, said):
    done = run("export", str(tmp_path / "seed.xlsx"), str(SEED), lang=lang)
    assert done.returncode == 1
    assert said in done.stderr
    assert not (tmp_path / "seed.xlsx").exists()


def commands() -> list[str]:
    listed = run("--help", lang="C.UTF-8").stdout.split("Commands:")[1]
    return re.findall(r"^  ([\w-]+)  ", listed, re.M)


def help_words(text: str) -> list[str]:
    """English words in a --help text, but for option names, their values and the command path."""
    text = re.sub(r"--?[\w-]+|<[^>]*>|\[[\w|.]+\]|hso-budget(?: [\w-]+)?|\b[\w./]+\.(?:yaml|xlsx)\b", " ", text)
    return english_words(text)


def test_help_words_finds_typers_english():
    english = run("--lang", "en", "check", "--help", lang="sv_SE.UTF-8").stdout
    assert {"Usage", "Options", "Arguments", "default", "the"} <= set(help_words(english))


OTHER_PACKAGES: set[str] = set()  # commands whose help another package translates (none left: actuals is done)


@pytest.mark.parametrize("command", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason="help not translated yet"))
    if name in OTHER_PACKAGES else name for name in ["", *commands()]
], ids=lambda name: name or "hso-budget")
def test_every_help_is_swedish_under_a_swedish_locale(command):
    done = run(*filter(None, [command, "--help"]), lang="sv_SE.UTF-8")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    if not command:  # the list of commands: the other packages' lines are theirs
        text = "\n".join(line for line in text.splitlines() if line.split()[:1] not in ([n] for n in OTHER_PACKAGES))
    assert text.startswith("Användning: hso-budget")
    assert help_words(text) == [], text


def test_pydantic_texts_never_reach_the_user_in_english():
    """Every kind of validation error is said in our words: a known kind, and one without words of its own."""
    from pydantic import BaseModel, ConfigDict

    from hso_budget.source import parse
    from hso_budget.validation import validate, validate_as

    class Odd(BaseModel):
        model_config = ConfigDict(extra="forbid")
        hours: int = 0
        ratio: float = 0.0  # no such field in the format: its error kind has no words of our own

    doc, _problems = parse(b"hours: -1x\nratio: many\n", "odd.yaml")
    said = {}
    for language in ("sv", "en"):
        with i18n.using(language):
            said[language] = [p.message for p in validate_as(doc, Odd)[1]]
    assert said["en"] == ["hours: expected a whole number, got '-1x'",
                          "ratio: this value is not allowed here (float_parsing), got 'many'"]
    assert said["sv"] == ["hours: väntade ett heltal, fick '-1x'",
                          "ratio: värdet är inte tillåtet här (float_parsing), fick 'many'"]
    budget = (ROOT / "tests" / "fixtures" / "checks" / "dates" / "pass.yaml").read_text("utf-8")
    preset = "programme: eruf-mellersta-norrland-2021-2027\n"
    assert preset in budget
    zero = budget.replace(preset, "programme:\n  preset: eruf-mellersta-norrland-2021-2027\n  hours_per_year: 0\n")
    doc, _problems = parse(zero.encode(), "zero.yaml")
    with i18n.using("sv"):
        assert [p.message for p in validate(doc)[1]] == ["programme.hours_per_year: ska vara större än 0, fick '0'"]
