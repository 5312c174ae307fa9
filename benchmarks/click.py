"""Click to wire: the Call button's click to the simulator parsing ``dialNumber``.

Ours: the panel's window and session (real worker thread), warm. Baseline: a bare
``requests.Session`` posting the same body on a warm keep-alive connection. Both run in
this process against one simulator, alternately; the end is stamped by the simulator.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

from benchmarks.common import Mode, alternate, home_env, module_main, qapp, spin_until, temp_home
from benchmarks.fixtures import AGENT, PASSWORD, USER
from benchmarks.report import Figure, ratio_figure

MAX_RATIO = 1.5
NUMBER = "600"


class Stamps:
    """The simulator's ``on_request`` hook: when each ``dialNumber`` was parsed, and its params."""

    def __init__(self, method: str = "dialNumber") -> None:
        self.method = method
        self.times: list[float] = []
        self.params: Any = None
        self._event = threading.Event()

    def __call__(self, method: str, params: Any, when: float) -> None:
        if method == self.method:
            self.times.append(when)
            self.params = params
            self._event.set()

    def clear(self) -> None:
        self.times.clear()
        self._event.clear()

    def wait(self, timeout: float = 10.0) -> float:
        """The time of the first stamp since ``clear``.

        Raises:
            TimeoutError: none came.
        """
        if not self._event.wait(timeout):
            raise TimeoutError(f"the simulator received no {self.method}")
        return self.times[0]


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """Click to wire (ms): Call button to simulator vs a bare requests.Session POST."""
    import requests

    from tvox_panel.calllog import CallLog
    from tvox_panel.config.settings import Settings
    from tvox_panel.gui.session import Session
    from tvox_panel.gui.state import State
    from tvox_panel.gui.widgets.main_window import MainWindow
    from tvox_panel.simulator import SimConfig, Simulator

    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    samples = max(mode.pairs, int(mode.pick(21, 9, 2)))
    qapp()
    stamps = Stamps()
    with temp_home() as home, home_env(home):
        sim = Simulator(SimConfig(), recordings_dir=home / "rec", on_request=stamps).start()
        call_log = CallLog(home / "calls.sqlite3")
        settings = Settings(server=sim.base_url, username=USER, agent=AGENT, poll_interval=0)
        session = Session(settings, call_log, password=PASSWORD, persist=False)
        window = MainWindow(session)
        bare = requests.Session()
        try:
            window.show()
            session.start()
            spin_until(
                lambda: session.status.state == State.READY,
                15,
                "login",
                wake=session.status_changed,
            )
            window.number_field.setText(NUMBER)

            def ours() -> float:
                stamps.clear()
                started = time.perf_counter()
                window.call_button.click()
                wired = stamps.wait()
                spin_until(
                    lambda: session.status.state == State.IN_CALL,
                    10,
                    "placed call",
                    wake=session.status_changed,
                )
                session.hangup()
                spin_until(
                    lambda: session.status.state == State.READY,
                    10,
                    "hang-up",
                    wake=session.status_changed,
                )
                return (wired - started) * 1000

            ours()  # captures the body the panel sends
            body_params = stamps.params
            ids = iter(range(1, 1_000_000))

            def post(method: str, params: Any) -> Any:
                body = json.dumps(
                    {"jsonrpc": "2.0", "method": method, "params": params, "id": next(ids)},
                    separators=(",", ":"),
                ).encode()
                headers = {"Content-Type": "application/json"}
                return bare.post(sim.url, data=body, headers=headers, timeout=10).json()

            version = post("getVersion", [])["result"][1]
            post("login", [version, USER, PASSWORD])

            def baseline() -> float:
                stamps.clear()
                started = time.perf_counter()
                answer = post("dialNumber", body_params)
                wired = stamps.wait()
                post("hangupCall", [answer["result"]])
                return (wired - started) * 1000

            baseline()
            ours_ms, base_ms = alternate(samples, ours, baseline)
        finally:
            bare.close()
            session.shutdown()
            window.close()
            window.deleteLater()
            call_log.close()
            sim.stop()
    return [ratio_figure("click to wire (ms)", ours_ms, base_ms, MAX_RATIO)]


def main(argv: Sequence[str] | None = None) -> int:
    return module_main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
