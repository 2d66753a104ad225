"""Mutations that both fuzzers use on their inputs (bytes in, bytes out)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

Mutation = Callable[[bytes, random.Random, list[bytes]], bytes]


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


def splice(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    """Up to 8 lines of another seed, inserted at a random line."""
    lines = data.splitlines(keepends=True)
    other = rng.choice(seeds).splitlines(keepends=True) or [b"\n"]
    start = rng.randrange(len(other))
    piece = other[start:start + rng.randint(1, 8)]
    at = rng.randint(0, len(lines))
    return b"".join(lines[:at] + piece + lines[at:])


def mutate(data: bytes, rng: random.Random, seeds: list[bytes], mutations: Sequence[Mutation]) -> bytes:
    """One mutation, and more with falling odds, so that most inputs stay close to their seed."""
    data = rng.choice(mutations)(data, rng, seeds)
    while rng.random() < 0.3:
        data = rng.choice(mutations)(data, rng, seeds)
    return data
