"""The ``tvox-sim`` command: run the TVox WebAPI simulator until Ctrl+C."""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from tvox_panel.simulator.config import REC_DIALECTS, SimConfig
from tvox_panel.simulator.server import Simulator
from tvox_panel.simulator.users import DEFAULT_USERS, SimUser, parse_user_spec


def _user_spec(text: str) -> str:
    try:
        parse_user_spec(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def _latency(text: str) -> tuple[str, float]:
    method, sep, seconds = text.partition("=")
    try:
        value = float(seconds)
    except ValueError:
        value = -1.0
    if not sep or not method or value < 0:
        raise argparse.ArgumentTypeError("expected METHOD=SECONDS, e.g. dialNumber=0.5")
    return method, value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if value < 0:
        raise argparse.ArgumentTypeError("expected a number of seconds >= 0")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("expected a fraction between 0 and 1")
    return value


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError("expected a port number 0-65535")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    """The ``tvox-sim`` argument parser."""
    parser = argparse.ArgumentParser(
        prog="tvox-sim",
        description="A TVox WebAPI simulator (JSON-RPC 2.0 on POST /tvox/webapi).",
        epilog="Without --user the demo users are supervisor, mrossi and admin, "
        "each with the username as password.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (loopback)")
    parser.add_argument("--port", type=_port, default=8080, help="port (0: any free port)")
    parser.add_argument(
        "--user",
        action="append",
        type=_user_spec,
        default=[],
        metavar="USER:PASSWORD",
        help="a supervisor+agent user (repeatable); replaces the demo users",
    )
    parser.add_argument(
        "--rec-dialect", choices=REC_DIALECTS, default="both", help="params recOn accepts"
    )
    parser.add_argument("--recordings", type=Path, metavar="DIR", help="folder for WAV files")
    parser.add_argument(
        "--allow-remote", action="store_true", help="permit a --host that is not loopback"
    )
    parser.add_argument("--inbound-calls", action="store_true", help="simulate inbound calls")
    parser.add_argument("--inbound-every", type=_seconds, default=30.0, metavar="S")
    parser.add_argument(
        "--inbound-first-after",
        type=_seconds,
        default=0.0,
        metavar="S",
        help="seconds from an agent's first poll to the first inbound call",
    )
    parser.add_argument(
        "--inbound-duration", type=_seconds, default=20.0, metavar="S", help="inbound call length"
    )
    parser.add_argument("--ring-time", type=_seconds, default=0.0, metavar="S")
    parser.add_argument("--remote-hangup-after", type=_seconds, metavar="S")
    parser.add_argument(
        "--latency",
        action="append",
        type=_latency,
        default=[],
        metavar="METHOD=SECONDS",
        help="delay answers to METHOD (repeatable)",
    )
    parser.add_argument("--no-set-cookie", action="store_true", help="no Set-Cookie on login")
    parser.add_argument(
        "--callid-object", action="store_true", help='dialNumber answers {"callId": ...}'
    )
    parser.add_argument(
        "--unauth-http401", action="store_true", help="refuse unauthenticated calls with 401"
    )
    parser.add_argument("--session-lifetime", type=_seconds, metavar="S")
    parser.add_argument("--session-max-calls", type=int, metavar="N")
    parser.add_argument(
        "--recording-delay",
        type=_seconds,
        default=0.0,
        metavar="S",
        help="seconds before a finished recording can be found by searchRecordedCall",
    )
    parser.add_argument(
        "--lose-recordings",
        type=_rate,
        default=0.0,
        metavar="RATE",
        help="fraction (0..1) of recordings the server never stores",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random numbers")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv)")
    return parser


def config_from_args(args: argparse.Namespace) -> SimConfig:
    """The ``SimConfig`` the parsed arguments describe."""
    return SimConfig(
        set_cookie=not args.no_set_cookie,
        callid_as_object=args.callid_object,
        rec_dialect=args.rec_dialect,
        unauth_as_http401=args.unauth_http401,
        ring_time=args.ring_time,
        remote_hangup_after=args.remote_hangup_after,
        inbound_calls=args.inbound_calls,
        inbound_every=max(args.inbound_every, 0.1),
        inbound_first_after=args.inbound_first_after,
        inbound_duration=max(args.inbound_duration, 0.1),
        seed=args.seed,
        latency=dict(args.latency),
        session_max_calls=args.session_max_calls,
        session_lifetime=args.session_lifetime,
        recording_delay=args.recording_delay,
        lose_recordings=args.lose_recordings,
    )


def users_from_args(args: argparse.Namespace) -> tuple[SimUser, ...]:
    """The ``--user`` users, or the demo users when none were given."""
    if not args.user:
        return DEFAULT_USERS
    return tuple(parse_user_spec(spec, index) for index, spec in enumerate(args.user))


def is_loopback(host: str) -> bool:
    """Whether ``host`` is ``localhost`` or a loopback address."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse and cross-check ``argv``; exits with status 2 on bad arguments."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not is_loopback(args.host) and not args.allow_remote:
        parser.error(f"--host {args.host} is not loopback; add --allow-remote to serve it")
    names = [spec.partition(":")[0].strip() for spec in args.user]
    if len(set(names)) != len(names):
        parser.error("--user names must be unique")
    if args.session_max_calls is not None and args.session_max_calls < 1:
        parser.error("--session-max-calls must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the simulator until Ctrl+C or SIGTERM; 0 on a clean stop, 1 if it cannot listen,
    2 on bad arguments."""
    try:
        args = parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    level = logging.WARNING - 10 * min(args.verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    users = users_from_args(args)
    # Without --recordings the simulator makes a temporary folder and removes it on stop.
    sim = Simulator(config_from_args(args), args.host, args.port, users, args.recordings)
    try:
        sim.start()
    except OSError as exc:
        print(f"tvox-sim: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    names = ", ".join(user.username for user in users)
    print(f"TVox simulator on {sim.url} (users: {names})", flush=True)
    stop = threading.Event()

    def on_term(signum: int, frame: Any) -> None:
        stop.set()

    with contextlib.suppress(ValueError):  # not the main thread: no handler
        signal.signal(signal.SIGTERM, on_term)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
