"""The WebAPI transport against real sockets that misbehave: what the client says, what arrived.

Every test counts the requests the server actually received: a dial reported "unreachable"
must have sent nothing, one that may have arrived is "outcome unknown" and never resent.
"""

from __future__ import annotations

import json
import os
import resource
import select
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import trustme
from hostile_http import (
    SESSION_ID,
    TOKEN,
    HostileServer,
    Script,
    http_answer,
    rpc_result,
    trickle,
)

from tvox_panel.webapi import (
    BadCaBundle,
    OutcomeUnknown,
    ProtocolError,
    RpcError,
    TVoxClient,
    Unreachable,
)
from tvox_panel.webapi.http import NO_RETRIES, Channel

PASSWORD = "Pa55-w0rd!of-the-agent"


def client_for(url: str, **options: Any) -> TVoxClient:
    options.setdefault("connect_timeout", 2.0)
    options.setdefault("read_timeout", 2.0)
    options.setdefault("proxy", "none")
    return TVoxClient(url, "supervisor", PASSWORD, **options)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(ca: trustme.CA, tmp_path: Any) -> str:
    path = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def server_tls(ca: trustme.CA) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(ctx)
    return ctx


class FaultOn(Script):
    """Answers like TVox, except ``fault(self, request)`` for the method named ``target``."""

    target = "dialNumber"

    def fault(self, request: dict[str, Any]) -> bool:
        raise NotImplementedError

    def answer(self, method: str, request: dict[str, Any]) -> bool:
        if method == self.target:
            return self.fault(request)
        return super().answer(method, request)


def faulty(target: str, fault: Any) -> type[FaultOn]:
    return type("Fault", (FaultOn,), {"target": target, "fault": fault})


def serve(script: Any = Script, tls: ssl.SSLContext | None = None) -> HostileServer:
    return HostileServer(script, tls)


# -- nothing was sent: Unreachable, and the server saw nothing ---------------------------


def test_a_refused_connection_is_unreachable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(Unreachable):
        client_for(f"http://127.0.0.1:{port}").dial_number("600")


