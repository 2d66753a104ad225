"""The command line: parses arguments, calls the library, picks a reporter and an exit code.

Exit codes: 0 clean, 1 problems found (warnings too under --strict), 2 usage errors,
unreadable input or an internal error.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer
import typer.core

from . import __version__, check_command, i18n, output
from .check_command import DEFAULT_BUDGET
from .console import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, PROG, internal_error
from .i18n import N_, _

i18n.use(i18n.language_from(sys.argv[1:], os.environ))  # before the help texts below are read


# typer's own words in --help come from gettext: our catalog has them, so they follow the language too
typer.core._ = _
TYPER_TEXTS = (N_("Arguments"), N_("Options"), N_("Commands"), N_("default: {default}"), N_("required"))
USAGE_WORDS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))


class _Help:
    """--help in the chosen language: the usage line and the help option, which typer writes in English."""

    collect_usage_pieces: Callable[..., list[str]]  # typer's, found after this class

    def format_usage(self, ctx, formatter) -> None:
        pieces = [_(piece) if piece in USAGE_WORDS else piece for piece in self.collect_usage_pieces(ctx)]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class _Group(_Help, typer.core.TyperGroup):
    pass


class _Command(_Help, typer.core.TyperCommand):
    """A command whose --help names its arguments as users write them: BUDGET, not `budget <list[str]>`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, typer.core.TyperArgument):
                param.metavar = param.metavar or param.name.upper()
                param.display_type_rich = _no_type  # type: ignore[method-assign]


def _no_type(ctx) -> None:
    """An argument's help shows no Python type; its name and help say what it takes."""
    return None


class _App(typer.Typer):
    """A typer app whose commands write their --help in the chosen language."""

    def command(self, *args, cls=_Command, **kwargs):
        return super().command(*args, cls=cls, **kwargs)


app = _App(
    cls=_Group,
    help=_("Budget and co-financing calculator for publicly co-financed regional development projects."),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
_debug = {"on": False}


# the choices of options: Literal types, as typer lists them; cheaper to make at each start than Enum classes
CheckFormat = Literal["text", "parsable", "github", "json", "auto"]
ShowFormat = Literal["text", "json"]
Language = Literal["sv", "en"]


LangOption = Annotated[
    Optional[Language],
    typer.Option("--lang", help=_("Language of the output: sv or en (default: from the locale, else en).")),
]


def _use_language(lang: Optional[Language]) -> None:
    i18n.use(lang or i18n.language_from([], os.environ))


DiffFormat = Literal["text", "markdown", "json"]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hso-budget {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help=_("Show the version and exit."))
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=_("Show the traceback of an internal error."))] = False,
    lang: LangOption = None,
) -> None:
    _use_language(lang)
    _debug["on"] = debug


