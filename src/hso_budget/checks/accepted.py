"""Accepted warnings: `accepted:` in the budget file marks a warning as seen, with the reason.

An acceptance names the warning's check, its place (`at`, as `--format json` gives it), its
period when it has one, and the value the warning had (`value`): it applies only while the
warning still has that value, so a change in the numbers brings the warning back. An
acceptance that matches no warning is itself a warning (id `accepted`), and so is one whose
value no longer holds. Errors cannot be accepted.
"""

from __future__ import annotations

import difflib
import re

from ..i18n import _
from ..model import Acceptance, Budget
from ..problems import Level, Problem
from ..source import Document

CHECK_ID = "accepted"
_BLANKS = re.compile(r"\s+")


def apply_acceptances(problems: list[Problem], budget: Budget, doc: Document, check_ids: list[str],
                      numbers_checked: bool) -> list[Problem]:
    """The problems with accepted warnings marked, and a warning for each acceptance that fails.

    Until the numbers are checked (structure errors stop them), an acceptance that matches
    nothing is not reported: its warning may come once the errors are fixed.
    """
    result = list(problems)
    periods = {p.id: p.title for p in budget.periods}
    for i, a in enumerate(budget.accepted):
        place = [k for k, p in enumerate(result) if (p.check, p.at, p.period) == (a.check, a.at, a.period)]
        warnings = [k for k in place if not result[k].is_error]
        message = None
        if not warnings:
            if numbers_checked or place:
                message = _unmatched(a, [result[k] for k in place], result, check_ids, periods)
        for k in warnings:
            p = result[k]
            if p.value is None or (a.value is not None and _same(a.value, p.value)):
                result[k] = p._replace(accepted=a.reason)
            elif a.value is None:
                message = _("the {warning} has the value '{value}': write `value: {value}` to accept it, so that a "
                            "change in the numbers is seen").format(warning=_what(a, periods), value=p.value)
            else:
                message = _("the {warning} was accepted at '{accepted}' but is now '{value}': the numbers changed, so it "
                            "is reported again; check it, then update the value").format(
                                warning=_what(a, periods), accepted=a.value, value=p.value)
        if message:
            path = ("accepted", i, "value") if a.value is not None and warnings else ("accepted", i)
            line, column = doc.locate(path)
            result.append(Problem(doc.file, line, column, Level.WARNING, CHECK_ID, message, at="accepted"))
    return result


def _what(a: Acceptance, periods: dict[str, str]) -> str:
    if a.period:
        return _("{check} warning at {at} in {period}").format(check=a.check, at=a.at, period=periods.get(a.period, a.period))
    return _("{check} warning at {at}").format(check=a.check, at=a.at)


def _unmatched(a: Acceptance, errors: list[Problem], problems: list[Problem], check_ids: list[str],
               periods: dict[str, str]) -> str:
    if errors:
        return _("the {check} problem at {at} is an error; only warnings can be accepted").format(check=a.check, at=a.at)
    if a.check not in check_ids:
        close = difflib.get_close_matches(a.check, check_ids, n=1, cutoff=0.6)
        return _("unknown check '{check}'").format(check=a.check) + (
            _("; did you mean '{key}'?").format(key=close[0]) if close else "")
    others = sorted({f"{p.at}" + (f" {p.period}" if p.period else "") for p in problems
                     if p.check == a.check and not p.is_error})
    found = _(" ({check} warnings are at: {places})").format(check=a.check, places=", ".join(others)) if others else ""
    return _("this acceptance matches no warning: there is no {warning}{found}; remove it").format(
        warning=_what(a, periods), found=found)


def _same(written: str, found: str) -> bool:
    """Equal but for blanks (spaces, no-break spaces) and the minus sign."""
    def norm(text: str) -> str:
        return _BLANKS.sub("", text.replace("\u2212", "-")).casefold()

    return norm(written) == norm(found)
