"""What the app loads at start-up, in one typed object, and the one way to reach it.

Content, the form classes built from it, the training scenarios and the
hand-over page's list of languages are read and checked once, when the app
is created (:meth:`AppData.load`); requests only read them, through
:func:`app_data` or, in their own language, :mod:`screening.current`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from flask import Flask, current_app

from .config_folders import ConfigFolders
from .content import Content
from .content_loader import load_library
from .fact_checks import check_shown
from .facts import Facts, load_facts
from .forms import ChecklistFormBase, build_form_classes
from .group_debrief import GroupDebriefFormBase, build_group_form_classes
from .scenario_loader import load_scenarios
from .scenarios import Scenario
from .spoken_languages import SpokenLanguage, load_spoken_languages

#: The key under ``app.extensions``; read it only through :func:`app_data`.
_EXTENSION = "screening"


@dataclass(frozen=True)
class AppData:
    """Everything loaded from the config folder, per language (English first) where it has one."""

    languages: tuple[str, ...]
    content: Mapping[str, Content]
    forms: Mapping[str, type[ChecklistFormBase]]
    #: The group debrief's form class, per language.
    group_forms: Mapping[str, type[GroupDebriefFormBase]]
    scenarios: Mapping[str, Mapping[str, Scenario]]
    #: The confirmed facts (sources.toml); every number shown is one of them.
    facts: Facts
    #: The hand-over page's "point to your language" list (config/languages.toml).
    spoken_languages: tuple[SpokenLanguage, ...]

    @classmethod
    def load(cls, folders: ConfigFolders) -> AppData:
        """Read and check every content and scenario file; raises ConfigError (one line)."""
        folder, local = folders.shipped, folders.local_resources
        # The facts first: they date each resource the content shows.
        facts = load_facts(folder, *folders.own_facts_files())
        content = load_library(folder, local, facts)
        scenarios = load_scenarios(folder, content)
        check_shown(folder, facts, local, folders.own_facts_names())
        return cls(
            languages=tuple(content),
            content=MappingProxyType(content),
            forms=MappingProxyType(build_form_classes(content)),
            group_forms=MappingProxyType(build_group_form_classes(content)),
            scenarios=MappingProxyType(scenarios),
            facts=facts,
            spoken_languages=load_spoken_languages(folder, tuple(content)),
        )

    def init_app(self, app: Flask) -> None:
        """Attach to ``app``, for :func:`app_data`."""
        app.extensions[_EXTENSION] = self


def app_data(app: Flask | None = None) -> AppData:
    """What ``app`` (default: the current app) loaded at start-up."""
    return (app or current_app).extensions[_EXTENSION]