def test_a_name_that_does_not_resolve_is_unreachable(monkeypatch: pytest.MonkeyPatch) -> None:
    # The resolver is the one part not run for real: no lookup may leave this machine.
    def no_such_name(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(Unreachable, match="name"):
        client_for("http://tvox.example.invalid").dial_number("600")


def test_a_connect_that_times_out_is_unreachable() -> None:
    listener = socket.create_server(("127.0.0.1", 0), backlog=0)
    port = listener.getsockname()[1]
    filler = socket.create_connection(("127.0.0.1", port))  # the backlog is now full
    try:
        with pytest.raises(Unreachable):
            client_for(f"http://127.0.0.1:{port}", connect_timeout=0.3).dial_number("600")
    finally:
        filler.close()
        listener.close()


def test_a_failed_tls_handshake_is_unreachable_and_sends_nothing(ca: trustme.CA) -> None:
    untrusted = trustme.CA()  # the server's certificate comes from a CA nobody trusts
    with serve(tls=server_tls(untrusted)) as server, pytest.raises(Unreachable, match="tls"):
        client_for(server.url).dial_number("600")
    assert server.received == []


def test_a_tls_handshake_that_times_out_is_unreachable(ca_file: str) -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts, never says hello
    try:
        url = f"https://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(Unreachable):
            client_for(url, connect_timeout=0.3, read_timeout=0.3, verify=ca_file).login()
    finally:
        listener.close()


# -- sent, no answer: OutcomeUnknown, exactly one request --------------------------------


def close_at_once(script: FaultOn, request: dict[str, Any]) -> bool:
    return False


def never_answer(script: FaultOn, request: dict[str, Any]) -> bool:
    script.server.stopping.wait(30)
    return False


def test_a_server_that_closes_after_reading_the_dial_gives_outcome_unknown() -> None:
    with serve(faulty("dialNumber", close_at_once)) as server:
        with pytest.raises(OutcomeUnknown):
            client_for(server.url).dial_number("600")
        assert server.count("dialNumber") == 1


def test_a_server_that_never_answers_gives_outcome_unknown_after_the_read_timeout() -> None:
    with serve(faulty("dialNumber", never_answer)) as server:
        with pytest.raises(OutcomeUnknown, match="timeout"):
            client_for(server.url, read_timeout=0.5).dial_number("600")
        assert server.count("dialNumber") == 1


class ClosesWhenIdle(Script):
    """Closes a kept-alive connection after ``idle`` seconds without a request."""

    idle = 0.3
    closed = threading.Event()

    def serve(self) -> None:
        while True:
            ready, _, _ = select.select([self.sock], [], [], self.idle)
            if not ready:
                self.closed.set()
                return
            got = self.read_request()
            if got is None:
                return
            request = json.loads(got[1])
            self.server.arrived(request["method"], got[0])
            self.answer(request["method"], request)


@pytest.mark.parametrize("idle", [0.3, 1.0])
def test_a_dial_after_the_server_closed_an_idle_connection_is_placed_once(idle: float) -> None:
    script = type("Idle", (ClosesWhenIdle,), {"idle": idle, "closed": threading.Event()})
    with serve(script) as server:
        client = client_for(server.url)
        client.login()
        assert script.closed.wait(10)  # the connection the login used is gone
        assert client.dial_number("600") == "1605867847.783@d92061befe"
        assert server.count("dialNumber") == 1


def test_a_server_that_closes_as_the_dial_arrives_gives_outcome_unknown() -> None:
    class HangsUpOnDial(Script):
        def serve(self) -> None:
            while True:
                got = self.read_request()
                if got is None:
                    return
                request = json.loads(got[1])
                self.server.arrived(request["method"], got[0])
                if request["method"] == "dialNumber":
                    self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
                    return  # closed with a reset, the request just read
                self.answer(request["method"], request)

    with serve(HangsUpOnDial) as server:
        with pytest.raises(OutcomeUnknown):
            client_for(server.url).dial_number("600")
        assert server.count("dialNumber") == 1
        assert server.connections == 1  # nothing reconnected to send it again


def test_tls_broken_after_the_dial_was_read_is_outcome_unknown(
    ca: trustme.CA, ca_file: str
) -> None:
    def garbage(script: FaultOn, request: dict[str, Any]) -> bool:
        os.write(script.sock.fileno(), b"\x17\x03\x03\x00\x10not a tls record at all")
        return False

    with serve(faulty("dialNumber", garbage), tls=server_tls(ca)) as server:
        with pytest.raises(OutcomeUnknown):
            client_for(server.url, verify=ca_file).dial_number("600")
        assert server.count("dialNumber") == 1


@pytest.mark.parametrize("status", ["301 Moved Permanently", "302 Found", "307 Temporary Redirect"])
def test_a_redirect_is_a_protocol_error_and_is_not_followed(status: str) -> None:
    def redirect(script: FaultOn, request: dict[str, Any]) -> bool:
        location = f"Location: http://127.0.0.1:{script.server.port}/tvox/webapi\r\n"
        script.sock.sendall(http_answer(b"", status, location))
        return True

    with serve(faulty("dialNumber", redirect)) as server:
        with pytest.raises(ProtocolError, match="redirect"):
            client_for(server.url).dial_number("600")
        assert server.count("dialNumber") == 1


def test_urllib3_never_retries_anything() -> None:
    # A retry count anywhere would resend a dial the server may have acted on.
    assert (NO_RETRIES.total, NO_RETRIES.connect, NO_RETRIES.read) == (0, 0, False)
    assert (NO_RETRIES.redirect, NO_RETRIES.status, NO_RETRIES.other) == (0, 0, 0)
    channel = Channel("http://127.0.0.1:9/tvox/webapi")
    assert channel.retries is NO_RETRIES


# -- a total deadline, whatever the server does ------------------------------------------


class Trickler(FaultOn):
    still_trickling = threading.Event()
    gap = 0.2

    def send_slowly(self, data: bytes) -> None:
        self.still_trickling.set()
        for _ in trickle(self.sock, data, self.server.stopping, self.gap):
            pass
        self.still_trickling.clear()


def trickling(data: bytes) -> type[Trickler]:
    def fault(script: Trickler, request: dict[str, Any]) -> bool:
        script.send_slowly(data)
        return False

    return type("Trickle", (Trickler,), {"fault": fault, "still_trickling": threading.Event()})


def test_trickled_headers_cannot_hold_a_dial_past_its_deadline() -> None:
    headers = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 500 + b"\r\n"
    script = trickling(headers)
    with serve(script) as server:
        with pytest.raises(OutcomeUnknown, match="timeout"):
            client_for(server.url, connect_timeout=0.5, read_timeout=0.5).dial_number("600")
        assert script.still_trickling.is_set()  # the client gave up; the server had not
        assert server.count("dialNumber") == 1


def test_a_short_deadline_is_kept_while_a_longer_one_is_pending() -> None:
    # Every request's deadline is kept by one shared timer; a request armed later with a
    # shorter timeout must still end on time, not when the earlier one's comes due.
    headers = b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"a" * 500 + b"\r\n"
    script = trickling(headers)
    with serve(script) as server:
        patient = client_for(server.url, connect_timeout=30.0, read_timeout=30.0)
        outcome: list[BaseException] = []

        def dial() -> None:
            try:
                patient.dial_number("600")
            except Exception as exc:  # noqa: BLE001 - checked below
                outcome.append(exc)

        first = threading.Thread(target=dial)
        first.start()
        assert script.still_trickling.wait(5)
        started = time.monotonic()
        with pytest.raises(OutcomeUnknown, match="timeout"):
            client_for(server.url, connect_timeout=0.5, read_timeout=0.5).dial_number("600")
        assert time.monotonic() - started < 10  # its own 1 s, far from the other's 60 s
        assert first.is_alive()  # the patient request is still within its own deadline
        patient.abort()
        first.join(5)
        assert [type(e) for e in outcome] == [OutcomeUnknown]
        assert server.count("dialNumber") == 2


def test_a_trickled_body_cannot_hold_a_read_past_its_deadline() -> None:
    body = b'{"jsonrpc": "2.0", "id": 2, "result": []}' + b" " * 500
    head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n".encode()

    def fault(script: Trickler, request: dict[str, Any]) -> bool:
        script.sock.sendall(head)
        script.send_slowly(body)
        return False

    script = type("Trickle", (Trickler,), {"fault": fault, "target": "getServiceCurrentCalls",
                                           "still_trickling": threading.Event()})  # fmt: skip
    with serve(script) as server:
        client = client_for(server.url, connect_timeout=0.5, read_timeout=0.5)
        with pytest.raises(OutcomeUnknown, match="timeout"):
            client.get_service_current_calls()
        assert script.still_trickling.is_set()


def test_abort_ends_a_hung_request_at_once_and_refuses_later_ones() -> None:
    with serve(faulty("dialNumber", never_answer)) as server:
        client = client_for(server.url, read_timeout=60)
        client.login()
        outcome: list[BaseException] = []

        def dial() -> None:
            try:
                client.dial_number("600")
            except Exception as error:  # noqa: BLE001 - the outcome is the assertion
                outcome.append(error)

        thread = threading.Thread(target=dial)
        thread.start()
        while server.count("dialNumber") == 0 and thread.is_alive():
            thread.join(0.01)
        client.abort()
        thread.join(10)
        assert not thread.is_alive()
        assert isinstance(outcome[0], OutcomeUnknown)
        assert "aborted" in str(outcome[0])
        with pytest.raises(Unreachable):
            client.get_service_current_calls()
        assert server.count("dialNumber") == 1


# -- answers no server should send -------------------------------------------------------


def answering(body: bytes, status: str = "200 OK") -> Any:
    def fault(script: FaultOn, request: dict[str, Any]) -> bool:
        script.sock.sendall(http_answer(body, status))
        return True

    return fault


NESTED = b"[" * 100_000 + b"]" * 100_000


def test_an_answer_nested_100000_deep_to_a_dial_is_outcome_unknown() -> None:
    with serve(faulty("dialNumber", answering(NESTED))) as server:
        with pytest.raises(OutcomeUnknown):
            client_for(server.url).dial_number("600")
        assert server.count("dialNumber") == 1


def test_an_answer_nested_100000_deep_to_a_read_is_a_protocol_error() -> None:
    script = faulty("getServiceCurrentCalls", answering(NESTED))
    with serve(script) as server, pytest.raises(ProtocolError):
        client_for(server.url).get_service_current_calls()


def flood(total: int, *, declared: bool) -> Any:
    def fault(script: FaultOn, request: dict[str, Any]) -> bool:
        length = f"Content-Length: {total}\r\n" if declared else "Connection: close\r\n"
        script.sock.sendall(f"HTTP/1.1 200 OK\r\n{length}\r\n".encode())
        block = b'"' + b"9" * 65534 + b'"'
        sent = 0
        while sent < total and not script.server.stopping.is_set():
            script.sock.sendall(block)
            sent += len(block)
        return False

    return fault


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "until-close"])
def test_a_200_mb_answer_is_refused_and_memory_stays_flat(declared: bool) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    flooding = flood(200 * 1024 * 1024, declared=declared)
    with (
        serve(faulty("dialNumber", flooding)) as server,
        pytest.raises(OutcomeUnknown, match="too large"),
    ):
        client_for(server.url).dial_number("600")
    with (
        serve(faulty("getVersion", flooding)) as server,
        pytest.raises(ProtocolError, match="too large"),
    ):
        client_for(server.url).get_version()
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 50 * 1024


