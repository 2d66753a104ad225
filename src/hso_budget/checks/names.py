"""Names a reader cannot tell apart: look-alike letters from other scripts, labels used twice.

Ids and names are compared after Unicode normalisation (NFC, see `model`), so a decomposed
`ä` is the same name as `ä`; a Cyrillic `е` is not the same as a Latin `e`, and these checks
say so before it becomes an unknown reference that looks right.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ..i18n import _
from . import Context, Finding, check
from ..problems import Level

# Common letters of the Cyrillic and Greek alphabets that look like Latin ones.
LOOK_ALIKES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ё": "ë",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ν": "v", "ρ": "p", "ι": "i", "κ": "k", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
LABELLED = ("periods", "costs", "direct_costs", "financiers")
_LOOKS = frozenset(LOOK_ALIKES)  # a set, not a character class: compiling that cost every check 0.9 ms
_LATIN = str.maketrans(LOOK_ALIKES)
# The bytes a look-alike starts with in UTF-8 (0xCE–0xD4), and the backslash an escape starts with:
# finding none of them in the source (memchr) is far cheaper than looking at every character.
_MAY_HIDE_LOOK_ALIKES = (b"\\", *sorted({ch.encode()[:1] for ch in LOOK_ALIKES}))


def skeleton(text: str) -> str:
    """What a reader sees: NFC, look-alikes as their Latin letter, case and spacing ignored."""
    if text.isascii():  # already NFC, and no look-alikes
        return " ".join(text.casefold().split())
    text = unicodedata.normalize("NFC", text)
    if not _LOOKS.isdisjoint(text):  # translating costs three times as much as looking for a look-alike
        text = text.translate(_LATIN)
    return " ".join(text.casefold().split())


def _strings(data: object) -> Iterator[tuple[tuple, str, bool]]:
    """Every text in the document that holds a look-alike letter, with its path and whether it is a key."""
    stack: list[tuple[tuple, object]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(key, str) and not _LOOKS.isdisjoint(key):
                    yield (*path, key), key, True
                stack.append(((*path, key), inner))
        elif isinstance(value, list):
            stack.extend(((*path, i), inner) for i, inner in enumerate(value))
        elif isinstance(value, str) and not _LOOKS.isdisjoint(value):
            yield path, value, False


@check("confusable", stage="structure", level=Level.WARNING)
def confusables(ctx: Context) -> Iterator[Finding]:
    """A name that mixes Latin letters with Cyrillic or Greek look-alikes (a Cyrillic `е` in
    `pеrsonal`) is a warning: it reads as one name and is another (a warning).

    Text written wholly in another script is left alone.
    """
    source = ctx.doc.source
    if source is not None and not any(byte in source for byte in _MAY_HIDE_LOOK_ALIKES):
        return  # no look-alike in the source, and no escape that could write one
    for path, text, is_key in _strings(ctx.doc.data):
        odd = [ch for ch in dict.fromkeys(text) if ch in LOOK_ALIKES]
        if odd and any("a" <= ch.lower() <= "z" for ch in text):
            letters = ", ".join(f"'{ch}' ({unicodedata.name(ch, 'U+%04X' % ord(ch)).title()}, U+{ord(ch):04X})"
                                for ch in odd)
            latin = ", ".join(LOOK_ALIKES[ch] for ch in odd)
            yield Finding(path, _("'{text}' has {letters} among Latin letters; it looks like '{latin}' but is another "
                                  "letter, so the name differs from the one it looks like; retype it").format(
                                      text=text, letters=letters, latin=latin), key=is_key)


@check("duplicate-label", stage="structure", level=Level.WARNING)
def duplicate_labels(ctx: Context) -> Iterator[Finding]:
    """Two periods, categories, direct costs or financiers whose labels look the same (ignoring
    case, spacing, Unicode normalisation and look-alike letters) are a warning: a reader of the
    application cannot tell the rows apart."""
    for section in LABELLED:
        first: dict[str, int] = {}
        for i, entry in enumerate(getattr(ctx.budget, section)):
            if entry.label is None:
                continue
            seen = skeleton(entry.label)
            if seen in first:
                other = getattr(ctx.budget, section)[first[seen]]
                line = ctx.doc.locate((section, first[seen], "label"))[0]
                yield Finding((section, i, "label"), _("'{label}' looks the same as the label of '{other}' (line {line}); "
                                                       "a reader cannot tell the two rows apart: give each its own "
                                                       "label").format(label=entry.label, other=other.id, line=line))
            first.setdefault(seen, i)
