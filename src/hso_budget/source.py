"""Reading budget files safely: YAML into plain values with the position of every value.

The tree is built from PyYAML's event stream, never by PyYAML's constructors, so no
tag can create a Python object. Mappings become dicts with the keys' source text,
sequences lists, and scalars stay the text that was written (`12.50` stays "12.50");
only plain null (`null`, `~`, empty) and plain booleans (`true`, `false`) are resolved.
Money and numbers are parsed later, from that text.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from .i18n import N_, _
from .money import ambiguous_comma, decimal_spelling
from .problems import Level, Problem

Path = tuple[str | int, ...]
Position = tuple[int, int]

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 1_000_000

_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

_PLAIN_VALUES = {
    "": None, "~": None, "null": None, "Null": None, "NULL": None,
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
}
_STANDARD = "tag:yaml.org,2002:"
_TEXT_TAGS = frozenset(_STANDARD + name for name in ("str", "int", "float"))
_BOOL_TAG = _STANDARD + "bool"
_NULL_TAG = _STANDARD + "null"
_SCALAR_TAGS = _TEXT_TAGS | {_BOOL_TAG, _NULL_TAG}
_COLLECTION_TAGS = {MappingStartEvent: _STANDARD + "map", SequenceStartEvent: _STANDARD + "seq"}

_NO_KEY = object()  # the current mapping expects a key next

_INDENTATION_HINT = N_("check the indentation: this line does not line up with the lines above it")
_BACKSLASH_HINT = N_("inside double quotes a backslash starts an escape; use single quotes for text "
                     "with backslashes, e.g. 'C:\\Budget'")
_SYNTAX_HINTS = (  # (words in PyYAML's or libyaml's message, hint)
    ("',' or ']'", N_("a '[' is not closed, or the items are not separated by ','")),
    ("',' or '}'", N_("a '{' is not closed, or the entries are not separated by ','")),
    ("mapping values are not allowed", N_("check the indentation or a missing space after ':'; "
                                          "text containing ': ' must be put in quotes")),
    ("expected key", _INDENTATION_HINT),
    ("expected <block end>", _INDENTATION_HINT),
    ("expected '-' indicator", _INDENTATION_HINT),
    ("could not find expected ':'", N_("a key is missing its ':', or a text goes on to the next line "
                                       "without being indented")),
    ("block sequence entries are not allowed", N_("a '- ' item cannot follow a key on the same line; "
                                                  "put it on its own line, indented")),
    ("expected node content", N_("a value is missing here, or a '[' or '{' above is not closed")),
    ("directive", N_("a line that starts with '%' is read as a YAML directive; start a comment with '#', "
                     "or put text that starts with '%' in quotes")),
    ("escape", _BACKSLASH_HINT),
    ("hexadecimal", _BACKSLASH_HINT),
    ("hexdecimal", _BACKSLASH_HINT),
)
_RESERVED_STARTS = "@`%"
_DIGITS_START = r"[0-9]+(\s*(%|kr|sek))?$"  # what follows a split decimal comma (compiled when first used)
_INVISIBLE_SPACES = {"\u00a0": N_("a no-break space"), "\u202f": N_("a narrow no-break space"),
                     "\u2009": N_("a thin space"), "\u200b": N_("a zero-width space"),
                     "\u3000": N_("an ideographic space")}
# The YAML reader's (libyaml's and PyYAML's) messages that budgets run into: shown translated, others as they are.
_YAML_TEXTS = frozenset((
    N_("did not find expected key"), N_("did not find expected ',' or ']'"), N_("did not find expected ',' or '}'"),
    N_("mapping values are not allowed in this context"), N_("mapping values are not allowed here"),
    N_("could not find expected ':'"), N_("did not find expected node content"),
    N_("did not find expected '-' indicator"), N_("expected <block end>, but found '<block mapping start>'"),
    N_("block sequence entries are not allowed in this context"), N_("found unexpected end of stream"),
    N_("found character that cannot start any token"), N_("found unknown escape character"),
    N_("did not find expected hexdecimal number"), N_("did not find expected <document start>"),
    N_("found a tab character that violates indentation"), N_("found undefined tag handle"),
    N_("found unexpected ':'"), N_("found unexpected document indicator"), N_("found incompatible YAML document"),
    N_("could not find expected directive name"), N_("found unknown directive name"),
    N_("found unexpected non-alphabetical character"), N_("did not find expected comment or line break"),
    N_("did not find expected whitespace"), N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected tag URI"), N_("found a tab character where an indentation space is expected"),
    N_("found invalid Unicode character escape code"),
    N_("while parsing a block mapping"), N_("while parsing a block collection"), N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"), N_("while scanning a simple key"), N_("while scanning a quoted scalar"),
    N_("while scanning a plain scalar"), N_("while scanning a directive"), N_("while scanning a %YAML directive"),
    N_("while scanning a %TAG directive"), N_("while parsing a node"),
    N_("while scanning an anchor"), N_("while scanning an alias"), N_("while scanning a tag"),
    N_("while scanning a block scalar"), N_("while parsing a flow node"), N_("while parsing a block node"),
))


def _too_big() -> str:
    return _("the file is larger than {size} MiB; a budget file is much smaller").format(size=MAX_BYTES // (1024 * 1024))


class Document:
    """A parsed budget file: the plain value tree and where each value and key starts."""

    __slots__ = ("file", "data", "positions", "key_positions", "source")

    def __init__(self, file: str, data: object, positions: dict[Path, Position] | None = None,
                 key_positions: dict[Path, Position] | None = None, source: bytes | None = None):
        self.file, self.data = file, data
        self.positions = positions if positions is not None else {}
        self.key_positions = key_positions if key_positions is not None else {}
        self.source = source  # the UTF-8 source, when parsed from one

    def locate(self, path: Path) -> Position:
        """(line, column) of the value at `path`, else of its longest known prefix, else (1, 1)."""
        path = tuple(path)
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def locate_key(self, path: Path) -> Position:
        """(line, column) of the key of the entry at `path`, else `locate(path)`."""
        return self.key_positions.get(tuple(path)) or self.locate(path)


def load(path: str | os.PathLike, display_name: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse the budget file at `path`; messages name it `display_name` or `path`."""
    file = display_name if display_name is not None else os.fspath(path)
    data, problem = read(path, file)
    if problem is not None:
        return None, [problem]
    return parse(data, file)


