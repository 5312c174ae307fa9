"""``tvox-call``: the TVox WebAPI client from a shell, with exact exit codes."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from tvox_panel.i18n.catalog import translate

if TYPE_CHECKING:
    from tvox_panel.config.settings import Settings
    from tvox_panel.webapi import TVoxClient

EXIT_OK, EXIT_USAGE, EXIT_AUTH, EXIT_REFUSED, EXIT_TRANSPORT = 0, 2, 3, 4, 5
PROG = "tvox-call"
MAX_DIGITS = 15  # E.164


class UsageError(Exception):
    """Bad usage or bad input, refused before anything was sent (exit 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line and never exits by itself."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG, description=translate("tvox-call", "Place and record TVox calls from a shell.")
    )
    p.add_argument(
        "--url",
        help=translate("tvox-call", "TVox server: host, https://host or the full WebAPI URL"),
    )
    p.add_argument("--user", help=translate("tvox-call", "WebAPI login user"))
    p.add_argument(
        "--agent",
        help=translate("tvox-call", "agent whose phone places the call (default: --user)"),
    )
    p.add_argument(
        "--timeout",
        type=float,
        help=translate("tvox-call", "seconds a request may take in all, whatever the server does"),
    )
    p.add_argument(
        "--proxy",
        metavar="URL|none",
        help=translate("tvox-call", "proxy URL, or none (default: the system's proxy settings)"),
    )
    p.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help=translate("tvox-call", "print log lines on standard error"),
    )
    p.add_argument(
        "--insecure",
        action="store_true",
        help=translate("tvox-call", "do not verify TLS certificates"),
    )
    p.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help=translate("tvox-call", "CA bundle for the server certificate"),
    )
    p.add_argument(
        "--json", action="store_true", help=translate("tvox-call", "print results as JSON")
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help=translate("tvox-call", "read the password from standard input"),
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    sub.add_parser("version", help=translate("tvox-call", "server and WebAPI version"))
    sub.add_parser("login", help=translate("tvox-call", "check credentials; print user and roles"))
    d = sub.add_parser("dial", help=translate("tvox-call", "place a call; print its call id"))
    d.add_argument("number")
    d.add_argument(
        "--record",
        action="store_true",
        help=translate("tvox-call", "record the call from the start"),
    )
    d.add_argument("--rec-name", metavar="NAME", help=translate("tvox-call", "recording file name"))
    d.add_argument("--access-code", metavar="C", default="")
    d.add_argument("--job-label", metavar="L", default="")
    d.add_argument("--service-code", metavar="S", default="")
    r = sub.add_parser("rec-on", help=translate("tvox-call", "start recording"))
    r.add_argument("call_id", metavar="CALL_ID")
    r.add_argument("--rec-name", metavar="NAME")
    sub.add_parser("rec-off", help=translate("tvox-call", "stop recording")).add_argument(
        "call_id", metavar="CALL_ID"
    )
    sub.add_parser("hangup", help=translate("tvox-call", "hang up a call")).add_argument(
        "call_id", metavar="CALL_ID"
    )
    sub.add_parser("calls", help=translate("tvox-call", "the agent's current service calls"))
    s = sub.add_parser("recordings", help=translate("tvox-call", "search recorded calls"))
    s.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help=translate("tvox-call", "from (default: today)"),
    )
    s.add_argument(
        "--to", dest="date_to", metavar="DATE", help=translate("tvox-call", "to (default: now)")
    )
    s.add_argument(
        "--name", metavar="TEXT", help=translate("tvox-call", "part of the recording file name")
    )
    s.add_argument(
        "--check",
        action="store_true",
        help=translate(
            "tvox-call", "for each recorded call in the panel's log: verified, pending or missing"
        ),
    )
    return p


def _password(args: argparse.Namespace, server: str, user: str, stdin: TextIO) -> str:
    env = os.environ.get("TVOX_PASSWORD")
    if env:
        return env
    if args.password_stdin:
        line = stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageError(translate("tvox-call", "no password on standard input"))
        return line
    from tvox_panel.config.password import PasswordStore

    saved = PasswordStore().get(server, user)
    if saved:
        return saved
    if stdin.isatty():
        try:
            return getpass.getpass(translate("tvox-call", "Password for {0}: ").format(user))
        except EOFError:
            raise UsageError(translate("tvox-call", "no password given")) from None
    raise UsageError(
        translate(
            "tvox-call",
            "no password: set TVOX_PASSWORD, use --password-stdin or save it in the panel",
        )
    )