def test_a_call_id_longer_than_any_real_one_is_refused() -> None:
    def long_id(script: FaultOn, request: dict[str, Any]) -> bool:
        script.sock.sendall(http_answer(rpc_result(request, "1" * 5000 + "@x")))
        return True

    with (
        serve(faulty("dialNumber", long_id)) as server,
        pytest.raises(ProtocolError, match="call id"),
    ):
        client_for(server.url).dial_number("600")


def returning(result: Any) -> Any:
    def answer(script: FaultOn, request: dict[str, Any]) -> bool:
        script.sock.sendall(http_answer(rpc_result(request, result)))
        return True

    return answer


CALL = {"callId": "1605867847.783@d92061befe", "number": "+390212345678", "service": "SALES"}
HUGE = "9" * 100_000  # far less than the answer cap, far more than any number or name


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ({**CALL, "callId": "1" * 5000 + "@x"}, "call id of 5002 characters"),
        ({**CALL, "callId": "1.1@x\n{injected}"}, "call id with control characters"),
        ({**CALL, "number": HUGE}, "number of 100000 characters"),
        ({**CALL, "service": HUGE}, "service of 100000 characters"),
        ({**CALL, "state": HUGE}, "call state of 100000 characters"),
        ({"number": "600"}, "call without an id"),
    ],
)
def test_a_current_call_with_a_field_no_real_one_has_is_left_out(
    item: dict[str, Any], words: str, caplog: pytest.LogCaptureFixture
) -> None:
    # It would reach the call log, the window, the event stream's lines and the CRM's link;
    # the agent's other calls are still followed.
    other = {**CALL, "callId": "1605867900.1@d92061befe"}
    with serve(faulty("getServiceCurrentCalls", returning([item, other]))) as server:
        calls = client_for(server.url).get_service_current_calls()
    assert [c.call_id for c in calls] == [other["callId"]]
    assert (calls[0].number, calls[0].service) == (CALL["number"], CALL["service"])
    assert (
        f"getServiceCurrentCalls: 1 item(s) left out: getServiceCurrentCalls returned a {words}"
        in caplog.text
    )


