"""The language of the texts shown to people: Swedish or English, from gettext catalogs.

Message ids are the English texts with named placeholders, translated before formatting:
`_("unknown key '{key}'").format(key=key)`. `N_` marks a text for the catalog where it is
defined; `_` translates it where it is shown. The language is `--lang sv|en`, else the
locale (`LC_ALL`, `LC_MESSAGES`, `LANG` starting with `sv`), else English.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

DOMAIN = "hso_budget"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("sv", "en")
_state: dict[str, Any] = {"language": "en", "translation": gettext.NullTranslations()}


def language_from(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """`--lang X` or `--lang=X` in the arguments, else the locale's language, else English."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[len("--lang="):] in LANGUAGES:
            return arg[len("--lang="):]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:  # the first one set decides, as in gettext
            return "sv" if value.lower().startswith("sv") else "en"
    return "en"


def use(language: str) -> None:
    """Translate every later `_` call into this language."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    _state["language"] = language
    _state["translation"] = (
        gettext.NullTranslations() if language == "en"
        else gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
    )


def language() -> str:
    return str(_state["language"])


def _(message: str) -> str:
    """The message in the current language."""
    return _state["translation"].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language."""
    return _state["translation"].ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a text for the catalog without translating it yet (it is translated where shown)."""
    return message


@contextmanager
def using(language_: str) -> Iterator[None]:
    """Translate into `language_` inside the block (the workbook's language), then as before."""
    before = language()
    use(language_)
    try:
        yield
    finally:
        use(before)