def parse(data: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of a budget file; the Document is None when any error was found."""
    if len(data) > MAX_BYTES:
        return None, [_whole_file(file, "yaml-limits", _too_big())]
    problems = []
    if data.startswith(codecs.BOM_UTF8):
        problems.append(Problem(file, 1, 1, Level.WARNING, "bom",
                                _("the file starts with a byte-order mark; it is ignored")))
        data = data[len(codecs.BOM_UTF8):]
    text, problem = _decode(data, file)
    if problem is not None:
        return None, problems + [problem]
    builder = _Builder(file)
    root = builder.run(data, text)
    problems += builder.problems
    if any(problem.is_error for problem in problems):
        return None, problems
    return Document(file, root, builder.positions, builder.key_positions, data), problems


def _whole_file(file: str, check: str, message: str) -> Problem:
    """An error about the file as a whole (line and column 0)."""
    return Problem(file, 0, 0, Level.ERROR, check, message)


def _grouped(number: int) -> str:
    """`1000000` as `1 000 000`."""
    return f"{number:,}".replace(",", " ")


def read(path: str | os.PathLike, file: str) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or the reason it cannot be read (checked before opening it)."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            return None, _whole_file(file, "unreadable", _("this is a directory, not a budget file"))
        if not stat.S_ISREG(info.st_mode):
            return None, _whole_file(file, "unreadable", _("this is not a regular file"))
        if info.st_size > MAX_BYTES:
            return None, _whole_file(file, "yaml-limits", _too_big())
        with open(path, "rb") as stream:
            data = stream.read(info.st_size + 1)  # read(MAX_BYTES + 1) would allocate 16 MiB first, at every file
            if len(data) > info.st_size:  # it grew since: on up to the limit
                data += stream.read(MAX_BYTES + 1 - len(data))
    except FileNotFoundError:
        return None, _whole_file(file, "unreadable", _("no such file"))
    except PermissionError:
        return None, _whole_file(file, "unreadable", _("permission denied: the file cannot be read"))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return None, _whole_file(file, "unreadable", _("the file cannot be read ({reason})").format(reason=reason))
    return data, None


def _decode(data: bytes, file: str) -> tuple[str | None, Problem | None]:
    """The text of a UTF-8 file, or why it is not one."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, Problem(file, 1, 1, Level.ERROR, "encoding",
                             _("the file is saved as UTF-16; save it as UTF-8"))
    if b"\0" in data and _looks_utf16(data):
        return None, Problem(file, 1, 1, Level.ERROR, "encoding",
                             _("the file is saved as UTF-16 (without a byte-order mark); save it as UTF-8"))
    if b"\0" in data:
        return None, _whole_file(file, "unreadable", _("binary file, not a YAML budget"))
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        return None, _encoding_problem(file, data, exc.start)