def guarded(command):
    """Turn an unexpected exception into one line on stderr and exit code 2 (traceback with --debug)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException, SystemExit):
            raise  # exits, and usage errors that typer reports with exit code 2
        except Exception as exc:  # noqa: BLE001 - the last line of defence, reported as such
            internal_error(exc, _debug["on"])
            raise typer.Exit(EXIT_USAGE) from None

    return run


def _tell(problems) -> None:
    """Problems on stderr for the person who ran the command: as `check` prints them, the level in the chosen
    language."""
    from . import render

    sys.stderr.write(render.problem_lines(problems))


@app.command(help=_("Check budgets: costs against financing, written totals, the programme's rules."))
@guarded
def check(
    budgets: Annotated[
        Optional[list[str]],
        typer.Argument(
            help=_("Budget files, directories or globs (default: data/budget.yaml)."), show_default=False, metavar="BUDGET"
        ),
    ] = None,
    output_format: Annotated[CheckFormat, typer.Option("--format", "-f", help=_("How to report problems."))] = "auto",
    strict: Annotated[bool, typer.Option("--strict", help=_("Warnings fail too (exit 1)."))] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=_("Text format: problems only, no budget table."))] = False,
    lang: LangOption = None,
) -> None:
    raise typer.Exit(check_command.run(budgets, output_format, strict, quiet, lang, _debug["on"]))


@app.command(help=_('Print the computed budget (only), as a table or as JSON.'))
@guarded
def show(
    budget: Annotated[Path, typer.Argument(help=_("The budget file."))] = DEFAULT_BUDGET,
    output_format: Annotated[ShowFormat, typer.Option("--format", "-f", help=_("text or json."))] = "text",
    explain: Annotated[bool, typer.Option("--explain", help=_("Show how every derived number was computed."))] = False,
    lang: LangOption = None,
) -> None:
    if lang:
        _use_language(lang)
    from . import render
    from .runner import check_path

    report = check_path(budget, explain=explain)
    if report.calculation is None:
        output.console(sys.stderr).print(render.problems_text(report.problems), end="", soft_wrap=True)
        if report.document is not None:
            typer.echo(_("hso-budget: {file}: cannot compute the budget until these problems are fixed").format(file=budget),
                       err=True)
        raise typer.Exit(check_command.exit_code(report.problems, False) or EXIT_PROBLEMS)
    with output.stdout_may_close():
        if output_format == "json":
            from .show_json import dumps

            sys.stdout.write(dumps(report.budget, report.calculation, report.errors))
        else:
            console = output.console()
            output.print_budget(console, report)
            if explain:
                console.print()
                console.print(render.explanations(report.calculation), end="", soft_wrap=True)
    if report.errors and output_format == "text":
        output.console(sys.stderr).print(render.problems_text(report.errors), end="", soft_wrap=True)
    raise typer.Exit(check_command.exit_code(report.errors, False))


@app.command(help=_("Export the application's budget tables as an Excel workbook with live formulas."))
@guarded
def export(
    paths: Annotated[
        Optional[list[Path]],
        typer.Argument(help=_("[OUT.xlsx] [BUDGET.yaml]: the workbook to write and the budget (default: data/budget.yaml)."),
                       show_default=False, metavar="[OUT.xlsx] [BUDGET.yaml]"),
    ] = None,
    xlsx: Annotated[bool, typer.Option("--xlsx", help=_("Write an Excel workbook (the only format so far)."))] = True,
    allow_errors: Annotated[
        bool, typer.Option("--allow-errors", help=_("Export a budget with errors, marked in red at the top."))
    ] = False,
    lang: LangOption = None,
) -> None:
    if lang:
        _use_language(lang)
    from . import render
    from .runner import check_path

    out, budget = _export_paths(paths or [])
    language = lang or "sv"  # the workbook is Swedish unless asked
    with i18n.using(language):  # its Kontroller sheet lists the problems in its language
        report = check_path(budget)
    if report.calculation is None or (report.errors and not allow_errors):
        if language != i18n.language():
            report = check_path(budget)  # told on the terminal, in the terminal's language
        output.console(sys.stderr).print(render.problems_text(report.problems), end="", soft_wrap=True)
        if report.calculation is None:
            reason = _("cannot compute the budget; nothing written (fix these problems first)")
        else:
            reason = _("the budget has errors; nothing written (--allow-errors exports it anyway)")
        typer.echo(_("hso-budget: {file}: {reason}").format(file=budget, reason=reason), err=True)
        raise typer.Exit(check_command.exit_code(report.problems, False) or EXIT_PROBLEMS)
    if out.resolve() == Path(budget).resolve():
        typer.echo(_("hso-budget: refusing to write the workbook over its own input {file}").format(file=budget), err=True)
        raise typer.Exit(EXIT_USAGE)
    from .followup.export import follow_up_sheets
    from .xlsx import write_workbook

    try:
        with i18n.using(language):
            extra = follow_up_sheets(Path(budget))
        write_workbook(report, out, language, extra)
    except OSError as exc:
        typer.echo(_("hso-budget: cannot write {file}: {reason}").format(file=out, reason=exc.strerror or exc), err=True)
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(_("wrote {file}").format(file=out), err=True)
    raise typer.Exit(EXIT_CLEAN)


def _export_paths(paths: list[Path]) -> tuple[Path, Path]:
    """Which argument is the workbook and which the budget: by their endings."""
    if len(paths) > 2:
        raise typer.BadParameter(_("give at most OUT.xlsx and BUDGET.yaml"))
    out = next((p for p in paths if p.suffix.lower() == ".xlsx"), None)
    others = [p for p in paths if p is not out]
    if len(others) > 1 or (others and others[0].suffix.lower() not in (".yaml", ".yml")):
        raise typer.BadParameter(_("the workbook ends in .xlsx and the budget in .yaml or .yml"))
    budget = others[0] if others else DEFAULT_BUDGET
    return out or Path(f"{budget.stem}.xlsx"), budget


@app.command(help=_(
    "Show what an edit changes per category, financier and period, and whose commitments changed.\n\n"
    "Exit 0 when both versions compute, changed or not (like `git diff`); 2 when one cannot be "
    "read (a missing file, no git, an unknown revision) or computed."))
@guarded
def diff(
    old: Annotated[str, typer.Argument(help=_("The old budget: a file, a git revision, or A..B."))],
    new: Annotated[Optional[str], typer.Argument(help=_("The new budget file (default: data/budget.yaml)."))] = None,
    output_format: Annotated[DiffFormat, typer.Option("--format", "-f", help=_("text, markdown or json."))] = "text",
    lang: LangOption = None,
) -> None:
    if lang:
        _use_language(lang)
    from .diff import FORMATS, DiffInputError, compare, resolve

    try:
        versions = resolve(old, new, DEFAULT_BUDGET)
    except DiffInputError as exc:
        typer.echo(f"hso-budget: diff: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    reports = [version.check() for version in versions]
    broken = [report for report in reports if report.calculation is None]
    for report in broken:
        _tell(report.problems)
        typer.echo(_("hso-budget: diff: {file} cannot be computed until these problems are fixed").format(file=report.file),
                   err=True)
    if broken:
        raise typer.Exit(EXIT_USAGE)
    with output.stdout_may_close():
        sys.stdout.write(FORMATS[output_format](compare(*reports)))


@app.command(help=_("Print the JSON Schema of the budget format (for editors' YAML language server)."))
@guarded
def schema() -> None:
    from .schema import schema_text

    with output.stdout_may_close():
        sys.stdout.write(schema_text())


@app.command(help=_('Write a new, commented budget to start from (never over an existing file).'))
@guarded
def init(
    path: Annotated[Path, typer.Argument(help=_("Where to write the new budget."))] = DEFAULT_BUDGET,
    lang: LangOption = None,
) -> None:
    if lang:
        _use_language(lang)
    from .template import write_template

    if path.exists():
        typer.echo(_("hso-budget: {file} exists; init never writes over a file").format(file=path), err=True)
        raise typer.Exit(EXIT_USAGE)
    write_template(path)
    typer.echo(_("wrote {file}").format(file=path), err=True)


FollowUpFormat = Literal["text", "markdown", "json"]


@app.command("follow-up", help=_("Follow the budget: actual costs against the approved budget, deviations, and "
                                  "the payment claim."))
@guarded
def follow_up(
    path: Annotated[Path, typer.Argument(help=_("The follow-up file, or the budget whose follow-up.yaml is beside it "
                                                "(default: data/follow-up.yaml)."), show_default=False)]
    = DEFAULT_BUDGET.with_name("follow-up.yaml"),
    period: Annotated[Optional[str], typer.Option("--period", metavar="<id>", help=_("The reporting period (default: the last with "
                                                                     "actuals)."))] = None,
    output_format: Annotated[FollowUpFormat, typer.Option("--format", "-f", help=_("text, markdown or json."))]
    = "text",
    explain: Annotated[bool, typer.Option("--explain", help=_("Say how planned to date is apportioned."))] = False,
    lang: LangOption = None,
) -> None:
    if lang:
        _use_language(lang)
    from datetime import date

    from .followup import output
    from .followup.checks import check_follow_up
    from .followup.figures import compute
    from .followup.files import follow_up_file
    from .followup.load import load

    loaded = load(follow_up_file(path))
    problems = check_follow_up(loaded, date.today())
    errors = [p for p in problems if p.is_error]
    if errors or not loaded.usable:
        _tell(sorted(set(problems), key=lambda p: p.sort_key()))
        typer.echo("hso-budget: " + _("{path}: the follow-up cannot be computed until these problems are "
                                      "fixed").format(path=path), err=True)
        raise typer.Exit(EXIT_PROBLEMS if loaded.follow_up is not None else EXIT_USAGE)
    ids = [p.id for p in loaded.follow_up.reporting_periods]
    if period is not None and period not in ids:
        raise typer.BadParameter(_("unknown reporting period '{id}' (known: {ids})").format(
            id=period, ids=", ".join(ids)), param_hint="--period")
    actuals = {pid: a for pid, (a, _) in loaded.actuals.items()}
    figures = compute(loaded.follow_up, loaded.approved.budget, loaded.approved.calculation,
                      loaded.working.calculation, actuals, period)
    if output_format == "json":
        sys.stdout.write(output.as_json(figures))
    elif output_format == "markdown":
        sys.stdout.write(output.as_markdown(figures))
    else:
        sys.stdout.write(output.as_text(figures, explain))
    raise typer.Exit(EXIT_CLEAN)


def run_app(argv: list[str]) -> None:
    """The typer app, with only the command the arguments name."""
    _app_for(argv)(prog_name=PROG)


def _name(command) -> str:
    return command.name or command.callback.__name__.replace("_", "-")


def _app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command the arguments name, as typer builds every registered command
    (their parameters' types) at each start; the whole app for the top-level help or an unknown command."""
    value_next = False
    for arg in argv:
        if value_next or arg == "--debug" or arg.startswith("--lang="):
            value_next = False
            continue
        if arg == "--lang":
            value_next = True
            continue
        named = [c for c in app.registered_commands if _name(c) == arg]
        if not named:
            return app
        one = copy.copy(app)
        one.registered_commands = named
        return one
    return app