def test_a_recording_with_a_file_name_no_real_one_has_is_left_out_and_counted() -> None:
    from tvox_panel.webapi import RecordingSearch

    items = [{"fileName": HUGE + ".wav", "callId": "1.1@x"}, {"fileName": "a.wav", "callId": "2"}]
    found = {"content": items, "totalElements": 2}
    with serve(faulty("searchRecordedCall", returning(found))) as server:
        page = client_for(server.url).search_recorded_calls(RecordingSearch(0.0, 1.0))
    assert [r.file_name for r in page.items] == ["a.wav"]
    assert (page.total, page.left_out) == (2, 1)


def echoing(script: FaultOn, request: dict[str, Any]) -> bool:
    error = {
        "code": -32001,
        "message": f"login failed for params [10.26.0, supervisor, {PASSWORD}] {SESSION_ID}",
        "data": {"exceptionTypeName": "Exception", "message": f"token {TOKEN} pw {PASSWORD}"},
    }
    body = json.dumps({"jsonrpc": "2.0", "id": request["id"], "error": error}).encode()
    script.sock.sendall(http_answer(body))
    return True


def test_secrets_the_server_echoes_never_reach_an_error_message() -> None:
    with serve(faulty("dialNumber", echoing)) as server, pytest.raises(RpcError) as caught:
        client_for(server.url).dial_number("600")
    text = f"{caught.value} {caught.value.message} {caught.value.data}"
    for secret in (PASSWORD, SESSION_ID, TOKEN):
        assert secret not in text
    assert "***" in text