def _looks_utf16(data: bytes) -> bool:
    """Whether text is UTF-16: in its first characters every other byte is 0 (ASCII), on the same side."""
    head = data[:400] if len(data) % 2 == 0 else b""
    for zeros, others in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if zeros and zeros.count(0) >= 0.9 * len(zeros) and 0 not in others:
            return True
    return False


def _encoding_problem(file: str, data: bytes, bad: int) -> Problem:
    """An `encoding` error at the first byte that is not UTF-8, with a guess at the real encoding."""
    line_start = data.rfind(b"\n", 0, bad) + 1
    line = data.count(b"\n", 0, bad) + 1
    column = len(data[line_start:bad].decode("utf-8")) + 1
    byte = data[bad]
    message = _("byte {byte} is not valid UTF-8; save the file as UTF-8").format(byte=f"0x{byte:02X}")
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return Problem(file, line, column, Level.ERROR, "encoding", message)
    guess = bytes([byte]).decode("cp1252")
    message += _(" (it looks like Latin-1/Windows-1252, where {byte} is '{guess}')").format(byte=f"0x{byte:02X}", guess=guess)
    return Problem(file, line, column, Level.ERROR, "encoding", message)


def _text_position(text: str, index: int) -> Position:
    """1-based (line, column) of the character at `index`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _character_problem(file: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """An `encoding` error for a character that YAML does not allow (mostly control characters)."""
    character = chr(exc.character)
    line, column = _text_position(text, text.find(character))
    return Problem(file, line, column, Level.ERROR, "encoding",
                   _("the character {character} is not allowed in YAML; remove it "
                     "(it is often an invisible control character pasted from another program)").format(
                       character=f"U+{exc.character:04X}"))


def invisible_after_colon(text: str) -> tuple[int, str] | None:
    """Where a key's ':' is followed by a space YAML does not read as one, and which space it is."""
    for index, character in enumerate(text):
        if character in _INVISIBLE_SPACES and index and text[index - 1] == ":":
            return index, f"{_(_INVISIBLE_SPACES[character])} (U+{ord(character):04X})"
    return None