ActualsFormat = Literal["text", "json"]
ListFormat = Literal["text", "csv", "xlsx"]


@app.command(help=_("The project's actual costs per category and reporting period, from a SIE 4 ledger export."))
@guarded
def actuals(
    ledger: Annotated[Path, typer.Argument(help=_("The SIE 4 file exported from the ledger."), metavar="FILE.se")],
    budget: Annotated[Path, typer.Option("--budget", help=_("The budget."))] = DEFAULT_BUDGET,
    follow_up: Annotated[Optional[Path], typer.Option(
        "--follow-up", help=_("The follow-up file (default: follow-up.yaml beside the budget)."))] = None,
    period: Annotated[Optional[str], typer.Option("--period", metavar="<id>", help=_("Only this reporting period."))] = None,
    output_format: Annotated[ActualsFormat, typer.Option("--format", "-f", help=_("text or json."))] = "text",
    write: Annotated[bool, typer.Option("--write", help=_("Store the actuals in the follow-up's actuals files."))] = False,
    listing: Annotated[Optional[ListFormat], typer.Option("--list", help=_(
        "Print the verification list instead: text, csv or xlsx (csv and xlsx in Swedish unless --lang en)."))] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help=_("Where --list writes (needed for xlsx)."))] = None,
    lang: LangOption = None,
) -> None:
    if lang:
        _use_language(lang)
    from .sie import actuals as sie_actuals
    from .sie import context as sie_context

    follow_up = follow_up or sie_actuals.default_follow_up(budget)
    context, problems = sie_context.load(budget, follow_up)
    if context is not None and period is not None and period not in {p.id for p in context.periods}:
        known = ", ".join(p.id for p in context.periods)
        raise typer.BadParameter(_("no reporting period '{id}' in {file} ({known})").format(
            id=period, file=follow_up, known=known), param_hint="--period")
    if listing == "xlsx" and out is None:
        raise typer.BadParameter(_("--list xlsx writes a workbook: give --out FILE.xlsx"), param_hint="--out")
    if out is not None and listing is None:
        raise typer.BadParameter(_("--out is where --list writes the verification list; give --list too"),
                                 param_hint="--out")
    if listing is not None and output_format == "json":
        raise typer.BadParameter(_("--list prints the verification list instead of the sums; leave out --format json"),
                                 param_hint="--list")
    result = sie_actuals.compute(context, ledger) if context is not None else None
    if result is not None:
        problems = problems + result.problems
    errors = [p for p in problems if p.is_error]
    if result is None or result.ledger is None or errors:
        _tell(problems)
        typer.echo((_("hso-budget: actuals: {file}: nothing written") if write else
                    _("hso-budget: actuals: {file}: nothing summed")).format(file=ledger), err=True)
        raise typer.Exit(check_command.exit_code(problems, False) or EXIT_PROBLEMS)
    _tell(problems)
    labels = {c.id: c.label for c in context.budget.costs} | {d.id: d.label for d in context.budget.direct_costs}
    if listing is not None:
        with i18n.using(lang or "sv") if listing != "text" else contextlib.nullcontext():
            _write_list(result, labels, listing, out, period)  # the documents a claim is sent with: Swedish by default
    elif output_format == "json":
        import json

        sys.stdout.write(json.dumps(sie_actuals.as_dict(result, period), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(sie_actuals.as_text(result, labels, period))
    if write:
        from .sie import store

        planned, refused = store.plan(result, context.actuals_folder, ledger, period)
        if refused:
            _tell(refused)
            typer.echo(_("hso-budget: actuals: nothing written"), err=True)
            raise typer.Exit(EXIT_PROBLEMS)
        store.write(planned)
        for item in planned:
            typer.echo((_("wrote {file}") if item.new else _("updated {file}")).format(file=item.path), err=True)


def _write_list(result, labels, listing, out, period) -> None:
    from .sie import verification

    if listing == "xlsx":
        verification.write_xlsx(result, labels, out, period)
        typer.echo(_("wrote {file}").format(file=out), err=True)
        return
    data = (verification.as_csv(result, labels, period) if listing == "csv"
            else verification.as_text(result, labels, period).encode("utf-8"))
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out.write_bytes(data)
        typer.echo(_("wrote {file}").format(file=out), err=True)