def test_secrets_echoed_in_an_html_page_never_reach_the_excerpt() -> None:
    page = f"<html>bad gateway for {PASSWORD} / {SESSION_ID} / {TOKEN}</html>".encode()
    script = faulty("getServiceCurrentCalls", answering(page, "502 Bad Gateway"))
    with serve(script) as server, pytest.raises(ProtocolError) as caught:
        client_for(server.url).get_service_current_calls()
    for secret in (PASSWORD, SESSION_ID, TOKEN):
        assert secret not in str(caught.value)


# -- TLS trust, and a CA file that cannot be used ----------------------------------------


def test_a_server_signed_by_the_configured_ca_is_trusted(ca: trustme.CA, ca_file: str) -> None:
    with serve(tls=server_tls(ca)) as server:
        assert client_for(server.url, verify=ca_file).dial_number("600")


def test_a_ca_file_that_does_not_exist_is_named_in_one_error(tmp_path: Any) -> None:
    missing = str(tmp_path / "company-ca.pem")
    with pytest.raises(BadCaBundle) as caught:
        client_for("https://127.0.0.1:9", verify=missing)
    assert caught.value.path == missing
    assert missing in str(caught.value)


# -- cookies -----------------------------------------------------------------------------


class SetsCookies(Script):
    """Sets JSESSIONID with attributes a strict parser chokes on, then expires it."""

    def answer(self, method: str, request: dict[str, Any]) -> bool:
        cookie = ""
        if method == "login":
            cookie = f"Set-Cookie: JSESSIONID={SESSION_ID}; Path=/tvox; HttpOnly; Partitioned\r\n"
        elif method == "hangupCall":
            cookie = "Set-Cookie: JSESSIONID=; Path=/tvox; Max-Age=0\r\n"
        body = rpc_result(request, None if method == "hangupCall" else _result(method))
        self.sock.sendall(http_answer(body, extra=cookie))
        return True


def _result(method: str) -> Any:
    from hostile_http import default_result

    return default_result(method)


def cookies_sent(server: HostileServer, method: str) -> list[str]:
    return [
        h.get("cookie", "")
        for m, h in zip(server.received, server.headers, strict=True)
        if m == method
    ]


def test_the_session_cookie_follows_the_server_set_keep_and_expire() -> None:
    with serve(SetsCookies) as server:
        client = client_for(server.url)
        client.login()
        client.get_service_current_calls()
        client.hangup_call("1.1@x")  # the server expires the session cookie here
        client.get_service_current_calls()
    first, after = cookies_sent(server, "getServiceCurrentCalls")
    assert first == f"JSESSIONID={SESSION_ID}"
    assert "JSESSIONID" not in after


# -- proxies -----------------------------------------------------------------------------


