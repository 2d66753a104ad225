"""`hso-budget diff`: what an edit changes, row by row and period by period, and whose commitments.

Both versions are checked and computed; rows are matched by id, periods by id. A changed
financier row is a changed commitment, which needs a new decision by that financier.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar
from decimal import Decimal
from pathlib import Path

from .calculation import Calculation, FinancierRow, Row
from .i18n import N_, _, ngettext
from .layout import row_label
from .money import format_amount, format_percent
from .show_json import fraction
from .tables import aligned, markdown
from .runner import Report, check_path, check_text

R = TypeVar("R", bound=Row)
JSON_FORMAT = "hso-budget-diff/1"
SECTIONS = {  # section id -> heading
    "costs": N_("Costs"),
    "direct_costs": N_("Direct costs"),
    "financiers": N_("Financiers"),
    "totals": N_("Totals"),
}
TOTAL = "total"
STATUS = {"added": N_("{label} (added)"), "removed": N_("{label} (removed)")}


class DiffInputError(Exception):
    """A version that cannot be read (no git, unknown revision, no such file at a revision)."""


# --- which versions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One side of a diff: a file in the working tree, or a file's content at a git revision."""

    name: str
    data: bytes | None = None  # None: read the file `name`

    def check(self) -> Report:
        return check_path(self.name) if self.data is None else check_text(self.data, self.name)


def resolve(old: str, new: str | None, default: Path) -> tuple[Version, Version]:
    """The two versions meant by `diff OLD [NEW]`.

    OLD is an existing file; else `REV:path`; else `A..B` (the file NEW, by default `default`,
    at both revisions; an empty side is HEAD); else a revision (NEW or `default` at that
    revision, against the working file). NEW is a file or `REV:path`. Paths are relative
    to the current directory.
    """
    if Path(old).exists():
        return Version(old), _version(new or str(default))
    if ":" in old:
        revision, path = old.split(":", 1)
        return at_revision(revision, path), _version(new or path)
    if old.endswith((".yaml", ".yml")) or old.startswith(("./", "../", "/")):
        raise DiffInputError(_("{file}: no such file").format(file=old))  # a path, even with '..' in it, is not a revision range
    path = new or str(default)
    if ".." in old:
        first, second = old.split("..", 1)
        return at_revision(first or "HEAD", path), at_revision(second or "HEAD", path)
    return at_revision(old, path), Version(path)


def _version(argument: str) -> Version:
    if ":" in argument and not Path(argument).exists():
        revision, path = argument.split(":", 1)
        return at_revision(revision, path)
    return Version(argument)


def at_revision(revision: str, path: str) -> Version:
    """The file `path` as it was at `revision`, read with `git show` in the file's repository."""
    target = Path(path).absolute()
    start = target.parent
    while not start.is_dir():
        start = start.parent
    root = Path(_git(["rev-parse", "--show-toplevel"], start,
                     _("{file} is not in a git repository").format(file=path)).decode().strip())
    try:
        relative = target.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise DiffInputError(_("{file} is outside the git repository {root}").format(file=path, root=root)) from None
    _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], root,
         _("no file or git revision is named '{revision}'").format(revision=revision))
    name = f"{revision}:{relative}"
    kind = _git(["cat-file", "-t", name], root,
                _("{file} does not exist at revision '{revision}'").format(file=relative, revision=revision))
    if kind.strip() != b"blob":
        raise DiffInputError(_("{file} is not a file at revision '{revision}'").format(file=relative, revision=revision))
    return Version(name, _git(["show", name], root, _("git cannot show {name}").format(name=name)))


def _git(arguments: list[str], cwd: Path, failure: str) -> bytes:
    """git's output, or DiffInputError(`failure`, with git's own last words) when git is missing or fails."""
    try:
        done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffInputError(_("git is not installed (or not on PATH); it is needed to read a revision")) from None
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        raise DiffInputError(f"{failure} (git: {said[-1]})" if said else failure)
    return done.stdout


