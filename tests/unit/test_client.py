"""The WebAPI client against the simulator over real loopback HTTP."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tvox_panel.simulator import Simulator, parse_user_spec
from tvox_panel.webapi import (
    AuthError,
    BadServerAddress,
    InvalidParams,
    NoActiveCall,
    OutcomeUnknown,
    ProtocolError,
    RecordingSearch,
    TVoxClient,
    Unreachable,
    parse_server,
)


def client_for(
    sim: Simulator, user: str = "supervisor", password: str = "supervisor", **kw: object
) -> TVoxClient:
    return TVoxClient(sim.base_url, user, password, agent="mrossi", **kw)  # type: ignore[arg-type]


def dial_count(sim: Simulator) -> int:
    return sum(1 for r in sim.received if r.method == "dialNumber")


# -- addresses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "endpoint"),
    [
        ("tvox.example.com", "https://tvox.example.com/tvox/webapi"),
        ("https://tvox.example.com", "https://tvox.example.com/tvox/webapi"),
        ("https://tvox.example.com/tvox/webapi", "https://tvox.example.com/tvox/webapi"),
        ("  http://127.0.0.1:8080/tvox/  ", "http://127.0.0.1:8080/tvox/webapi"),
        ("HTTPS://[::1]:8443", "https://[::1]:8443/tvox/webapi"),
    ],
)
def test_the_three_ways_to_type_a_server_mean_the_same(typed: str, endpoint: str) -> None:
    assert parse_server(typed).endpoint == endpoint


@pytest.mark.parametrize(
    "typed",
    ["", "ftp://host", "https://host/other", "host name", "https://u:p@host", "https://:99"],
)
def test_unusable_addresses_are_refused(typed: str) -> None:
    with pytest.raises(BadServerAddress):
        parse_server(typed)


def test_plain_http_to_a_remote_host_is_reported_as_insecure() -> None:
    remote = TVoxClient("http://tvox.example.com", "u", "p")
    local = TVoxClient("http://127.0.0.1:8080", "u", "p")
    tls = TVoxClient("tvox.example.com", "u", "p")
    assert [w.endpoint for w in remote.warnings] == ["http://tvox.example.com/tvox/webapi"]
    assert local.warnings == []
    assert tls.warnings == []


# -- login and session -----------------------------------------------------------------


def test_login_gets_the_webapi_version_first_and_returns_who_is_logged_in(sim: Simulator) -> None:
    client = client_for(sim)
    info = client.login()
    methods = [r.method for r in sim.received]
    assert methods == ["getVersion", "login"]
    assert sim.received[1].params[0] == "10.26.0"  # the WebAPI version, not the server's
    assert info.username == "supervisor"
    assert info.is_privileged
    assert info.main_role == "Supervisor"
    assert client.versions is not None
    assert client.versions.server == "10.26.32"


def test_wrong_password_is_an_auth_error_without_the_password(sim: Simulator) -> None:
    client = client_for(sim, password="s3cret-wrong")
    with pytest.raises(AuthError) as caught:
        client.login()
    assert "s3cret-wrong" not in str(caught.value)


@pytest.mark.parametrize("server_sets_cookie", [True, False])
def test_session_cookie_is_sent_whether_or_not_the_server_sets_it(
    sim: Simulator, server_sets_cookie: bool
) -> None:
    sim.config.set_cookie = server_sets_cookie
    client = client_for(sim)
    assert client.dial_number("600")
    assert [r.method for r in sim.received][-1] == "dialNumber"
    assert dial_count(sim) == 1  # no re-login was needed: the cookie was there


@pytest.mark.parametrize("as_http401", [False, True])
def test_expired_session_logs_in_again_once_and_repeats_the_call(
    sim: Simulator, as_http401: bool
) -> None:
    sim.config.unauth_as_http401 = as_http401
    client = client_for(sim)
    client.login()
    sim.expire_sessions()
    sim.clear_received()
    calls = client.get_service_current_calls()
    assert calls == []
    methods = [r.method for r in sim.received]
    assert methods == ["getServiceCurrentCalls", "getVersion", "login", "getServiceCurrentCalls"]


def test_dial_refused_as_unauthenticated_is_repeated_once_and_places_one_call(
    sim: Simulator,
) -> None:
    sim.config.session_max_calls = 1
    client = client_for(sim)
    client.login()
    client.get_service_current_calls()  # uses the session's only call
    call_id = client.dial_number("600")
    assert call_id is not None
    assert len([c for c in sim.calls if c.call_id == call_id]) == 1
    assert dial_count(sim) == 2  # one refused as unauthenticated, one placed
    assert len(sim.calls) == 1


def test_still_unauthenticated_after_relogin_is_an_auth_error(sim: Simulator) -> None:
    sim.config.session_max_calls = 0
    client = client_for(sim)
    with pytest.raises(AuthError):
        client.get_service_current_calls()


# -- dialling: never twice -------------------------------------------------------------


@pytest.mark.parametrize("as_object", [False, True])
def test_dial_returns_the_call_id_as_string_or_object(sim: Simulator, as_object: bool) -> None:
    sim.config.callid_as_object = as_object
    call_id = client_for(sim).dial_number("+390212345678", job_label="crm", service_code="S1")
    assert call_id is not None
    assert "@" in call_id
    params = [r.params for r in sim.received if r.method == "dialNumber"][0]
    assert params == ["mrossi", "+390212345678", "", "crm", False, None, True, "S1"]
    assert [c.call_id for c in sim.calls] == [call_id]


def test_dial_timeout_is_outcome_unknown_and_never_retried(sim: Simulator) -> None:
    sim.config.latency = {"dialNumber": 1.0}
    client = client_for(sim, read_timeout=0.3)
    client.login()
    with pytest.raises(OutcomeUnknown):
        client.dial_number("600")
    assert sim.wait_for("dialNumber")
    assert dial_count(sim) == 1


def test_dropped_connection_after_dial_is_outcome_unknown_and_the_call_exists(
    sim: Simulator,
) -> None:
    client = client_for(sim)
    client.login()
    sim.fail_once("dialNumber", "drop_connection")
    with pytest.raises(OutcomeUnknown):
        client.dial_number("600")
    assert dial_count(sim) == 1
    assert len(sim.calls) == 1  # the call was placed although the client never heard


def test_connection_refused_is_unreachable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = TVoxClient(f"http://127.0.0.1:{port}", "u", "p", connect_timeout=1)
    with pytest.raises(Unreachable):
        client.dial_number("600")


def test_a_read_on_a_connection_the_server_closed_is_repeated_once(sim: Simulator) -> None:
    client = client_for(sim)
    client.login()
    sim.fail_once("getServiceCurrentCalls", "drop_connection")
    assert client.get_service_current_calls() == []
    assert [r.method for r in sim.received].count("getServiceCurrentCalls") == 2


# -- malformed answers -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["http_error", "truncated_json", "wrong_id", "wrong_jsonrpc"])
def test_malformed_answers_are_protocol_errors(sim: Simulator, kind: str) -> None:
    client = client_for(sim)
    client.login()
    sim.fail_once("getServiceCurrentCalls", kind, 502)  # type: ignore[arg-type]
    with pytest.raises(ProtocolError) as caught:
        client.get_service_current_calls()
    if kind == "http_error":
        assert caught.value.status == 502
        assert "<" in caught.value.excerpt  # an excerpt of the HTML page


def test_protocol_error_excerpt_hides_secrets() -> None:
    from tvox_panel.webapi.transport import excerpt

    text = excerpt(b'<html>{"sessionId": "abc123", "password": "pw"} JSESSIONID=zzz</html>')
    assert "abc123" not in text
    assert 'pw"' not in text
    assert "zzz" not in text


# -- recording dialects ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("server", "client_dialect", "forms"),
    [
        ("both", "auto", ["callid"]),
        ("callid", "auto", ["callid"]),
        ("seed", "auto", ["callid", "seed"]),
        ("seed", "seed", ["seed"]),
        ("callid", "callid", ["callid"]),
    ],
)
def test_rec_on_dialects(
    sim: Simulator, server: str, client_dialect: str, forms: list[str]
) -> None:
    sim.config.rec_dialect = server  # type: ignore[assignment]
    client = client_for(sim, rec_dialect=client_dialect)
    call_id = client.dial_number("600")
    assert call_id is not None
    used = client.rec_on(call_id, "first_segment")
    rec_params = [r.params for r in sim.received if r.method == "recOn"]
    assert [("callid" if len(p) == 3 else "seed") for p in rec_params] == forms
    assert used == forms[-1]
    client.rec_off(call_id)
    assert [r.file_name for r in sim.recordings] == ["first_segment.wav"]


def test_seed_form_is_remembered_for_the_session(sim: Simulator) -> None:
    sim.config.rec_dialect = "seed"
    client = client_for(sim)
    call_id = client.dial_number("600")
    assert call_id
    client.rec_on(call_id, "a")
    client.rec_off(call_id)
    client.rec_on(call_id, "b")
    assert len([r for r in sim.received if r.method == "recOn"]) == 3  # one refusal, two seeds


def test_forced_callid_dialect_on_a_seed_server_is_refused(sim: Simulator) -> None:
    sim.config.rec_dialect = "seed"
    client = client_for(sim, rec_dialect="callid")
    call_id = client.dial_number("600")
    with pytest.raises(InvalidParams):
        client.rec_on(call_id, "x")


def test_recording_a_call_that_ended_is_no_active_call(sim: Simulator) -> None:
    client = client_for(sim)
    call_id = client.dial_number("600")
    assert call_id
    client.hangup_call(call_id)
    with pytest.raises(NoActiveCall):
        client.rec_on(call_id, "late")
    with pytest.raises(NoActiveCall):
        client.rec_off(call_id)


def test_current_calls_and_recordings_search(sim: Simulator) -> None:
    client = client_for(sim)
    call_id = client.dial_number("0612345678")
    assert call_id
    client.rec_on(call_id, "crm_ticket_42")
    calls = client.get_service_current_calls()
    assert [(c.call_id, c.number, c.recording) for c in calls] == [(call_id, "0612345678", True)]
    client.rec_off(call_id)
    client.hangup_call(call_id)
    assert client.get_service_current_calls() == []
    import time

    search = RecordingSearch(time.time() - 3600, time.time() + 60).file_name("ticket_42")
    page = client.search_recorded_calls(search)
    assert page.total == 1
    assert page.items[0].custom_file_name.startswith("crm_ticket_42")


# -- secrets and layering --------------------------------------------------------------


def test_password_and_session_id_never_reach_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "Pa55-w0rd!xyz"
    with Simulator(users=[parse_user_spec(f"ops:{secret}")], recordings_dir=tmp_path) as sim:
        client = TVoxClient(sim.base_url, "ops", secret)
        client.login()
        sim.expire_sessions()
        client.get_service_current_calls()
        cookie = client._transport.http.cookie("JSESSIONID")
    assert cookie
    assert cookie not in caplog.text
    assert secret not in caplog.text


def test_core_modules_import_without_qt() -> None:
    code = (
        "import sys, tvox_panel.webapi, tvox_panel.phone.numbers, tvox_panel.phone.uris, "
        "tvox_panel.simulator, tvox_panel.calllog.store, tvox_panel.config.settings, "
        "tvox_panel.cli.call; "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_session_cookie_reaches_dotless_hosts(sim: Simulator, host: str) -> None:
    sim.config.set_cookie = False
    client = TVoxClient(f"http://{host}:{sim.port}", "supervisor", "supervisor")
    client.login()
    assert client.get_service_current_calls() == []
    assert [r.method for r in sim.received].count("login") == 1


def test_tls_to_a_server_that_does_not_speak_it_is_unreachable(sim: Simulator) -> None:
    client = TVoxClient(f"https://127.0.0.1:{sim.port}", "supervisor", "supervisor")
    with pytest.raises(Unreachable, match="tls"):
        client.dial_number("600")
    assert not [r for r in sim.received if r.method == "dialNumber"]


def test_the_gui_side_of_the_webapi_loads_no_http_stack() -> None:
    # The GUI thread reads errors and parses addresses; only the worker loads requests.
    code = (
        "import sys, tvox_panel.webapi, tvox_panel.webapi.errors, tvox_panel.webapi.address; "
        "from tvox_panel.webapi import AuthError, OutcomeUnknown, parse_server; "
        "bad = [m for m in ('requests', 'urllib3', 'http.client') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
