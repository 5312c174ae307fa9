"""Hand commands to the running panel: one JSON object per line each way over a local socket."""

from __future__ import annotations

import errno
import json
import socket
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TextIO

from tvox_panel.handoff import protocol
from tvox_panel.handoff.protocol import (
    COMMANDS,
    MAX_LINE_BYTES,
    RECORD_MODES,
    URI_SCHEMES,
    server_name,
    socket_path,
)

if TYPE_CHECKING:
    import subprocess

__all__ = [
    "COMMANDS",
    "MAX_LINE_BYTES",
    "HandoffError",
    "NoPanel",
    "UsageError",
    "parse_command",
    "run_handoff",
    "send",
    "server_name",
    "socket_path",
    "status_summary",
]

START_TIMEOUT = 15.0
# Commands that start a panel when none runs; the others fail with NoPanel.
_STARTING_COMMANDS = frozenset({"dial", "dial_text", "dial_clipboard", "dial_selection", "show"})
_SIMPLE = {
    "dial-clipboard": "dial_clipboard",
    "dial-selection": "dial_selection",
    "hangup": "hangup",
    "show": "show",
    "quit": "quit",
}
USAGE = """\
usage: tvox-panel dial NUMBER | tvox-panel tel:URI | callto:URI | sip:URI
       tvox-panel dial-text TEXT | tvox-panel dial-clipboard | tvox-panel dial-selection
       tvox-panel record on|off|toggle | tvox-panel hangup | tvox-panel show | quit
       tvox-panel status [--json]"""


def translate(context: str, text: str) -> str:
    """``text`` in the user's language; the catalogue is read only when a message is shown."""
    from tvox_panel.i18n.catalog import translate as lookup

    return lookup(context, text)


class HandoffError(RuntimeError):
    """The panel could not be reached or gave no usable answer."""


class NoPanel(HandoffError):
    """No panel listens on the socket."""


class UsageError(ValueError):
    """A hand-off command with missing or wrong arguments."""


def _decode_answer(line: bytes) -> dict[str, Any]:
    if not line.endswith(b"\n"):
        raise HandoffError(
            translate("tvox-panel", "the panel closed the connection without answering")
        )
    try:
        answer = json.loads(line)
    except ValueError:
        raise HandoffError(
            translate("tvox-panel", "the panel sent an answer that is not JSON")
        ) from None
    if not isinstance(answer, dict):
        raise HandoffError(
            translate("tvox-panel", "the panel sent an answer that is not a JSON object")
        )
    return answer


def _encode(request: dict[str, Any]) -> bytes:
    return json.dumps(request, ensure_ascii=False).encode() + b"\n"


def _read_answer(read: Callable[[], bytes]) -> bytes:
    """Read until the answer's newline (or the end, or too much); the first line only."""
    received = bytearray()
    while b"\n" not in received and len(received) <= MAX_LINE_BYTES:
        chunk = read()
        if not chunk:
            break
        received += chunk
    end = received.find(b"\n")
    return bytes(received if end < 0 else received[: end + 1])


def _send_unix(path: Path, data: bytes, timeout: float) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(path))
        except (FileNotFoundError, ConnectionRefusedError) as error:
            raise NoPanel(translate("tvox-panel", "no panel is running")) from error
        sock.sendall(data)
        return _read_answer(lambda: sock.recv(65536))


def _pipe_exchange(path: Path, data: bytes) -> bytes:
    try:
        pipe = open(str(path), "r+b", buffering=0)  # noqa: SIM115 - closed below
    except FileNotFoundError as error:
        raise NoPanel(translate("tvox-panel", "no panel is running")) from error
    with pipe:
        pipe.write(data)
        return _read_answer(lambda: pipe.read(1))  # a byte at a time: never past the answer


