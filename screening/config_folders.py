"""Where the configuration comes from: the shipped folder, and the organization's folder over it.

The shipped folder (``screening/default_config`` in an installed wheel,
``config/`` in a checkout, or ``SCREENING_CONFIG_DIR``) holds the content,
the scenarios, the confirmed facts and the default settings: an upgrade
replaces it, and nobody edits it. The organization's folder
(``SCREENING_ORG_DIR``) holds what the organization owns, read over the
shipped files: ``settings.toml`` (key by key), ``sources.toml`` (its own
facts, and its re-confirmations of shipped ones) and its resources files
(``LOCAL_RESOURCES``). An upgrade never touches it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config_files import inside_config

#: The organization's facts file, named as the shipped one is.
SOURCES_FILE = "sources.toml"
#: The organization's settings file, named as the shipped one is.
SETTINGS_FILE = "settings.toml"


@dataclass(frozen=True)
class ConfigFolders:
    """The shipped folder, the organization's (if any), and its resources file (if any)."""

    shipped: Path
    organization: Path | None = None
    #: The organization's resources file (``LOCAL_RESOURCES``), found and checked.
    local_resources: Path | None = None

    @property
    def own(self) -> Path:
        """The folder the organization's files are in: its own, else (as before) the shipped one."""
        return self.organization or self.shipped

    def own_facts_files(self) -> tuple[Path, ...]:
        """The files holding the organization's ``[[facts]]``, in the order they are read."""
        files = []
        if self.organization is not None and (self.organization / SOURCES_FILE).exists():
            files.append(self.organization / SOURCES_FILE)
        if self.local_resources is not None and self.local_resources.exists():
            files.append(self.local_resources)
        return tuple(files)

    def own_facts_names(self) -> str:
        """The organization's facts files, for a problem that names where a fact should be."""
        names = [
            str(path) if self.organization else str(path.relative_to(self.own))
            for path in self.own_facts_files()
        ]
        return " or ".join(names)

    def with_local_resources(self, setting: str) -> ConfigFolders:
        """These folders, with ``LOCAL_RESOURCES`` found in the organization's folder."""
        if not setting:
            return self
        path = self.own / setting
        return ConfigFolders(
            self.shipped, self.organization, inside_config(self.own, setting, path)
        )
