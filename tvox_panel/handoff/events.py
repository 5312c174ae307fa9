"""``tvox-panel events``: follow the running panel's event stream (no Qt)."""

from __future__ import annotations

import json
import socket
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from tvox_panel.handoff import protocol
from tvox_panel.handoff.client import HandoffError, NoPanel, translate

SUBSCRIBE = b'{"cmd": "subscribe"}\n'
# One byte past the longest line: what is read of a longer one is enough to refuse it.
_LINE_LIMIT = protocol.MAX_LINE_BYTES + 1


def _lines_unix(path: Path) -> Iterator[bytes]:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        try:
            sock.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError) as error:
            raise NoPanel(translate("tvox-panel", "no panel is running")) from error
        sock.sendall(SUBSCRIBE)
        with sock.makefile("rb") as stream:
            while line := stream.readline(_LINE_LIMIT):
                yield line


def _lines_pipe(path: Path) -> Iterator[bytes]:
    try:
        pipe = open(str(path), "r+b", buffering=0)  # noqa: SIM115 - closed below
    except FileNotFoundError as error:
        raise NoPanel(translate("tvox-panel", "no panel is running")) from error
    with pipe:
        pipe.write(SUBSCRIBE)
        while line := pipe.readline(_LINE_LIMIT):
            yield line


def stream(path: Path | None = None) -> Iterator[dict[str, Any]]:
    """Subscribe and yield each event as the panel sends it, until the panel goes away.

    Raises:
        NoPanel: no panel listens.
        HandoffError: the panel refused the subscription or sent something unreadable.
    """
    target = path or protocol.socket_path()
    lines = (_lines_pipe if protocol.is_windows() else _lines_unix)(target)
    first = True
    for line in lines:
        if len(line) > protocol.MAX_LINE_BYTES or not line.endswith(b"\n"):
            raise HandoffError(translate("tvox-panel", "the panel sent an unreadable event"))
        try:
            obj = json.loads(line)
        except ValueError:
            raise HandoffError(
                translate("tvox-panel", "the panel sent an unreadable event")
            ) from None
        if not isinstance(obj, dict):
            raise HandoffError(translate("tvox-panel", "the panel sent an unreadable event"))
        if first:
            first = False
            if not obj.get("ok"):
                raise HandoffError(str(obj.get("error") or "subscription refused"))
            continue
        yield obj


def describe(event: dict[str, Any]) -> str:
    """One line for a person: time, event, then what it says."""
    moment = event.get("time")
    clock = (
        time.strftime("%H:%M:%S", time.localtime(moment))
        if isinstance(moment, (int, float))
        else "--:--:--"
    )
    rest = " ".join(
        f"{key}={value}"
        for key, value in event.items()
        if key not in ("event", "time") and value not in (None, "", [])
    )
    line = f"{clock} {event.get('event', '?')} {rest}".rstrip()
    # Values come from the server: no escape sequence reaches the terminal.
    return "".join(ch if ch.isprintable() else "?" for ch in line)


def run_events(argv: Sequence[str], out: TextIO | None = None) -> int:
    """``tvox-panel events [--json]``: print each event as it comes; exit 0 when the panel quits."""
    out = out or sys.stdout
    if list(argv) not in ([], ["--json"]):
        print(translate("tvox-panel", "events takes only --json"), file=sys.stderr)
        return 2
    as_json = bool(argv)
    try:
        for event in stream():
            out.write(
                (json.dumps(event, ensure_ascii=False) if as_json else describe(event)) + "\n"
            )
            out.flush()
    except KeyboardInterrupt:
        return 0
    except (HandoffError, OSError) as error:
        print(f"tvox-panel: {error}", file=sys.stderr)
        return 1
    return 0