def _settings() -> Settings:
    from tvox_panel.config.settings import Settings

    return Settings.load()


def make_client(args: argparse.Namespace, stdin: TextIO, need_password: bool) -> TVoxClient:
    from tvox_panel.config.logsetup import register_secret
    from tvox_panel.webapi import BadCaBundle, BadServerAddress, TVoxClient

    settings = _settings()
    server = args.url or settings.server
    user = args.user or settings.username
    if not server:
        raise UsageError(translate("tvox-call", "no server: give --url or configure the panel"))
    if not user and need_password:
        raise UsageError(translate("tvox-call", "no user: give --user or configure the panel"))
    agent = args.agent or (settings.effective_agent if not args.user else user)
    if args.timeout is not None and not 0 < args.timeout <= 300:
        raise UsageError(translate("tvox-call", "--timeout must be between 0 and 300 seconds"))
    verify: bool | str = settings.verify_tls
    if settings.ca_bundle:
        verify = settings.ca_bundle
    if args.ca_bundle:
        if not os.path.isfile(args.ca_bundle):
            raise UsageError(
                translate("tvox-call", "CA bundle not found: {0}").format(args.ca_bundle)
            )
        verify = args.ca_bundle
    if args.insecure:
        verify = False
    connect, read = float(settings.connect_timeout), float(settings.read_timeout)
    if args.timeout is not None:  # the total: connecting takes at most a third of it
        connect = min(connect, args.timeout / 3)
        read = args.timeout - connect
    proxy = args.proxy if args.proxy is not None else settings.proxy
    if proxy not in ("system", "none") and not proxy.lower().startswith(("http://", "https://")):
        raise UsageError(
            translate("tvox-call", "--proxy must be a URL such as http://host:port, or none")
        )
    password = _password(args, server, user, stdin) if need_password else ""
    try:
        client = TVoxClient(
            server,
            user,
            password,
            agent=agent,
            verify=verify,
            connect_timeout=connect,
            read_timeout=read,
            rec_dialect=settings.rec_dialect,  # type: ignore[arg-type]
            on_secret=register_secret,
            proxy=proxy,
        )
    except BadServerAddress as exc:
        raise UsageError(translate("tvox-call", "bad server address: {0}").format(exc)) from None
    except BadCaBundle as exc:
        raise UsageError(
            translate("tvox-call", "cannot use the CA bundle {0}: {1}").format(exc.path, exc.reason)
        ) from None
    for warning in client.warnings:
        print(
            f"{PROG}: " + translate("tvox-call", "warning: {0}").format(warning.message),
            file=sys.stderr,
        )
    return client


def _emit(args: argparse.Namespace, obj: Any, text: str, out: TextIO) -> None:
    out.write((json.dumps(obj, ensure_ascii=False) if args.json else text) + "\n")


def run(args: argparse.Namespace, client: TVoxClient, out: TextIO) -> None:
    cmd = args.command
    if cmd == "version":
        v = client.get_version()
        _emit(
            args,
            {"server": v.server, "webapi": v.webapi},
            translate("tvox-call", "TVox {0}, WebAPI {1}").format(v.server, v.webapi),
            out,
        )
        return
    if cmd == "login":
        info = client.login()
        obj = {"username": info.username, "name": info.display_name, "roles": list(info.roles)}
        _emit(args, obj, f"{info.username} ({info.display_name}): {', '.join(info.roles)}", out)
        return
    if cmd == "dial":
        from tvox_panel.phone.numbers import NormalizeOptions, NumberError
        from tvox_panel.phone.uris import parse_any

        settings = _settings()
        try:
            target = parse_any(
                args.number,
                NormalizeOptions(region=settings.region, international=settings.international),  # type: ignore[arg-type]
            )
        except NumberError as exc:
            raise UsageError(
                translate("tvox-call", "cannot dial {0!r}: {1}").format(args.number, exc)
            ) from None
        if sum(c.isdigit() for c in target.number) > MAX_DIGITS:
            raise UsageError(
                translate(
                    "tvox-call", "cannot dial {0!r}: a phone number has at most 15 digits"
                ).format(args.number)
            )
        call_id = client.dial_number(
            target.number,
            access_code=args.access_code,
            job_label=args.job_label,
            record=args.record,
            rec_file_name=args.rec_name,
            service_code=args.service_code,
        )
        _emit(
            args,
            {"callId": call_id},
            call_id or translate("tvox-call", "call placed (no call id returned)"),
            out,
        )
        return
    if cmd == "rec-on":
        client.rec_on(args.call_id, args.rec_name or _rec_name(args.call_id, client.agent))
        _emit(
            args,
            {"recording": True, "callId": args.call_id},
            translate("tvox-call", "recording"),
            out,
        )
    elif cmd == "rec-off":
        client.rec_off(args.call_id)
        _emit(
            args,
            {"recording": False, "callId": args.call_id},
            translate("tvox-call", "recording stopped"),
            out,
        )
    elif cmd == "hangup":
        client.hangup_call(args.call_id)
        _emit(args, {"hungUp": args.call_id}, translate("tvox-call", "hung up"), out)
    elif cmd == "calls":
        calls = client.get_service_current_calls()
        rows = [
            {
                "callId": c.call_id,
                "number": c.number,
                "direction": c.direction,
                "state": c.state,
                "recording": c.recording,
            }
            for c in calls
        ]
        text = "\n".join(
            f"{c.call_id}\t{c.direction}\t{c.state}\t{c.number}" + ("\tREC" if c.recording else "")
            for c in calls
        )
        _emit(args, rows, text or translate("tvox-call", "no current calls"), out)
    elif cmd == "recordings":
        from tvox_panel.cli.recordings import recordings

        recordings(args, client, out)