def _send_pipe(path: Path, data: bytes, timeout: float) -> bytes:
    """The exchange on a Windows named pipe, given up after ``timeout`` seconds.

    A pipe opened as a file has no timeout of its own, so the exchange runs on a daemon
    thread: a panel that hangs leaves the command with an error instead of a hung prompt.

    Raises:
        TimeoutError: no answer in time.
    """
    import threading

    outcome: list[bytes | BaseException] = []

    def exchange() -> None:
        try:
            outcome.append(_pipe_exchange(path, data))
        except BaseException as error:  # noqa: BLE001 - handed to the caller below
            outcome.append(error)

    worker = threading.Thread(target=exchange, name="tvox-handoff", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise TimeoutError
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def send(request: dict[str, Any], timeout: float = 5.0, path: Path | None = None) -> dict[str, Any]:
    """Send one request to the running panel and return its answer.

    Raises:
        NoPanel: nothing listens on the socket.
        HandoffError: the panel did not answer in time or answered nonsense.
    """
    data = _encode(request)
    try:
        target = socket_path() if path is None else path
        line = (_send_pipe if protocol.is_windows() else _send_unix)(target, data, timeout)
    except NoPanel:
        raise
    except TimeoutError:
        raise HandoffError(
            translate("tvox-panel", "the panel did not answer within {0} s").format(f"{timeout:g}")
        ) from None
    except OSError as error:
        if error.errno in (errno.ENOENT, errno.ECONNREFUSED):
            raise NoPanel(translate("tvox-panel", "no panel is running")) from error
        raise HandoffError(
            translate("tvox-panel", "cannot reach the panel: {0}").format(error.strerror or error)
        ) from error
    return _decode_answer(line)


def _is_uri(arg: str) -> bool:
    return arg.strip().lower().startswith(URI_SCHEMES)


def _parse(argv: Sequence[str]) -> tuple[dict[str, Any], bool] | None:
    """Return ``(request, as_json)`` for a hand-off command line, or None."""
    if not argv:
        return None
    head, rest = argv[0], list(argv[1:])
    if _is_uri(head):
        if rest:
            raise UsageError(translate("tvox-panel", "a link takes no further arguments"))
        return {"cmd": "dial", "number": head.strip()}, False
    if head == "dial":
        number = " ".join(rest).strip()
        if not number:
            raise UsageError(translate("tvox-panel", "dial needs a number"))
        return {"cmd": "dial", "number": number}, False
    if head == "dial-text":
        text = " ".join(rest)
        if not text.strip():
            raise UsageError(translate("tvox-panel", "dial-text needs a text"))
        if len(text.encode("utf-8", "replace")) > MAX_LINE_BYTES // 2:
            raise UsageError(
                translate("tvox-panel", "the text is too long (at most {0} bytes)").format(
                    MAX_LINE_BYTES // 2
                )
            )
        return {"cmd": "dial_text", "text": text}, False
    if head in _SIMPLE:
        if rest:
            raise UsageError(translate("tvox-panel", "{0} takes no arguments").format(head))
        return {"cmd": _SIMPLE[head]}, False
    if head == "record":
        if len(rest) != 1 or rest[0].lower() not in RECORD_MODES:
            raise UsageError(translate("tvox-panel", "record needs on, off or toggle"))
        return {"cmd": "record", "mode": rest[0].lower()}, False
    if head == "status":
        if rest not in ([], ["--json"]):
            raise UsageError(translate("tvox-panel", "status takes only --json"))
        return {"cmd": "status"}, bool(rest)
    return None


def parse_command(argv: Sequence[str]) -> dict[str, Any] | None:
    """Map a ``tvox-panel`` command line (without the program name) to a request.

    Returns None when the line is not a hand-off command, i.e. the panel should start.

    Raises:
        UsageError: a hand-off command with missing or wrong arguments.
    """
    parsed = _parse(argv)
    return None if parsed is None else parsed[0]


def status_summary(status: dict[str, Any]) -> str:
    """One line describing the object ``status --json`` prints."""
    state = str(status.get("state", "unknown"))
    number = str(status.get("number") or "")
    who = ""
    if status.get("user") or status.get("server"):
        where = translate("tvox-panel", "{0} on {1}")
        who = " (" + where.format(status.get("user") or "?", status.get("server") or "?") + ")"
    if state == "in_call":
        if status.get("recording"):
            text = translate("tvox-panel", "in call with {0}, recording")
        else:
            text = translate("tvox-panel", "in call with {0}")
        text = text.format(number or translate("tvox-panel", "unknown number"))
    elif state == "dialing":
        text = translate("tvox-panel", "dialling {0}").format(number).rstrip()
    else:
        names = {
            "ready": translate("tvox-panel", "ready"),
            "connecting": translate("tvox-panel", "connecting"),
            "offline": translate("tvox-panel", "offline"),
        }
        text = names.get(state, state)
    error = status.get("error")
    last = translate("tvox-panel", "; last error: {0}").format(error) if error else ""
    return text + who + last


def number_refusal(text: str) -> str | None:
    """Why the panel would refuse to dial ``text`` (one translated line), or None.

    Asked before starting a panel for a dial. Reads the number settings from the settings
    file as they are, without touching it (the panel is the one to judge that file).
    """
    from tvox_panel.config import paths
    from tvox_panel.phone.numbers import NormalizeOptions, NumberError
    from tvox_panel.phone.reasons import reason_text
    from tvox_panel.phone.uris import parse_any

    try:
        saved = json.loads(paths.settings_file().read_bytes())
        chosen = {key: saved[key] for key in ("region", "international") if key in saved}
        options = NormalizeOptions(**chosen)
    except (OSError, ValueError, RecursionError, TypeError):  # NumberError is a ValueError
        options = NormalizeOptions()
    try:
        parse_any(text, options)
    except NumberError as error:
        return reason_text(error.reason.value, translate)
    return None


class PanelChild:
    """A panel this command started: whether it has exited, and its last word if so.

    Its standard error goes to an anonymous temporary file, read only once it has exited.

    Args:
        process: The started panel.
        stderr: The file its standard error is written to.
    """

    def __init__(self, process: subprocess.Popen[bytes], stderr: BinaryIO) -> None:
        self._process = process
        self._stderr = stderr
        self._outcome: tuple[int, str] | None = None

    def exited(self) -> tuple[int, str] | None:
        """``(exit code, last line of its error output)`` once it has exited, else None."""
        if self._outcome is not None:
            return self._outcome
        code = self._process.poll()
        if code is None:
            return None
        self._stderr.seek(0)
        text = self._stderr.read()[-4096:].decode(errors="replace")
        self._stderr.close()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        self._outcome = code, last.removeprefix("tvox-panel: ")[:300]
        return self._outcome

    def close(self) -> None:
        """Stop watching (the panel runs on)."""
        self._stderr.close()


class StartedPanel(Protocol):
    def exited(self) -> tuple[int, str] | None: ...


def _spawn_panel() -> PanelChild:
    """Start a panel detached from this process."""
    import subprocess  # only here: it is a measurable part of the hand-off start-up time
    import tempfile

    command = (
        [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "tvox_panel"]
    )
    options: dict[str, Any] = {}
    if protocol.is_windows():
        options["creationflags"] = getattr(subprocess, "DETACHED_PROCESS", 0) | getattr(
            subprocess, "CREATE_NEW_PROCESS_GROUP", 0
        )
    else:
        options["start_new_session"] = True
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - handed to PanelChild, closed there
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        close_fds=True,
        **options,
    )
    return PanelChild(process, stderr)