def _syntax_problem(file: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A `yaml-syntax` error with PyYAML's message, where it started, and a hint when one is obvious."""
    mark, context = exc.problem_mark, exc.context_mark
    lines = text.splitlines()  # the same line breaks as YAML's
    for mark_line in {m.line for m in (context, mark) if m is not None}:
        found = invisible_after_colon(lines[mark_line]) if mark_line < len(lines) else None
        if found:
            return Problem(file, mark_line + 1, found[0] + 1, Level.ERROR, "yaml-syntax",
                           _("after ':' comes {space}, which YAML does not read as a space, so the key and "
                             "its value run together; retype it as an ordinary space").format(space=found[1]))
    message = _yaml_text(exc.problem)
    if context is not None and "end of stream" in exc.problem and "quoted" in (exc.context or ""):
        mark = context  # point at the quote that is not closed, not past the end of the file
    if context is not None and (context.line, context.column) != (mark.line, mark.column):
        message += _(" ({context} that starts at line {line}, column {column})").format(
            context=_yaml_text(exc.context or ""), line=context.line + 1, column=context.column + 1)
    line_text = lines[mark.line] if mark.line < len(lines) else ""
    hint = _syntax_hint(exc.problem, exc.context or "", line_text, mark.column)
    if "expected <document start>" in exc.problem and "..." in (line.strip() for line in lines[:mark.line]):
        hint = _("a line '...' ends the YAML document above it; remove the '...' line")
    if hint:
        message += f" — {hint}"
    return Problem(file, mark.line + 1, mark.column + 1, Level.ERROR, "yaml-syntax", message)


def _yaml_text(text: str) -> str:
    """One of the YAML reader's messages in the current language, where the catalog has it."""
    return _(text) if text in _YAML_TEXTS else text


def _syntax_hint(problem: str, context: str, line_text: str, column: int) -> str | None:
    """Plain words for the likely cause of a YAML syntax error, if it is obvious."""
    at = line_text[column:column + 1]
    indentation = line_text[:len(line_text) - len(line_text.lstrip())]
    if at == "\t" or "\t" in indentation:
        return _("a tab character is used for indentation; YAML needs spaces")
    if at and at in _RESERVED_STARTS and "cannot start any token" in problem:
        return _("a value cannot start with '{character}'; put the value in quotes").format(character=at)
    if "end of stream" in problem and "quoted" in context:
        return _("a quote is not closed; add the closing quote")
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            return _(hint)
    return None


class _Stop(Exception):
    """Building stops at once; the problem is already recorded."""


class _Builder:
    """Builds the value tree, its positions and the problems in one pass over the YAML events."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.anchors: dict[str, tuple[object, int]] = {}  # anchor -> (value, number of values in it)
        self.flow_mappings: list[tuple[Path, dict]] = []  # `{…}` mappings, checked for split numbers
        self.flow_ids: set[int] = set()  # their ids, to tell a split number from a duplicate key
        self.documents = 0

    def run(self, data: bytes, text: str) -> object:
        """The root value of the YAML in `data` (UTF-8) whose `text` it is; None (with the problem recorded)
        when reading stopped."""
        self.text = text
        loader = _LOADER(data)  # given the bytes: the text would be encoded to UTF-8 again for libyaml
        try:
            return self._build(iter(loader.get_event, None))  # None after the end of the stream
        except _Stop:
            return None
        except yaml.MarkedYAMLError as exc:
            self.problems.append(_syntax_problem(self.file, text, exc))
        except yaml.reader.ReaderError as exc:
            self.problems.append(_character_problem(self.file, text, exc))
        finally:
            loader.dispose()
        return None

    def _build(self, events) -> object:
        """The root value of the only document in `events`; raises _Stop on a problem that ends reading.

        One loop over local variables, because it runs for every value of the file.
        """
        positions = self.positions
        key_positions = self.key_positions
        stack: list[tuple] = []  # the enclosing collections' saved state
        node: Any = None    # the open collection (None at document level)
        path: Path = ()
        is_map = False
        key: Any = _NO_KEY  # in a mapping: the key of the value to come
        keep = True         # False while building the value of a duplicate key
        count = 0           # values so far, alias expansions included
        root = None
        for event in events:
            kind = event.__class__
            if kind is ScalarEvent:
                if is_map and key is _NO_KEY:  # a key
                    mark = event.start_mark
                    key = event.value
                    key_path = path + (key,)
                    if event.tag is not None or not event.style and key == "<<" or key in node:
                        keep = self._odd_key(event, node, key_path)
                    if keep:
                        key_positions[key_path] = (mark.line + 1, mark.column + 1)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (key, 1)
                    continue
                value: Any = event.value
                if event.tag is not None:
                    value = self._tagged_scalar(event)
                elif not event.style:
                    value = _PLAIN_VALUES.get(value, value)
                count += 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                finished: Any = node
                anchor, start, node, path, is_map, key, keep = stack.pop()
                if anchor is not None:
                    self.anchors[anchor] = (finished, count - start)
                continue
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if is_map and key is _NO_KEY:
                    self._stop(event, "yaml-key", _("a key must be plain text, not a list or a mapping"))
                if event.tag is not None and event.tag != _COLLECTION_TAGS[kind]:
                    self._refuse_tag(event)
                value = {} if kind is MappingStartEvent else []
                if event.flow_style and kind is MappingStartEvent:
                    self.flow_mappings.append((path + (key,) if is_map else path + (len(node),) if node is not None else (), value))
                    self.flow_ids.add(id(value))
                count += 1
            elif kind is AliasEvent:
                if is_map and key is _NO_KEY:
                    self._stop(event, "yaml-key", _("a key must be plain text, not an alias (*)"))
                value, size = self._alias(event, count)
                count += size
            elif kind is DocumentStartEvent:
                self._document_start(event)
                continue
            else:
                continue
            mark = event.start_mark
            here = (mark.line + 1, mark.column + 1)
            if is_map:
                child_path: Path = path + (key,)
                if keep:
                    node[key] = value
                else:
                    keep = True
                key = _NO_KEY
            elif node is not None:
                child_path = path + (len(node),)
                node.append(value)
            else:
                child_path = ()
                root = value
                self._check_empty(event)
            positions[child_path] = here
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                stack.append((event.anchor, count - 1, node, path, is_map, key, keep))
                if len(stack) > MAX_DEPTH:
                    self._stop(event, "yaml-limits",
                               _("the values are nested more than {depth} levels deep").format(depth=MAX_DEPTH))
                node = value
                path = child_path
                is_map = kind is MappingStartEvent
                key = _NO_KEY
        if self.documents == 0:
            self._empty()
        self._split_numbers()
        return root

    def _split_numbers(self) -> None:
        """Report `{ar1: 13 279 868,45}`: inside `{…}` the decimal comma splits the number in two."""
        for path, mapping in self.flow_mappings:
            if None not in mapping.values():
                continue  # the second half of a split number is a key without a value
            items = list(mapping.items())
            for (key, value), (after, empty) in zip(items, items[1:]):
                if empty is None and _split_number(value, after):
                    self._split_number_problem(key, value, after, self.key_positions[path + (after,)])

    def _split_number_problem(self, key: str, value: str, after: str, position: Position) -> None:
        advice = (_("write {thousands} for thousands, or {decimal} for a decimal number").format(
                      thousands=f"{value} {after}", decimal=decimal_spelling(value, after, "."))
                  if ambiguous_comma(value.lstrip("+-"), after)
                  else _("quote the value ({quoted}) or write one entry a line").format(quoted=f'"{value},{after}"'))
        self.problems.append(Problem(
            self.file, *position, Level.ERROR, "decimal-comma",
            _("'{entry}' was read as two entries: inside {braces} a comma separates entries; {advice}").format(
                entry=f"{key}: {value},{after}", braces="{…}", advice=advice)))

    def _odd_key(self, event: ScalarEvent, node: dict, key_path: Path) -> bool:
        """Report a tagged, merge or duplicate key; False when the value to come must not be kept."""
        if event.tag is not None and event.tag not in _SCALAR_TAGS:
            self._refuse_tag(event)
        if event.tag is None and not event.style and event.value == "<<":
            self._problem(event, "yaml-merge", _("merge keys (<<) are not supported; write the values out"))
        if event.value not in node:
            return True
        last_key, last_value = next(reversed(node.items()))
        if id(node) in self.flow_ids and _split_number(last_value, event.value):  # `{ar1: 44,6 %, ar2: 44,6 %}`
            self._split_number_problem(last_key, last_value, event.value, _position(event))
            return False
        first_line = self.key_positions[key_path][0]
        self._problem(event, "duplicate-key", _("duplicate key '{key}' (first at line {line}); "
                                                "YAML would silently keep only the last value").format(
                                                    key=event.value, line=first_line))
        return False

    def _tagged_scalar(self, event: ScalarEvent) -> object:
        """The value of a scalar with an explicit tag: text for !!str/!!int/!!float, resolved !!bool/!!null."""
        tag = event.tag
        if tag == _NULL_TAG:
            return None
        if tag == _BOOL_TAG and event.value.lower() in ("true", "false"):
            return event.value.lower() == "true"
        if tag == _BOOL_TAG:
            self._problem(event, "yaml-tag", _("'!!bool' needs true or false, not '{value}'").format(value=event.value))
        elif tag not in _TEXT_TAGS:
            self._refuse_tag(event)
        return event.value

    def _refuse_tag(self, event) -> None:
        """Report a tag that is not one of the standard ones allowed for this kind of value."""
        self._problem(event, "yaml-tag", _("the tag '{tag}' is not allowed; a budget holds only plain values "
                                           "(text, numbers, true/false), lists and mappings").format(
                                               tag=_display_tag(event.tag)))

    def _alias(self, event: AliasEvent, count: int) -> tuple[object, int]:
        """The anchored value an alias reuses and its size; stops when aliases expand too much."""
        found = self.anchors.get(event.anchor)
        if found is None:
            self._stop(event, "yaml-syntax",
                       _("the alias '{alias}' does not refer to an anchor '{anchor}' defined before it").format(
                           alias=f"*{event.anchor}", anchor=f"&{event.anchor}"))
        if count + found[1] > MAX_VALUES:
            self._stop(event, "yaml-limits",
                       _("aliases expand to more than {count} values (an alias bomb?)").format(count=_grouped(MAX_VALUES)))
        return found

    def _document_start(self, event: DocumentStartEvent) -> None:
        """Count documents; a second one ends reading."""
        self.documents += 1
        if self.documents > 1:
            self._stop(event, "multiple-documents",
                       _("a second YAML document starts here; a budget file holds one document (remove the '---' line)"))

    def _check_empty(self, event) -> None:
        """A document that is only '---' or '...' counts as an empty file."""
        if event.__class__ is ScalarEvent and event.value == "" and not event.style and event.tag is None:
            self._empty()

    def _empty(self) -> None:
        """Report a file without content."""
        message = (_("the file has only comments and blank lines; a budget is a YAML mapping (see `hso-budget init`)")
                   if self.text.strip() else _("the file is empty; a budget is a YAML mapping (see `hso-budget init`)"))
        self.problems.append(Problem(self.file, 1, 1, Level.ERROR, "empty-file", message))

    def _problem(self, event, check: str, message: str) -> None:
        """Report an error at the start of `event`."""
        line, column = _position(event)
        self.problems.append(Problem(self.file, line, column, Level.ERROR, check, message))

    def _stop(self, event, check: str, message: str) -> None:
        """Report a problem at `event` and end reading."""
        self._problem(event, check, message)
        raise _Stop


def _split_number(value: object, after: str) -> bool:
    """Whether `value` and the key `after` it look like one number split at its decimal comma."""
    return isinstance(value, str) and value[-1:].isdigit() and bool(re.match(_DIGITS_START, after, re.IGNORECASE))


def _position(event) -> Position:
    """1-based (line, column) of where an event starts."""
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _display_tag(tag: str) -> str:
    """A tag as it is usually written: `!!python/object` rather than `tag:yaml.org,2002:python/object`."""
    return "!!" + tag[len(_STANDARD):] if tag.startswith(_STANDARD) else tag