class Proxy:
    """A forwarding (http://) and CONNECT (https://) proxy on loopback that counts what passed."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.requests: list[str] = []
        self.threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Proxy:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with client:
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = client.recv(65536)
                if not chunk:
                    return
                head += chunk
            line = head.split(b"\r\n", 1)[0].decode()
            self.requests.append(line)
            verb, target, _ = line.split(" ", 2)
            if verb == "CONNECT":
                host, port = target.rsplit(":", 1)
                upstream = socket.create_connection((host, int(port)))
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                rest = head.split(b"\r\n\r\n", 1)[1]
            else:
                host_port = target.split("/")[2]
                host, port = host_port.rsplit(":", 1)
                upstream = socket.create_connection((host, int(port)))
                rest = head
            with upstream:
                if rest:
                    upstream.sendall(rest)
                self._pump(client, upstream)

    @staticmethod
    def _pump(a: socket.socket, b: socket.socket) -> None:
        socks = [a, b]
        while True:
            ready, _, _ = select.select(socks, [], [], 10)
            if not ready:
                return
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                (b if sock is a else a).sendall(data)


@pytest.fixture
def proxy() -> Iterator[Proxy]:
    with Proxy() as running:
        yield running


def test_a_proxy_url_carries_every_request(proxy: Proxy) -> None:
    with serve() as server:
        assert client_for(server.url, proxy=proxy.url).dial_number("600")
    assert server.count("dialNumber") == 1
    assert any(f"127.0.0.1:{server.port}" in line for line in proxy.requests)


def test_https_through_a_proxy_uses_connect(proxy: Proxy, ca: trustme.CA, ca_file: str) -> None:
    with serve(tls=server_tls(ca)) as server:
        assert client_for(server.url, proxy=proxy.url, verify=ca_file).dial_number("600")
    assert proxy.requests[0].startswith(f"CONNECT 127.0.0.1:{server.port} ")


def test_the_system_proxy_comes_from_the_environment_and_honours_no_proxy(
    proxy: Proxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    with serve() as server:
        client_for(server.url, proxy="system").get_version()
        assert len(proxy.requests) == 1
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        client_for(server.url, proxy="system").get_version()
        assert len(proxy.requests) == 1  # went direct
        client_for(server.url, proxy="none").get_version()
        assert len(proxy.requests) == 1
        assert server.count("getVersion") == 3


def test_a_netrc_file_adds_no_credentials_to_the_webapi(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The system proxy setting reads the environment, not the user's ~/.netrc: the panel
    # logs in with its own credential and sends nobody else's.
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login someone password n3trc-secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)
    with serve() as server:
        client_for(server.url, proxy="system").get_version()
        assert server.count("getVersion") == 1
        assert all("authorization" not in headers for headers in server.headers)


def test_a_proxy_that_cannot_be_reached_is_unreachable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    with serve() as server, pytest.raises(Unreachable):
        client_for(server.url, proxy=dead).dial_number("600")
    assert server.received == []


# -- cut before a byte left, connecting through a proxy, idle connections, IPv6 -------------


def test_a_deadline_that_falls_before_anything_was_written_is_unreachable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A slow name lookup (which no timer can cut) outlasts the whole deadline.
    real = socket.getaddrinfo

    def slow(*args: Any, **kwargs: Any) -> Any:
        threading.Event().wait(1.2)
        return real(*args, **kwargs)

    with serve() as server:
        url = server.url.replace("127.0.0.1", "localhost")
        client = client_for(url, connect_timeout=0.5, read_timeout=0.5)
        monkeypatch.setattr(socket, "getaddrinfo", slow)
        with pytest.raises(Unreachable, match="timeout"):
            client.dial_number("600")
        assert server.received == []


def test_a_proxy_that_refuses_the_tunnel_is_unreachable(ca_file: str) -> None:
    refusing = socket.create_server(("127.0.0.1", 0))

    def refuse() -> None:
        conn, _ = refusing.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=refuse, daemon=True)
    thread.start()
    proxy = f"http://127.0.0.1:{refusing.getsockname()[1]}"
    try:
        with pytest.raises(Unreachable):
            client_for("https://127.0.0.1:9/tvox/webapi", proxy=proxy, verify=ca_file).login()
    finally:
        refusing.close()


def test_a_dial_after_an_idle_spell_goes_on_a_new_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tvox_panel.webapi.transport import JsonRpcTransport

    monkeypatch.setattr(JsonRpcTransport, "STALE_AFTER", 0.0)  # any idle spell is too long
    with serve() as server:
        client = client_for(server.url)
        client.login()
        client.get_service_current_calls()
        assert server.connections == 1  # reads keep the connection
        client.dial_number("600")
        assert server.connections == 2


def test_the_session_cookie_reaches_an_ipv6_server() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    try:
        server = HostileServer(Script, host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with server:
        client = client_for(server.url)
        client.login()
        client.get_service_current_calls()
    (cookie,) = [h.get("cookie") for m, h in zip(server.received, server.headers, strict=True)
                 if m == "getServiceCurrentCalls"]  # fmt: skip
    assert cookie == f"JSESSIONID={SESSION_ID}"


def test_a_secret_is_scrubbed_whole_even_where_a_message_is_cut() -> None:
    from tvox_panel.webapi.transport import Secrets, rpc_error

    secrets = Secrets()
    secrets.add("hunter2xy-Pässwort/ok")
    long_error = "x" * 115 + "hunter2xy-Pässwort/ok"
    assert "hunter2" not in str(rpc_error(long_error, "dialNumber", secrets.scrub))
    echoed = json.dumps({"params": ["hunter2xy-Pässwort/ok"]})  # as a page would echo it
    assert "hunter2" not in secrets.scrub(echoed)
