"""Mutations that both fuzzers use on their inputs (bytes in, bytes out)."""

from __future__ import annotations

import random


def flip_bytes(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    out = bytearray(data or b" ")
    for _ in range(rng.randint(1, 3)):
        out[rng.randrange(len(out))] = rng.randrange(256) if rng.random() < 0.2 else rng.randrange(32, 127)
    return bytes(out)


def delete_line(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    lines = data.splitlines(keepends=True)
    if lines:
        del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def repeat_line(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    lines = data.splitlines(keepends=True) or [b"\n"]
    i = rng.randrange(len(lines))
    lines[i:i] = [lines[i]] * rng.randint(1, 3)
    return b"".join(lines)
