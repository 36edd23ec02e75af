"""The command palette: every action of the current screen and of the app, by name, with its keys.

Screens and the app list their actions as `PALETTE` entries naming the same actions their
key bindings run, so a key and a palette entry can never drift apart: the keys an entry shows
are read from the BINDINGS that run its action, and an entry whose action does not apply here
(`check_action` says no: `git init` inside a repository) is not offered.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import NamedTuple

from textual.actions import parse
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode


class Command(NamedTuple):
    title: str
    help: str
    action: str
    """An action string, run on the screen (or app) that lists it, e.g. `mark_done` or `switch_mode('today')`."""


def bindings_of(node: DOMNode) -> Iterator[Binding]:
    """Every binding declared on the node's class and its bases, one per key."""
    for cls in type(node).__mro__:
        yield from Binding.make_bindings(cls.__dict__.get("BINDINGS", ()))


def keys_for(node: DOMNode, action: str) -> str:
    """The keys that run `action` on `node`, as the footer writes them ("^g", "t"); "" when none."""
    shown = dict.fromkeys(node.app.get_key_display(b) for b in bindings_of(node) if b.action == action)
    return " ".join(shown)


def applies(node: DOMNode, action: str) -> bool:
    """Whether the node would run the action now (its `check_action`)."""
    _, name, parameters = parse(action)
    return node.check_action(name, parameters) is True


class ScreenCommands(Provider):
    """What makes sense here: the current screen's actions first, then the app's."""

    def _commands(self) -> Iterator[tuple[Command, DOMNode, str]]:
        for node in (self.screen, self.app):
            for command in getattr(node, "PALETTE", ()):
                if applies(node, command.action):
                    yield command, node, keys_for(node, command.action)

    async def _run(self, node: DOMNode, action: str) -> None:
        await self.app.run_action(action, node)

    @staticmethod
    def _shown(title: Content | str, keys: str) -> Content:
        display = Content(title) if isinstance(title, str) else title
        return display + Content.styled(f"  {keys}", "dim") if keys else display

    async def discover(self) -> Hits:
        for command, node, keys in self._commands():
            yield DiscoveryHit(
                self._shown(command.title, keys),
                partial(self._run, node, command.action),
                text=command.title,
                help=command.help,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, node, keys in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    self._shown(matcher.highlight(command.title), keys),
                    partial(self._run, node, command.action),
                    text=command.title,
                    help=command.help,
                )
