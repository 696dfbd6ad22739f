"""Reading and checking the TOML files under ``config/``, with one-line errors.

Settings, content and scenarios are all TOML, and all fail the same way: a
:class:`ConfigError` whose text is one line naming the file, the entry and
the problem, so a deployer sees exactly what to fix. This module is the
toolkit they share; it knows nothing about what any file means. Each
file's shape is a pydantic model (pydantic v2: the standard way to declare
data in Python, typed, with the errors located); :func:`validate` reads a
file as its model and turns pydantic's first problem into that one line
(:func:`config_error`).
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
)

#: The largest settings or content file read. The shipped ones are a few
#: KiB; anything near this size is the wrong file.
MAX_FILE_SIZE = 1024 * 1024

#: A stable id: it goes in form field names, URLs and other files.
ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")

T = TypeVar("T")
M = TypeVar("M", bound="BaseModel")


class ConfigError(RuntimeError):
    """A settings or content file is wrong.

    ``str(error)`` is a single line naming the file, the entry and the
    problem, so a deployer sees exactly what to fix when start-up stops.
    A RuntimeError, because that is what gunicorn reports as one line
    (``Error: ...``) when loading the app fails, rather than a traceback.
    """

    def __init__(self, file: Path | str, entry: str, problem: str) -> None:
        self.file = str(file)
        self.entry = entry
        self.problem = problem
        super().__init__(f"{self.file}: {entry}: {problem}")


def read_toml(path: Path) -> dict:
    """Parse a settings or content TOML file; any failure becomes a one-line ConfigError.

    Only a regular file is read, and only up to :data:`MAX_FILE_SIZE`: a
    path to a folder, a device (``/dev/zero`` never ends) or a pipe (which
    waits for a writer) is refused by name, never read.
    """
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ConfigError(path, "(file)", "not found") from None
    except OSError as error:
        raise ConfigError(path, "(file)", f"cannot be opened ({error.strerror})") from None
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        problem = "is a folder, not a file" if stat.S_ISDIR(mode) else "is not a regular file"
        raise ConfigError(path, "(file)", problem)
    with os.fdopen(handle, "rb") as file:
        try:
            data = file.read(MAX_FILE_SIZE + 1)
        except OSError as error:
            raise ConfigError(path, "(file)", f"cannot be read ({error.strerror})") from None
    if len(data) > MAX_FILE_SIZE:
        size = f"{MAX_FILE_SIZE // 1024} KiB"
        raise ConfigError(path, "(file)", f"is over {size}: is it the right file?")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(path, "(file)", f"is not UTF-8 text (byte {error.start + 1})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, "(file)", f"not valid TOML: {error}") from None


def inside_config(folder: Path, setting: str, path: Path) -> Path:
    """``path``, if it is inside the config ``folder``; else a one-line ConfigError.

    Only a file the organization put in its config folder is read for
    ``LOCAL_RESOURCES``: an absolute path, "../" or a link out of the folder
    could name any file on the machine, to be read and quoted in an error
    message.
    """
    try:
        resolved = path.resolve()
        # A name the system cannot take (too long) is refused here, not later.
        resolved.exists()
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links
        reason = "a loop of links" if isinstance(error, RuntimeError) else error.strerror
        problem = f"{setting!r} cannot be used ({reason})"
        raise ConfigError(folder, "LOCAL_RESOURCES", problem) from None
    if not resolved.is_relative_to(folder.resolve()):
        raise ConfigError(
            folder, "LOCAL_RESOURCES", f"{setting!r} must name a file inside this config folder"
        )
    return path


class Table(BaseModel):
    """One TOML table's declared shape, and the frozen object it becomes.

    Strict: a TOML file already has types (a quoted "3" is not a number,
    ``true`` is not 1); unknown keys refused, since a typo would otherwise
    vanish; frozen, since what start-up loads is only read after.
    """

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _blank_check(value: str, info: ValidationInfo) -> str:
    if not value.strip():
        raise ValueError(f"{info.field_name!r} should be a non-empty str")
    return value


def _id_check(value: str, info: ValidationInfo) -> str:
    if not ID.match(value):
        raise ValueError(
            f"{info.field_name} {value!r} should be lower-case letters, digits and dashes"
        )
    return value


def _paragraphs(value: object, info: ValidationInfo) -> object:
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(p, str) and p.strip() for p in value)
    ):
        raise ValueError(f"{info.field_name!r} should be a list of non-empty paragraphs")
    return tuple(value)


def _tuple(value: object) -> object:
    # TOML arrays arrive as lists; the frozen objects hold tuples.
    return tuple(value) if isinstance(value, list) else value


#: A string that says something (not empty, not only spaces).
Text = Annotated[str, AfterValidator(_blank_check)]
#: A stable id: it goes in form field names, URLs and other files.
Id = Annotated[str, AfterValidator(_id_check)]
#: A non-empty list of non-empty strings, kept as a tuple.
Paragraphs = Annotated[tuple[str, ...], BeforeValidator(_paragraphs)]
#: A TOML array kept as a tuple: ``Tuple[Item]`` (empty allowed).
Tuple = Annotated[tuple[T, ...], BeforeValidator(_tuple)]
#: A non-empty array of tables, kept as a tuple.
Tables = Annotated[tuple[T, ...], BeforeValidator(_tuple), Field(min_length=1)]


#: The key of a field the loader fills in (see :func:`loaded`): none a file writes.
_LOADED = "(loaded)"


def loaded(default: object) -> Any:
    """A field the loader fills in (a date from the facts list), never read from a file.

    Its only key is one no file writes, so the file's key of that name is
    refused as unknown; :meth:`~pydantic.BaseModel.model_copy` sets it.
    """
    return Field(default, validation_alias=_LOADED)


def one_of(values: tuple[str, ...], wording: str = "should be one of") -> AfterValidator:
    """A value from a fixed list, named in the problem (``kind 'sms' should be one of ...``).

    Where a ``Literal`` would do, but the problem must keep the wording a
    deployer has seen; see :func:`config_error` for the ``Literal`` one.
    """

    def check(value: str, info: ValidationInfo) -> str:
        if value not in values:
            raise ValueError(f"{info.field_name} {value!r} {wording} {', '.join(values)}")
        return value

    return AfterValidator(check)


#: How the entries of each array of tables (or table of tables) are named in a
#: problem, by the key that holds them; see :func:`config_error`.
NAMES = {
    "sources": "sources.",
    "triage": "triage",
    "groups": "group",
    "items": "item",
    "purposes": "purpose #",
    "resources": "resource",
    "channels": "channel",
    "steps": "step",
    "notes": "note",
    "facts": "fact",
    "languages": "language",
    "present": "key.present",
    "absent": "key.absent",
    "cues": "cues ",
}

#: The problem each kind of pydantic error is, in the words ``check-config`` uses.
_PROBLEMS = {
    "extra_forbidden": "unknown key {key!r}",
    "missing": "missing {key!r}",
    "too_short": "{named}is empty",
    "model_type": "{named}should be a table",
    "dict_type": "{named}should be a table",
    "date_type": "{key} should be a plain date, like 2026-11-27",
    "string_type": "{named}should be a non-empty str",
    "int_type": "{named}should be a non-empty int",
    "bool_type": "{named}should be a non-empty bool",
    "list_type": "{named}should be a non-empty list",
    "tuple_type": "{named}should be a non-empty list",
}


def config_error(
    path: Path,
    model: type[BaseModel],
    error: ValidationError,
    data: object,
    names: Mapping[str, str] | None = NAMES,
) -> ConfigError:
    """The first problem pydantic found in ``data`` (``path`` read as ``model``), in one line.

    The entry is named as a deployer finds it in the file: ``(file)`` for a
    top-level key, ``key.minor`` for a table, and for an array of tables or
    a table of tables the word ``names`` gives its key: ``group 'work'`` by
    its id when that is valid, else ``purpose #1`` by position (always, for
    a word ending in "#" or a space), nested under its parent (``group
    'work' item #1``); ``sources.dhs`` for a word ending in ".". An unknown
    key comes first: a misspelt key is a missing one too, and the typo is
    what to fix. Without ``names`` (settings), the entry is the setting.
    """
    errors = error.errors()
    found = min(errors, key=lambda e: e["type"] != "extra_forbidden")
    bad = {e["loc"] for e in errors}
    entry, key, value, here, parts = "(file)", None, data, (), list(found["loc"])
    number = ""
    if names is None:
        entry, parts = str(parts[0]), []
    while parts:
        part = parts.pop(0)
        here += (part,)
        inner = value.get(part) if isinstance(value, dict) and isinstance(part, str) else None
        word = names.get(part, "") if isinstance(part, str) else ""
        if word and isinstance(inner, list) and parts and _table_at(inner, parts[0]):
            n = parts.pop(0)
            here += (n,)
            value = inner[n]
            ident_key = "tag" if isinstance(value, dict) and "tag" in value else "id"
            ident = value.get(ident_key) if isinstance(value, dict) else None
            by_id = isinstance(ident, str) and (*here, ident_key) not in bad
            if word.endswith(("#", " ")):
                entry = f"{word}{n + 1}"
            elif by_id and entry == "(file)":
                entry = f"{word} {ident!r}"
            else:
                entry = f"{'' if entry == '(file)' else entry + ' '}{word} #{n + 1}"
            key = None
        elif word and isinstance(inner, dict) and parts:
            name = parts.pop(0)
            entry = f"{word}{name}" if word.endswith(".") else f"{word} {name!r}"
            value, key = inner.get(name), None
        elif isinstance(inner, dict) and (parts or found["type"] == "value_error"):
            entry, value = part if entry == "(file)" else f"{entry}.{part}", inner
        elif key is not None and isinstance(part, int):
            number = f" #{part + 1}"  # a value in an array: 'sources' #2
        else:
            key = key or part
    named = f"{key!r}{number} " if key is not None else ""
    if found["type"] == "value_error":
        problem = str(found["ctx"]["error"])
    elif found["type"] == "literal_error":
        allowed = ", ".join(filter(None, re.findall(r"'([^']*)'", found["ctx"]["expected"])))
        problem = f"{key} {found['input']!r} should be one of {allowed}"
    elif names is None:  # a setting of the wrong type
        problem = f"has the wrong type ({type(found['input']).__name__})"
    else:
        template = _PROBLEMS.get(found["type"], "{named}{msg}")
        problem = template.format(key=key, named=named, msg=found["msg"])
        if found["type"] == "extra_forbidden":
            problem += f" (allowed: {', '.join(_keys(model, found['loc']))})"
    return ConfigError(path, entry, problem)


def _keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a file may write in the table at ``loc`` (its last part being a key)."""
    for part in loc[:-1]:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        model = next(_models(field.annotation), model) if field else model
    fields = model.model_fields.items()
    keys = [field.validation_alias or field.alias or name for name, field in fields]
    return [key for key in keys if key != _LOADED]


def _models(annotation: object) -> Iterator[type[BaseModel]]:
    # The model an annotation holds: Resource in tuple[Resource, ...], Role in Role | None.
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for argument in get_args(annotation):
        yield from _models(argument)


def _table_at(array: list, index: object) -> bool:
    return isinstance(index, int) and index < len(array) and isinstance(array[index], dict)


def validate(
    model: type[M], path: Path, data: object, names: Mapping[str, str] | None = NAMES
) -> M:
    """``data`` (read from ``path``) as a ``model``; any problem is a one-line ConfigError."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise config_error(path, model, error, data, names) from None


def check_unique(path: Path, kind: str, ids: Iterable[str]) -> None:
    """Stop at the first id that appears twice, naming its kind (``item 'x'``)."""
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise ConfigError(path, f"{kind} {ident!r}", "duplicate id")
        seen.add(ident)
