"""Follow-up Journal's core: records, front matter, storage and the follow-up rules.

Standard library and PyYAML only (the `holidays` package is imported lazily when a
country is configured, `merge3` by `journal.merge` for bodies, `icalendar` by `journal.ical`
and `journal.invites` when a calendar is written or an invite read); neither the terminal app
nor the site builder is imported here.

The names below are imported when first used (PEP 562), so a command that needs only part
of the core, such as `followup build` finding the site current, does not pay for the rest.
The rules themselves are `journal.agenda.agenda`: the module and its function share a name.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from journal.agenda import budget, pestering_guard, pestering_warnings
    from journal.items import Item
    from journal.layout import find_root
    from journal.loader import load
    from journal.model import Journal, PersonView
    from journal.policy import Policy
    from journal.problems import ConflictError, JournalError, JournalNotFound, Problem, RecordError, SaveError
    from journal.records import FollowUp, Interview, Interviewer, Person
    from journal.settings import Settings
    from journal.store import Saved, create, save

_HOMES = {
    "journal.agenda": ("budget", "pestering_guard", "pestering_warnings"),
    "journal.items": ("Item",),
    "journal.layout": ("find_root",),
    "journal.loader": ("load",),
    "journal.model": ("Journal", "PersonView"),
    "journal.policy": ("Policy",),
    "journal.problems": ("ConflictError", "JournalError", "JournalNotFound", "Problem", "RecordError", "SaveError"),
    "journal.records": ("FollowUp", "Interview", "Interviewer", "Person"),
    "journal.settings": ("Settings",),
    "journal.store": ("Saved", "create", "save"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "ConflictError",
    "FollowUp",
    "Interview",
    "Interviewer",
    "Item",
    "Journal",
    "JournalError",
    "JournalNotFound",
    "Person",
    "PersonView",
    "Policy",
    "Problem",
    "RecordError",
    "SaveError",
    "Saved",
    "Settings",
    "budget",
    "create",
    "find_root",
    "load",
    "pestering_guard",
    "pestering_warnings",
    "save",
]


def __getattr__(name: str) -> Any:
    """A public name from its home module, or a submodule (`journal.store`) imported when first named."""
    home = _HOME_OF.get(name)
    if home is None:
        try:
            return import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
