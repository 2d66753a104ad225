"""What both fuzzers share: their options, the time limit per input, the run and its findings."""

from __future__ import annotations

import argparse
import random
import re
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path


class Hang(Exception):
    """The per-input time limit passed."""


def _alarm(signum, frame):
    raise Hang


def options(description: str, out: str, argv: list[str] | None) -> argparse.Namespace:
    """--seconds, --seed, --limit and --out (default: `out` in the temp folder)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seconds", type=float, default=60, help="how long to fuzz (default 60)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock; printed)")
    parser.add_argument("--limit", type=float, default=5, help="seconds allowed per input (default 5)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / out,
                        help=f"where findings are saved (default: {out} in the temp folder)")
    return parser.parse_args(argv)


def fuzz(args: argparse.Namespace, next_input: Callable[[random.Random], bytes],
         check: Callable[[bytes], None], suffix: str, started_from: str) -> int:
    """Check inputs until --seconds pass; save each finding's shortest input; 1 when anything was found.

    `check` raises AssertionError for a wrong result and anything else for a crash; an input that
    takes longer than --limit is a hang.
    """
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    signal.signal(signal.SIGALRM, _alarm)
    found: dict[str, tuple[int, Path]] = {}
    runs = 0
    start = time.monotonic()
    try:
        while time.monotonic() < start + args.seconds:
            data = next_input(rng)
            runs += 1
            try:
                signal.setitimer(signal.ITIMER_REAL, args.limit)
                try:
                    check(data)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            except Hang:
                _record(found, f"hang after {args.limit:g} s", data, f"no result within {args.limit:g} s\n",
                        args.out, suffix)
            except AssertionError as exc:
                _record(found, f"wrong: {str(exc)[:60]}", data, traceback.format_exc(), args.out, suffix)
            except Exception as exc:  # noqa: BLE001 - every exception is a finding
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                key = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
                _record(found, key, data, traceback.format_exc(), args.out, suffix)
    except KeyboardInterrupt:
        pass  # stopped early: report what was found so far
    print(f"seed {seed}: {runs} inputs from {started_from} in {time.monotonic() - start:.0f} s; "
          f"{len(found)} distinct finding(s)")
    for key, (_, path) in sorted(found.items()):
        print(f"  {key}: {path}")
    return 1 if found else 0


def _record(found: dict[str, tuple[int, Path]], key: str, data: bytes, details: str, out: Path, suffix: str) -> None:
    """Save the input of a finding with what went wrong, keeping the shortest input per finding."""
    if key in found and found[key][0] <= len(data):
        return
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{re.sub(r'[^A-Za-z0-9]+', '-', key).strip('-')}{suffix}"
    path.write_bytes(data)
    path.with_suffix(".txt").write_text(details, encoding="utf-8")
    found[key] = (len(data), path)