def _child_failed(child: StartedPanel | None) -> HandoffError | None:
    """The error to report when the panel this command started has exited with an error."""
    outcome = None if child is None else child.exited()
    if outcome is None or outcome[0] == 0:  # 0: it found another panel, which will answer
        return None
    code, reason = outcome
    if code < 0:
        text = translate("tvox-panel", "the panel was stopped by signal {0}").format(-code)
    else:
        text = translate("tvox-panel", "the panel exited with code {0}").format(code)
    return HandoffError(f"{text}: {reason}" if reason else text)


def _wait_for_panel(
    send_request: Callable[[dict[str, Any]], dict[str, Any]],
    deadline: float,
    clock: Callable[[], float],
    pause: Callable[[float], None],
    child: StartedPanel | None = None,
) -> None:
    """Wait until a freshly started panel answers and has finished connecting (or gave up).

    Raises:
        HandoffError: the panel exited with an error before it answered.
    """
    first_answer: float | None = None
    while clock() < deadline:
        try:
            status = send_request({"cmd": "status"})
        except NoPanel:
            failed = _child_failed(child)
            if failed is not None:
                raise failed from None
            pause(0.1)
            continue
        now = clock()
        first_answer = now if first_answer is None else first_answer
        state = status.get("state")
        if state == "connecting":
            pause(0.1)
        elif state == "offline" and status.get("error") is None and now - first_answer < 3.0:
            pause(0.1)  # the login may not have begun yet
        else:
            return


