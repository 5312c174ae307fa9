"""Client overhead: ``TVoxClient`` calls against bare ``requests.Session`` POSTs.

Both ask the simulator in this process for the agent's current calls over loopback, one
call each in turn (A B A B ...), on warm keep-alive connections with a logged-in session.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from benchmarks.common import Mode, alternate, module_main, percentile, temp_home
from benchmarks.fixtures import AGENT, PASSWORD, USER
from benchmarks.report import Figure, ratio_figure

MAX_RATIO = 5.0
METHOD = "getServiceCurrentCalls"


class BareClient:
    """JSON-RPC with a plain ``requests.Session`` (its cookie jar keeps the session)."""

    def __init__(self, url: str) -> None:
        import requests

        self.url = url
        self.session = requests.Session()
        self.next_id = 0

    def call(self, method: str, params: Any) -> Any:
        self.next_id += 1
        body = json.dumps(
            {"jsonrpc": "2.0", "method": method, "params": params, "id": self.next_id},
            separators=(",", ":"),
        ).encode()
        headers = {"Content-Type": "application/json"}
        answer = self.session.post(self.url, data=body, headers=headers, timeout=10)
        return json.loads(answer.content)["result"]

    def close(self) -> None:
        self.session.close()


def run(pairs: int | None = None, *, quick: bool = False, smoke: bool = False) -> list[Figure]:
    """Client overhead (ms per call): TVoxClient vs a bare requests.Session, median and p99."""
    from tvox_panel.simulator import SimConfig, Simulator
    from tvox_panel.webapi import TVoxClient

    mode = Mode.make(pairs, quick=quick, smoke=smoke)
    calls = int(mode.pick(2_000, 2_000, 20))
    with temp_home() as home, Simulator(SimConfig(), recordings_dir=home / "rec") as sim:
        client = TVoxClient(sim.base_url, USER, PASSWORD, agent=AGENT)
        bare = BareClient(sim.url)
        try:
            client.login()
            version = bare.call("getVersion", [])[1]
            bare.call("login", [version, USER, PASSWORD])

            def ours() -> float:
                started = time.perf_counter()
                client.get_service_current_calls()
                return (time.perf_counter() - started) * 1000

            def baseline() -> float:
                started = time.perf_counter()
                bare.call(METHOD, [AGENT])
                return (time.perf_counter() - started) * 1000

            alternate(20, ours, baseline)  # warm both paths
            a, b = alternate(calls, ours, baseline)
        finally:
            client.close()
            bare.close()
    note = f"{calls} calls each of {METHOD} on loopback"
    p99 = ratio_figure("client call p99 (ms)", [percentile(a, 0.99)], [percentile(b, 0.99)], 5)
    return [
        ratio_figure("client call median (ms)", a, b, MAX_RATIO, note=note),
        Figure(p99.name, p99.ours, p99.baseline, "reported", None),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    return module_main(run, argv)


if __name__ == "__main__":
    sys.exit(main())
