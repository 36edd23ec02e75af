"""Follow-up Journal's core: records, front matter, storage and the follow-up rules.

Standard library and PyYAML only (the `holidays` package is imported lazily when a
country is configured, `merge3` by `journal.merge` for bodies, `icalendar` by `journal.ical`
and `journal.invites` when a calendar is written or an invite read); neither the terminal app
nor the site builder is imported here.
"""

from journal.agenda import agenda, budget, pestering_guard, pestering_warnings
from journal.items import Item
from journal.loader import find_root, load
from journal.model import Journal, PersonView
from journal.policy import Policy
from journal.problems import ConflictError, JournalError, JournalNotFound, Problem, RecordError, SaveError
from journal.records import FollowUp, Interview, Interviewer, Person
from journal.settings import Settings
from journal.store import Saved, create, save

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
    "agenda",
    "budget",
    "create",
    "find_root",
    "load",
    "pestering_guard",
    "pestering_warnings",
    "save",
]
