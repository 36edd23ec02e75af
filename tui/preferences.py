"""The app's own preferences (the theme), kept in the user's config folder, never in the journal.

A journal is shared through git and read on other machines; how this terminal shows it is the
user's: `$XDG_CONFIG_HOME/followup/config.toml` (by default `~/.config/followup/`). A file that
cannot be read gives the defaults and a message, never a failed start.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.app import App
from textual.theme import Theme

from journal.atomic import atomic_write

FILE = "config.toml"


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_CONFIG_HOME/followup`, or `~/.config/followup` when it is unset or not absolute (the XDG rule)."""
    base = environ.get("XDG_CONFIG_HOME", "")
    folder = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return folder / "followup"


def load_preferences(folder: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The preferences (text values only) and, when the file is broken, why (to tell the user)."""
    path = (folder or config_dir()) / FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: {exc}; the default preferences are used"
    return {key: value for key, value in data.items() if isinstance(value, str)}, None


def save_preference(key: str, value: str, folder: Path | None = None) -> None:
    """Set one preference, keeping the others (raises OSError when the folder cannot be written)."""
    folder = folder or config_dir()
    known, _ = load_preferences(folder)
    if known.get(key) == value:
        return
    known[key] = value
    folder.mkdir(parents=True, exist_ok=True)
    text = "# Follow-up Journal: this terminal's preferences (the journal's own settings are in journal.yaml)\n"
    text += "".join(f"{name} = {json.dumps(item, ensure_ascii=False)}\n" for name, item in sorted(known.items()))
    atomic_write(folder / FILE, text.encode(), durable=False)


def use_saved_theme(app: App[Any]) -> str | None:
    """Start in the theme this terminal's user picked last; returns why the preferences could not be read."""
    known, problem = load_preferences()
    if known.get("theme") in app.available_themes:
        app.theme = known["theme"]
    return problem


def remember_theme(app: App[Any], theme: Theme) -> None:
    """The theme picked in the palette is kept for the next start (told, not raised, when it cannot be)."""
    try:
        save_preference("theme", theme.name)
    except OSError as exc:
        app.notify(f"The theme is not remembered: {exc}", title="Preferences", severity="warning")
