"""Reading a follow-up: the follow-up file, the working and the approved budget, and the actuals
files of its reporting periods, each problem located in the file it is in."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..diff import DiffInputError, at_revision
from ..i18n import N_, _
from ..problems import Level, Problem
from ..runner import Report, check_path, check_text
from ..source import Document, load as load_yaml
from ..validation import validate_as
from .model import ACTUALS_FORMAT, FOLLOW_UP_FORMAT, Actuals, FollowUp


@dataclass
class Loaded:
    """A follow-up as read: what could be read of it, and every problem found on the way."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    follow_up: FollowUp | None = None
    document: Document | None = None
    working: Report | None = None
    approved: Report | None = None
    actuals: dict[str, tuple[Actuals, Document]] = field(default_factory=dict)  # by reporting period id

    @property
    def usable(self) -> bool:
        """Whether the numbers can be computed: both budgets computed and every file read."""
        return (self.approved is not None and self.approved.calculation is not None and self.working is not None
                and self.working.calculation is not None and not any(p.is_error for p in self.problems))


def format_of(doc: Document) -> str | None:
    """The `format:` a YAML document says it has."""
    value = doc.data.get("format") if isinstance(doc.data, dict) else None
    return value if isinstance(value, str) else None


def load(path: str | os.PathLike) -> Loaded:
    """The follow-up file at `path` with everything it names."""
    file = os.fspath(path)
    loaded = Loaded(file)
    doc, problems = load_yaml(path)
    loaded.problems += problems
    if doc is None:
        return loaded
    follow_up, invalid = validate_as(doc, FollowUp)
    loaded.problems += invalid
    if follow_up is None:
        return loaded
    loaded.follow_up, loaded.document = follow_up, doc
    here = Path(file).parent
    loaded.working = check_path(here / follow_up.budget, str(here / follow_up.budget))
    loaded.problems += _about(loaded.working, N_("{message} (the working budget)"))
    loaded.approved = _approved(loaded, here)
    ids = [p.id for p in follow_up.reporting_periods]
    folder = here / follow_up.actuals
    for name in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        read = read_actuals(name)
        loaded.problems += read[1]
        if read[0] is None:
            continue
        actuals, actuals_doc = read[0]
        if actuals.reporting_period not in ids:
            line, column = actuals_doc.locate(("reporting_period",))
            loaded.problems.append(Problem(str(name), line, column, Level.ERROR, "unknown-reference",
                                           _("unknown reporting period '{id}' (the follow-up file {file} has "
                                             "{ids})").format(id=actuals.reporting_period, file=file,
                                                              ids=", ".join(ids))))
        elif actuals.reporting_period in loaded.actuals:
            loaded.problems.append(Problem(str(name), 1, 1, Level.ERROR, "duplicate-id",
                                           _("a second actuals file for '{id}'").format(
                                               id=actuals.reporting_period)))
        else:
            loaded.actuals[actuals.reporting_period] = (actuals, actuals_doc)
    return loaded


def read_actuals(path: str | os.PathLike) -> tuple[tuple[Actuals, Document] | None, list[Problem]]:
    doc, problems = load_yaml(path)
    if doc is None:
        return None, problems
    actuals, invalid = validate_as(doc, Actuals)
    return (None if actuals is None else (actuals, doc)), problems + invalid


def _approved(loaded: Loaded, here: Path) -> Report | None:
    """The approved budget: a git revision of the budget file, or a frozen copy."""
    follow_up, doc = loaded.follow_up, loaded.document
    assert follow_up is not None and doc is not None
    approved = follow_up.approved
    if approved.file is not None:
        report = check_path(here / approved.file, str(here / approved.file))
    else:
        try:
            version = at_revision(approved.revision or "", str(here / follow_up.budget))
        except DiffInputError as exc:
            line, column = doc.locate(("approved", "revision"))
            loaded.problems.append(Problem(loaded.file, line, column, Level.ERROR, "unreadable",
                                           _("the approved budget cannot be read: {error}").format(error=exc)))
            return None
        report = check_text(version.data or b"", version.name)
    loaded.problems += _about(report, N_("{message} (the approved budget)"))
    return report


def _about(report: Report, about: str) -> list[Problem]:
    """A budget that cannot be computed stops the follow-up: its errors, said (by `about`) to be about it."""
    if report.calculation is not None:
        return []
    return [Problem(p.file, p.line, p.column, p.level, p.check, _(about).format(message=p.message))
            for p in report.problems]


__all__ = ["ACTUALS_FORMAT", "FOLLOW_UP_FORMAT", "Loaded", "format_of", "load", "read_actuals"]
