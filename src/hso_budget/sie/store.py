"""Writing the actuals from the ledger into the follow-up's actuals files, `<folder>/<period>.yaml`.

`actuals --write` owns three keys of such a file: `costs`, `direct_costs` (when the mapping has
direct costs) and `source`. A new file gets the format line, the period and those keys; in an
existing file only those keys' lines are replaced, and everything else the office wrote there
(`hours`, `received`, `forecast`, comments) stays as it was, byte for byte. A file is refused,
and nothing is written at all, when it cannot be updated without losing what someone typed: it
does not read as YAML, belongs to another period, has costs typed by hand (no `source:`), or its
period was reported (`reported:`).
Every new text is read back before anything is written, to prove that only those keys changed.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _
from ..money import format_amount
from ..problems import Level, Problem
from ..source import load, parse
from .actuals import Actuals

FORMAT = "hso-budget-actuals/1"
OWNED = ("costs", "direct_costs", "source")
_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")


@dataclass(frozen=True)
class Planned:
    path: Path
    text: str
    new: bool


def plan(actuals: Actuals, folder: Path, sie: Path, period: str | None = None) -> tuple[list[Planned], list[Problem]]:
    """The text of every actuals file to write, or the problems that keep any from being written."""
    planned, problems = [], []
    for p in actuals.periods:
        if period is not None and p.id != period:
            continue
        path = folder / f"{p.id}.yaml"
        source = Path(os.path.relpath(sie.resolve(), folder.resolve())).as_posix()
        owned = {"costs": actuals.costs(p.id), "direct_costs": actuals.direct_costs(p.id), "source": source}
        blocks = {key: _block(key, value) for key, value in owned.items() if value or key == "source"}
        if not path.exists():
            head = f"format: {FORMAT}\nreporting_period: {p.id}\n"
            planned.append(Planned(path, head + "".join(blocks.values()), True))
            continue
        updated = _updated(path, p.id, blocks)
        if isinstance(updated, Problem):
            problems.append(updated)
        else:
            planned.append(Planned(path, updated, False))
    return planned, problems


def write(planned: list[Planned]) -> None:
    """Write the planned files, each atomically (the folder is made when missing)."""
    from ..xlsx.archive import replace_atomically

    for item in planned:
        item.path.parent.mkdir(parents=True, exist_ok=True)
        data = item.text.encode("utf-8")
        replace_atomically(item.path, lambda stream, data=data: stream.write(data))  # type: ignore[misc]


def _block(key: str, value: object) -> str:
    if isinstance(value, dict):
        return f"{key}:\n" + "".join(f"  {k}: {format_amount(v)}\n" for k, v in value.items())
    return f"{key}: {json.dumps(value, ensure_ascii=False)}\n"


def _updated(path: Path, period: str, blocks: dict[str, str]) -> str | Problem:
    """The file's text with the owned keys replaced, or the problem that refuses it."""
    file = str(path)
    doc, problems = load(path)
    if doc is None:
        first = problems[0] if problems else None
        where = f" ({first.line}:{first.column}: {first.message})" if first else ""
        return _refusal(file, 1, _("not written: {file} cannot be read{where}; fix it, then write again")
                              .format(file=file, where=where))
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None or data.get("format") != FORMAT:
        return _refusal(file, 1, _("not written: {file} is not an actuals file (its first line should be "
                                         "'format: {format}')").format(file=file, format=FORMAT))
    if str(data.get("reporting_period")) != period:
        line, column = doc.locate(("reporting_period",))
        return _refusal(file, line, _("not written: {file} is for reporting period '{found}', not '{period}'")
                              .format(file=file, found=data.get("reporting_period"), period=period), column)
    if data.get("reported") is not None:
        line, column = doc.locate_key(("reported",))
        return _refusal(file, line, _("not written: {file} was reported on {day}; a reported period's actuals "
                                            "are not changed").format(file=file, day=data["reported"]), column)
    if ("costs" in data or "direct_costs" in data) and "source" not in data:
        line, column = doc.locate_key(("costs",) if "costs" in data else ("direct_costs",))
        return _refusal(file, line, _("not written: {file} has costs typed by hand (it has no 'source:'); "
                                            "remove its 'costs' and 'direct_costs' to fill them from the ledger")
                              .format(file=file), column)
    original = path.read_text("utf-8-sig")
    text = _replace(original, blocks)
    new, _problems = parse(text.encode("utf-8"), file)
    if new is None or not isinstance(new.data, dict) or _kept(new.data) != _kept(data):
        return _refusal(file, 1, _("not written: {file} cannot be updated without changing keys other than "
                                         "costs, direct_costs and source (is a top-level key written in an unusual "
                                         "layout?)").format(file=file))
    return text


def _kept(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in OWNED}


def _replace(text: str, blocks: dict[str, str]) -> str:
    """`text` with the top-level blocks of the owned keys replaced, and missing ones added at the end."""
    lines = text.splitlines(keepends=True)
    keys = [(i, m[1]) for i, line in enumerate(lines) if (m := _KEY.match(line))]
    starts = [i for i, _key in keys]
    out, written = [], set()
    position = 0
    for index, (start, key) in enumerate(keys):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1  # blank lines and comments before the next key belong to it
        out += lines[position:start]
        if key in OWNED:
            out.append(blocks.get(key, ""))
            written.add(key)
        else:
            out += lines[start:end]
        position = end
    out += lines[position:]
    result = "".join(out)
    missing = "".join(block for key, block in blocks.items() if key not in written)
    if missing and result and not result.endswith("\n"):
        result += "\n"
    return result + missing


def _refusal(file: str, line: int, message: str, column: int = 1) -> Problem:
    return Problem(file, line, column, Level.ERROR, "actuals-write", message)