def _write(stream: TextIO | None, text: str) -> None:
    if stream is not None:  # a windowed Windows build has no console streams
        stream.write(text + "\n")
        stream.flush()


def run_handoff(
    argv: Sequence[str],
    *,
    send_request: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    spawn: Callable[[], StartedPanel | None] = _spawn_panel,
    clock: Callable[[], float] = time.monotonic,
    pause: Callable[[float], None] = time.sleep,
) -> int:
    """Run a hand-off command line, print a one-line result and return the exit code.

    0 on success, 1 when the panel refused or cannot be reached, 2 for a usage error.
    ``dial``, ``dial-text``, ``dial-clipboard``, ``dial-selection`` and ``show`` start a panel
    when none runs; if that panel exits with an error, its reason and exit code are reported
    at once. When a text holds several phone numbers, they follow the error line.
    """
    out, err = sys.stdout, sys.stderr
    try:
        parsed = _parse(argv)
    except UsageError as error:
        _write(err, f"tvox-panel: {error}\n{USAGE}")
        return 2
    if parsed is None:
        _write(err, USAGE)
        return 2
    request, as_json = parsed
    do_send = send if send_request is None else send_request
    try:
        try:
            answer = do_send(request)
        except NoPanel:
            if request["cmd"] not in _STARTING_COMMANDS:
                raise
            if request["cmd"] == "dial":
                refusal = number_refusal(request["number"])
                if refusal is not None:  # the panel would refuse it: start nothing
                    raise HandoffError(refusal) from None
            child = spawn()
            try:
                _wait_for_panel(do_send, clock() + START_TIMEOUT, clock, pause, child)
                answer = do_send(request)
            except NoPanel:
                raise _child_failed(child) or HandoffError(
                    translate("tvox-panel", "the panel did not start within {0} s").format(
                        f"{START_TIMEOUT:g}"
                    )
                ) from None
            finally:
                if isinstance(child, PanelChild):
                    child.close()
    except HandoffError as error:
        _write(err, f"tvox-panel: {error}")
        return 1
    if not answer.get("ok"):
        text = str(answer.get("error") or translate("tvox-panel", "the panel refused the command"))
        candidates = answer.get("candidates")
        if isinstance(candidates, list) and candidates:
            text += " (" + ", ".join(str(number) for number in candidates) + ")"
        _write(err, "tvox-panel: " + text)
        return 1
    if request["cmd"] == "status":
        status = {key: value for key, value in answer.items() if key not in ("ok", "message")}
        _write(out, json.dumps(status, ensure_ascii=False) if as_json else status_summary(status))
    else:
        _write(out, str(answer.get("message") or "ok"))
    return 0


if __name__ == "__main__":
    sys.exit(run_handoff(sys.argv[1:]))