def _rec_name(call_id: str, agent: str) -> str:
    """The recording name from the panel's template, as the panel would name it."""
    from tvox_panel.phone.recnames import BadTemplate, render

    template = _settings().rec_name_template
    try:
        return render(template, number="", agent=agent, call_id=call_id, segment=1)
    except BadTemplate as exc:
        raise UsageError(
            translate("tvox-call", "the recording name template is not valid: {0}").format(exc)
        ) from None


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Run ``tvox-call``; returns the exit code. Errors are one line on stderr."""
    from tvox_panel import webapi

    stdin = stdin or sys.stdin
    out = stdout or sys.stdout
    try:
        args = build_parser().parse_args(argv)
        _log_to(sys.stderr if args.verbose else None)
        client = make_client(args, stdin, need_password=args.command != "version")
        try:
            run(args, client, out)
        finally:
            client.close()
    except UsageError as exc:
        return _fail(EXIT_USAGE, str(exc))
    except webapi.AuthError as exc:
        return _fail(EXIT_AUTH, translate("tvox-call", "authentication failed: {0}").format(exc))
    except webapi.OutcomeUnknown as exc:
        return _fail(
            EXIT_TRANSPORT,
            translate("tvox-call", "no answer, the request may have been carried out: {0}").format(
                exc
            ),
        )
    except webapi.Unreachable as exc:
        return _fail(EXIT_TRANSPORT, translate("tvox-call", "server unreachable: {0}").format(exc))
    except webapi.ProtocolError as exc:
        return _fail(
            EXIT_TRANSPORT,
            translate("tvox-call", "unexpected answer from the server: {0}").format(exc),
        )
    except webapi.RpcError as exc:
        return _fail(EXIT_REFUSED, translate("tvox-call", "the server refused: {0}").format(exc))
    except KeyboardInterrupt:
        return _fail(130, translate("tvox-call", "interrupted"))
    except OSError as exc:
        return _fail(
            EXIT_USAGE,
            translate("tvox-call", "cannot read local files: {0}").format(exc.strerror or exc),
        )
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback
        logging.getLogger("tvox_panel").debug("tvox-call failed", exc_info=True)
        return _fail(
            EXIT_TRANSPORT,
            translate("tvox-call", "failed, the request may have been carried out: {0}").format(
                type(exc).__name__
            ),
        )
    return EXIT_OK


def _log_to(stream: TextIO | None) -> None:
    """Log lines go to ``stream`` (``--verbose``), else to the log file: the answer is the message.

    Without this, Python's last-resort handler would print warnings on standard error before
    the one line that says what happened.
    """
    logger = logging.getLogger("tvox_panel")
    if stream is not None:
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter(f"{PROG}: %(levelname)s %(message)s"))
        logger.handlers = [handler]
        logger.propagate = False
        logger.setLevel(logging.DEBUG)
        return
    from tvox_panel.config import paths
    from tvox_panel.config.logsetup import setup_logging

    try:
        setup_logging(paths.ensure_dir(paths.log_dir()))
    except OSError:
        logger.handlers = [logging.NullHandler()]
        logger.propagate = False


def _fail(code: int, message: str) -> int:
    print(f"{PROG}: {' '.join(message.split())}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