# --- what changed ---------------------------------------------------------------------


@dataclass(frozen=True)
class RowChange:
    """A row that differs between the versions; `old` or `new` is None when it is absent there."""

    section: str
    id: str
    label: str
    old: Row | None
    new: Row | None

    @property
    def status(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    def amount(self, side: Row | None, period: str) -> Decimal | None:
        if side is None:
            return None
        return side.total if period == TOTAL else side.amounts.get(period)

    @property
    def terms(self) -> list[tuple[str, str]]:
        """A financier's sector or kind in both versions where it changed: (`public`, `private`)."""
        if self.status != "changed" or not isinstance(self.old, FinancierRow):
            return []
        return [(getattr(self.old, name), getattr(self.new, name)) for name in ("sector", "kind")
                if getattr(self.old, name) != getattr(self.new, name)]

    def moves_money(self, periods: list[str]) -> bool:
        """Whether an amount differs (a row added or removed at 0 kr does not), or the terms do."""
        return bool(self.terms) or any(_difference(old, new) for _, old, new in self.cells(periods))

    def cells(self, periods: list[str]) -> list[tuple[str, Decimal | None, Decimal | None]]:
        """(period id or `total`, old, new) for every period that changed, then the total."""
        cells = [(p, self.amount(self.old, p), self.amount(self.new, p)) for p in [*periods, TOTAL]]
        return [(p, old, new) for p, old, new in cells if old != new or self.status != "changed"]


@dataclass(frozen=True)
class Share:
    """A financier's total and share of the project cost in both versions (None: absent or no cost)."""

    id: str
    label: str
    old_total: Decimal | None
    new_total: Decimal | None
    old_share: Decimal | None
    new_share: Decimal | None


@dataclass(frozen=True)
class BudgetDiff:
    old: Report
    new: Report
    periods: dict[str, str]  # period id -> label, new periods first, then removed ones
    added_periods: list[str]
    removed_periods: list[str]
    rows: list[RowChange]
    shares: list[Share]

    @property
    def changed(self) -> bool:
        return bool(self.rows or self.added_periods or self.removed_periods)

    @property
    def commitments(self) -> list[RowChange]:
        return [row for row in self.rows if row.section == "financiers" and row.moves_money(list(self.periods))]

    def period_label(self, period: str) -> str:
        return _("TOTAL") if period == TOTAL else self.periods[period]


def compare(old: Report, new: Report) -> BudgetDiff:
    """The differences between two computed versions."""
    a, b = old.calculation, new.calculation
    periods = {p.id: p.title for p in b.periods} | {p.id: p.title for p in a.periods if p.id not in b.period_ids}
    rows = []
    for section, (old_rows, new_rows) in _sections(a, b).items():
        rows += _row_changes(section, old_rows, new_rows, list(periods))
    return BudgetDiff(
        old,
        new,
        periods,
        [p for p in b.period_ids if p not in a.period_ids],
        [p for p in a.period_ids if p not in b.period_ids],
        rows,
        _shares(a, b),
    )


def _sections(a: Calculation, b: Calculation) -> dict[str, tuple[Sequence[Row], Sequence[Row]]]:
    return {
        "costs": (a.costs, b.costs),
        "direct_costs": (a.direct_costs, b.direct_costs),
        "financiers": (a.financiers, b.financiers),
        "totals": (list(a.subtotals().values()), list(b.subtotals().values())),
    }


def _pairs(old_rows: Sequence[R], new_rows: Sequence[R]) -> list[tuple[R | None, R | None]]:
    """(old, new) rows matched by id, in the new version's order; removed rows last, with None."""
    old_by_id = {row.id: row for row in old_rows}
    new_ids = {row.id for row in new_rows}
    removed = [(row, None) for row in old_rows if row.id not in new_ids]
    return [(old_by_id.get(row.id), row) for row in new_rows] + removed


def _row_changes(section: str, old_rows: Sequence[Row], new_rows: Sequence[Row], periods: list[str]) -> list[RowChange]:
    pairs = _pairs(old_rows, new_rows)
    changes = [RowChange(section, (new or old).id, row_label(new or old), old, new) for old, new in pairs]
    return [change for change in changes if change.cells(periods) or change.terms]


def _shares(a: Calculation, b: Calculation) -> list[Share]:
    return [
        Share(
            (new or old).id,
            (new or old).label,
            None if old is None else old.total,
            None if new is None else new.total,
            None if old is None else a.share(old),
            None if new is None else b.share(new),
        )
        for old, new in _pairs(a.financiers, b.financiers)
    ]


# --- how it is shown ------------------------------------------------------------------


def signed(value: Decimal) -> str:
    """A difference with its sign: `+10 000`, `-10 000`, `0`."""
    return f"+{format_amount(value)}" if value > 0 else format_amount(value)


def _amount(value: Decimal | None) -> str:
    return "—" if value is None else format_amount(value)


def _difference(old: Decimal | None, new: Decimal | None) -> Decimal:
    return (new or Decimal(0)) - (old or Decimal(0))


def _share(value: Decimal | None) -> str:
    return "—" if value is None else format_percent(value)


def commitment_summary(d: BudgetDiff, change: RowChange) -> str:
    """`Sundsvall kommun (+30 000 kr over the project; År 1 +10 000, …)`."""
    if change.status == "added":
        return _("{label} (new: {total} kr over the project)").format(label=change.label,
                                                                     total=format_amount(change.new.total))
    if change.status == "removed":
        return _("{label} (removed: was {total} kr over the project)").format(label=change.label,
                                                                             total=format_amount(change.old.total))
    periods = [
        f"{d.period_label(p)} {signed(_difference(old, new))}"
        for p, old, new in change.cells(list(d.periods))
        if p != TOTAL
    ]
    parts = [f"{old} → {new}" for old, new in change.terms]
    if periods:
        parts.append(_("{total} kr over the project; {periods}").format(
            total=signed(change.new.total - change.old.total), periods=", ".join(periods)))
    return f"{change.label} ({'; '.join(parts)})"


def commitments_line(d: BudgetDiff) -> str:
    summaries = [commitment_summary(d, c) for c in d.commitments]
    return _("Commitments changed: {changes}").format(changes=", ".join(summaries) if summaries else _("none"))


def _notes(d: BudgetDiff) -> list[str]:
    """Problems of either version, and periods added or removed."""
    notes = []
    for report in (d.old, d.new):
        errors = len(report.errors)
        if errors:
            notes.append(_("{file} has {errors} (hso-budget check lists them); the diff shows its numbers as computed")
                         .format(file=report.file,
                                 errors=ngettext("{count} error", "{count} errors", errors).format(count=errors)))
    for title, ids in ((N_("Periods added: {periods}"), d.added_periods),
                       (N_("Periods removed: {periods}"), d.removed_periods)):
        if ids:
            notes.append(_(title).format(periods=", ".join(d.periods[p] for p in ids)))
    return notes


def _change_rows(d: BudgetDiff, section: str) -> list[list[str]]:
    rows = []
    for change in d.rows:
        if change.section != section:
            continue
        label = change.label if change.status == "changed" else _(STATUS[change.status]).format(label=change.label)
        for old_terms, new_terms in change.terms:
            rows.append([label, _("terms"), old_terms, new_terms, ""])
        for period, old, new in change.cells(list(d.periods)):
            rows.append([label, d.period_label(period), _amount(old), _amount(new), signed(_difference(old, new))])
    return rows


def _share_rows(d: BudgetDiff) -> list[list[str]]:
    return [
        [s.label, _amount(s.old_total), _amount(s.new_total), signed(_difference(s.old_total, s.new_total)),
         _share(s.old_share), _share(s.new_share)]
        for s in d.shares
    ]


CHANGE_HEADER = ["", N_("Period"), N_("Old"), N_("New"), N_("Difference")]
SHARE_HEADER = [N_("Financier"), N_("Old total"), N_("New total"), N_("Difference"), N_("Old share"), N_("New share")]
SHARES_TITLE = N_("Financiers' totals and shares of the project cost")
DECISION_NOTE = N_("Each changed commitment needs a new decision by that financier.")


def _header(cells: list[str]) -> list[str]:
    return [_(cell) if cell else "" for cell in cells]


def as_text(d: BudgetDiff) -> str:
    lines = [f"{d.old.file} → {d.new.file}", *_notes(d)]
    if not d.changed:
        return "\n".join([*lines, _("no changes")]) + "\n"
    lines += ["", commitments_line(d), _(DECISION_NOTE)]
    for section, heading in SECTIONS.items():
        rows = _change_rows(d, section)
        if rows:
            lines += ["", _(heading), *aligned([_header(CHANGE_HEADER), *rows], right=range(2, len(CHANGE_HEADER)))]
    lines += ["", _(SHARES_TITLE), *aligned([_header(SHARE_HEADER), *_share_rows(d)], right=range(1, len(SHARE_HEADER)))]
    return "\n".join(lines) + "\n"


def as_markdown(d: BudgetDiff) -> str:
    """GitHub-flavoured Markdown for a pull-request comment."""
    lines = [_("### Budget diff: `{old}` → `{new}`").format(old=d.old.file, new=d.new.file), ""]
    for note in _notes(d):
        lines += [f"> {note}", ""]
    if not d.changed:
        return "\n".join([*lines, _("No changes.")]) + "\n"
    lines += [f"**{commitments_line(d)}**", "", _(DECISION_NOTE), ""]
    for section, heading in SECTIONS.items():
        rows = _change_rows(d, section)
        if rows:
            lines += [f"#### {_(heading)}", "", *markdown(_header(CHANGE_HEADER), rows, right=range(2, len(CHANGE_HEADER))), ""]
    lines += [f"#### {_(SHARES_TITLE)}", "", *markdown(_header(SHARE_HEADER), _share_rows(d), right=range(1, len(SHARE_HEADER)))]
    return "\n".join(lines) + "\n"


def as_json(d: BudgetDiff) -> str:
    """Structured: amounts and differences as decimal strings, shares to six decimals."""

    def number(value: Decimal | None) -> str | None:
        return None if value is None else str(value)

    def version(report: Report) -> dict:
        errors = len(report.errors)
        return {"file": report.file, "errors": errors, "warnings": len(report.problems) - errors}

    def change(c: RowChange) -> dict:
        cells = {
            p: {"old": number(old), "new": number(new), "difference": str(_difference(old, new))}
            for p, old, new in c.cells(list(d.periods))
        }
        terms = [{"old": old, "new": new} for old, new in c.terms]
        return {"id": c.id, "label": c.label, "status": c.status, "amounts": cells, **({"terms": terms} if terms else {})}

    document = {
        "format": JSON_FORMAT,
        "old": version(d.old),
        "new": version(d.new),
        "changed": d.changed,
        "periods": [{"id": p, "label": label} for p, label in d.periods.items()],
        "periods_added": d.added_periods,
        "periods_removed": d.removed_periods,
        "commitments_changed": [c.id for c in d.commitments],
        **{section: [change(c) for c in d.rows if c.section == section] for section in SECTIONS},
        "shares": [
            {"id": s.id, "label": s.label, "old_total": number(s.old_total), "new_total": number(s.new_total),
             "difference": str(_difference(s.old_total, s.new_total)),
             "old_share": fraction(s.old_share), "new_share": fraction(s.new_share)}
            for s in d.shares
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": as_text, "markdown": as_markdown, "json": as_json}
