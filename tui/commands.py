"""The command palette: every action of the current screen and of the app, by name.

Screens and the app list their actions as `PALETTE` entries naming the same actions their
key bindings run, so a key and a palette entry can never drift apart.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode


class Command(NamedTuple):
    title: str
    help: str
    action: str
    """An action string, run on the screen (or app) that lists it, e.g. `mark_done` or `switch_mode('today')`."""


class ScreenCommands(Provider):
    """What makes sense here: the current screen's actions first, then the app's."""

    def _commands(self) -> Iterator[tuple[Command, DOMNode]]:
        for node in (self.screen, self.app):
            for command in getattr(node, "PALETTE", ()):
                yield command, node

    async def _run(self, node: DOMNode, action: str) -> None:
        await self.app.run_action(action, node)

    async def discover(self) -> Hits:
        for command, node in self._commands():
            yield DiscoveryHit(command.title, partial(self._run, node, command.action), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, node in self._commands():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.title), partial(self._run, node, command.action), help=command.help
                )
