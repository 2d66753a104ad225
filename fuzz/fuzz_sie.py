"""Fuzz the SIE reader: mutated ledgers must give located problems, never an exception or a hang,
and the fast path must agree with the general tokenizer.

Starts from the committed SIE files and small generated ledgers (tests/support/sie_generator.py),
mutates them (byte flips, deleted and repeated lines, SIE punctuation, mangled amounts and dates,
lines spliced in from another file) and reads each with `reader.read_bytes`, in this process,
under a time limit per input (SIGALRM). Each input is read three ways that must agree: keeping
every row, keeping the project's rows through the object-list needle, and keeping every row
with each voucher's `{` line given a trailing blank, which sends every voucher through the
general tokenizer instead of the fast path. Every crash, hang or disagreement is saved under
--out, the shortest input per finding, with what went wrong:

    python fuzz/fuzz_sie.py --seconds 60 --seed 1

Exit code 0: nothing found; 1: a finding (reproduce it with `hso-budget actuals FILE ...`).
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hso_budget.problems import Problem  # noqa: E402
from hso_budget.sie import reader  # noqa: E402
from support.sie_generator import write_sie  # noqa: E402
from mutations import delete_line, flip_bytes, repeat_line  # noqa: E402 - shared with the other fuzzer

SEEDS = ("tests/fixtures/sie/*.se", "examples/**/*.se")
PUNCTUATION = ['"', '\\"', "{", "}", "{}", " ", "\t", "\r", "\n", "\\", "#TRANS ", "#RTRANS ", "#BTRANS ", "#VER ",
               "#KONTO ", "#OBJEKT 6 ", "#DIM ", "\x00", "\x1a", "\x84", "\x94", "\xe5", "\xc3\xa5", "\ufeff", "{6 P1042}",
               '{6 "P1042" 1 "1100"}', "#", '""']
NUMBERS = ["0", "-0", "1e5", "1,50", "1.505", "99999999999999999", ".5", "5.", "-", "--5", "1 000", "NaN", "inf",
           "20270229", "20280229", "20271301", "00000000", "2027-01-01", "2027010", "202701011", "", '""']
NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
EVERY = reader.Selection(lambda account, objects: True)
PROJECT = reader.Selection(lambda account, objects: ("6", "P1042") in objects, '"P1042"')


class Hang(Exception):
    """The per-input time limit passed."""


def _alarm(signum, frame):
    raise Hang


def seed_files(folder: Path) -> list[bytes]:
    paths = sorted({p for pattern in SEEDS for p in ROOT.glob(pattern) if p.is_file()})
    seeds = [p.read_bytes() for p in paths]
    for number, (dimension, encoding) in enumerate((("6", "cp437"), ("6", "utf-8"), ("21", "iso-8859-1"))):
        path = folder / f"seed-{number}.se"
        write_sie(path, rows=60, seed=number, dimension=dimension, encoding=encoding, share=0.6)
        seeds.append(path.read_bytes())
    return seeds


def insert_punctuation(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(PUNCTUATION).encode("latin-1", "ignore") + data[at:]


def mangle_number(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    found = list(NUMBER.finditer(data))
    if not found:
        return insert_punctuation(data, rng, seeds)
    match = rng.choice(found)
    return data[:match.start()] + rng.choice(NUMBERS).encode("ascii") + data[match.end():]


def truncate(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    return data[:rng.randint(0, len(data))]


def splice(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    lines = data.splitlines(keepends=True)
    other = rng.choice(seeds).splitlines(keepends=True) or [b"\n"]
    start = rng.randrange(len(other))
    at = rng.randint(0, len(lines))
    return b"".join(lines[:at] + other[start:start + rng.randint(1, 8)] + lines[at:])


MUTATIONS = (flip_bytes, delete_line, repeat_line, insert_punctuation, mangle_number, truncate, splice)


def mutate(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    data = rng.choice(MUTATIONS)(data, rng, seeds)
    while rng.random() < 0.3:
        data = rng.choice(MUTATIONS)(data, rng, seeds)
    return data


def _seen(ledger: reader.Ledger) -> tuple:
    rows = [(r.account, r.objects, r.amount, r.date, r.text, r.line, r.voucher) for r in ledger.rows]
    problems = [(p.line, p.column, p.level, p.check, p.message) for p in ledger.problems]
    return rows, problems, ledger.vouchers, ledger.row_count, ledger.encoding


def _general(data: bytes) -> bytes:
    """The same ledger with a blank after each voucher's `{`: the fast path no longer recognises it."""
    return re.sub(rb"(?m)^([ \t]*\{)(\r?)$", rb"\1 \2", data)


def run_one(data: bytes, limit: float) -> None:
    """Read `data` three ways; raises on a crash, `Hang` past the limit, AssertionError on a bad result."""
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        every = reader.read_bytes(data, "fuzz.se", EVERY)
        for p in every.problems:
            assert isinstance(p, Problem) and p.file == "fuzz.se" and p.line >= 0 and p.column >= 0, p
            assert p.line == 0 or p.column >= 1, p
        for row in every.rows:
            assert isinstance(row.amount, Decimal) and isinstance(row.date, date) and row.line >= 1, row
        general = reader.read_bytes(_general(data), "fuzz.se", EVERY)
        assert _seen(every) == _seen(general), "the fast path and the general tokenizer disagree"
        project = reader.read_bytes(data, "fuzz.se", PROJECT)
        assert project.rows == [r for r in every.rows if ("6", "P1042") in r.objects], "the needle lost rows"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def record(found: dict[str, tuple[int, Path]], key: str, data: bytes, details: str, out: Path) -> None:
    if key in found and found[key][0] <= len(data):
        return
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{re.sub(r'[^A-Za-z0-9]+', '-', key).strip('-')}.se"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(details, encoding="utf-8")
    found[key] = (len(data), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock; printed)")
    parser.add_argument("--limit", type=float, default=5, help="seconds allowed per input (default 5)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "hso-budget-fuzz-sie",
                        help="where findings are saved (default: hso-budget-fuzz-sie in the temp folder)")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = seed_files(Path(tmp))
    signal.signal(signal.SIGALRM, _alarm)
    found: dict[str, tuple[int, Path]] = {}
    runs = 0
    start = time.monotonic()
    try:
        while time.monotonic() < start + args.seconds:
            data = mutate(rng.choice(seeds), rng, seeds)
            runs += 1
            try:
                run_one(data, args.limit)
            except Hang:
                record(found, f"hang after {args.limit:g} s", data, f"no result within {args.limit:g} s\n", args.out)
            except AssertionError as exc:
                record(found, f"wrong: {str(exc)[:60]}", data, traceback.format_exc(), args.out)
            except Exception as exc:  # noqa: BLE001 - every exception is a finding
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                key = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
                record(found, key, data, traceback.format_exc(), args.out)
    except KeyboardInterrupt:
        pass
    print(f"seed {seed}: {runs} inputs from {len(seeds)} files in {time.monotonic() - start:.0f} s; "
          f"{len(found)} distinct finding(s)")
    for key, (_, path) in sorted(found.items()):
        print(f"  {key}: {path}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
