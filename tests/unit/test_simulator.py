"""The TVox WebAPI simulator, driven over real loopback HTTP with plain requests."""

from __future__ import annotations

import http.client
import json
import logging
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tvox_panel.simulator import DEFAULT_USERS, SimConfig, Simulator, parse_user_spec
from tvox_panel.simulator.__main__ import config_from_args, main, parse_args, users_from_args

EXC = "com.telenia.tvox.webapi.exception."
CALL_ID = re.compile(r"^\d{10}\.\d+@[0-9a-f]{10}$")
DIAL_600 = ["mrossi", "600", "", "", False, None, True, ""]
WIDE = {
    "startFrom": {"operation": "GE", "value": 0},
    "startTo": {"operation": "LE", "value": 2**53},
}


class FakeClock:
    """Monotonic seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Client:
    """A bare JSON-RPC client on one keep-alive requests.Session."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.next_id = 0

    def post(self, method: str, params: Any) -> requests.Response:
        self.next_id += 1
        body = {"jsonrpc": "2.0", "method": method, "params": params, "id": self.next_id}
        return self.http.post(self.url, json=body, timeout=5)

    def rpc(self, method: str, params: Any) -> dict[str, Any]:
        answer: dict[str, Any] = self.post(method, params).json()
        return answer

    def result(self, method: str, params: Any) -> Any:
        answer = self.rpc(method, params)
        assert "error" not in answer, answer
        return answer["result"]

    def error(self, method: str, params: Any) -> dict[str, Any]:
        answer = self.rpc(method, params)
        assert "result" not in answer, answer
        error: dict[str, Any] = answer["error"]
        return error

    def login(self, user: str = "supervisor", password: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = self.result("login", ["10.26.0", user, password or user])
        return result

    def dial(self, *params: Any) -> Any:
        return self.result("dialNumber", list(params) or DIAL_600)

    def current(self, user: str = "mrossi") -> list[dict[str, Any]]:
        calls: list[dict[str, Any]] = self.result("getServiceCurrentCalls", [user])
        return calls


def exception_type(error: dict[str, Any]) -> str:
    assert error["code"] == -32001
    name: str = error["data"]["exceptionTypeName"]
    return name


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sim(tmp_path: Path, clock: FakeClock) -> Iterator[Simulator]:
    with Simulator(recordings_dir=tmp_path / "rec", clock=clock) as server:
        yield server


@pytest.fixture
def anon(sim: Simulator) -> Client:
    return Client(sim.url)


@pytest.fixture
def client(anon: Client) -> Client:
    anon.login()
    return anon


def search(client: Client, **criterias: Any) -> dict[str, Any]:
    query = {"criterias": {**WIDE, **criterias}, "exclusions": None, "page": 1, "size": 10}
    result: dict[str, Any] = client.result("searchRecordedCall", [query])
    return result


# --- authentication -------------------------------------------------------------------------


def test_get_version_works_without_login_and_is_configurable(sim: Simulator, anon: Client) -> None:
    assert anon.result("getVersion", []) == ["10.26.32", "10.26.0"]
    sim.config.server_version, sim.config.webapi_version = "11.0.1", "11.0.0"
    assert anon.result("getVersion", []) == ["11.0.1", "11.0.0"]
    assert anon.error("login", ["10.26.0", "supervisor", "supervisor"])["code"] == -32001
    assert anon.result("login", ["11.0.0", "supervisor", "supervisor"])["logged"] is True


def test_login_reports_the_user_and_sets_the_session_cookie(anon: Client) -> None:
    answer = anon.post("login", ["10.26.0", "supervisor", "supervisor"])
    result = answer.json()["result"]
    assert result["username"] == "supervisor"
    assert (result["name"], result["surname"]) == ("Giulia", "Bianchi")
    assert result["profileRoles"] == ["TVOX_SUPERVISOR", "TVOX_AGENT"]
    assert result["userPermissions"]
    assert result["accessToken"]
    assert result["logged"] is True
    assert result["status"] == "AVAILABLE"
    assert f"JSESSIONID={result['sessionId']}; Path=/tvox" in answer.headers["Set-Cookie"]
    assert anon.current() == []


def test_login_with_another_webapi_version_is_an_illegal_argument(anon: Client) -> None:
    error = anon.error("login", ["9.0.0", "supervisor", "supervisor"])
    assert exception_type(error) == "java.lang.IllegalArgumentException"


@pytest.mark.parametrize(("user", "password"), [("supervisor", "wrong"), ("nobody", "nobody")])
def test_bad_credentials_are_an_authentication_exception(
    anon: Client, user: str, password: str
) -> None:
    error = anon.error("login", ["10.26.0", user, password])
    assert error["data"] == {
        "exceptionTypeName": EXC + "AuthenticationException",
        "message": "Invalid username or password",
    }
    assert "Set-Cookie" not in anon.post("login", ["10.26.0", user, password]).headers


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("getVersion", ["x"]),
        ("login", ["10.26.0", "supervisor"]),
        ("login", ["10.26.0", "supervisor", 1]),
        ("login", ["10.26.0", "supervisor", "supervisor", "x"]),
    ],
)
def test_public_methods_validate_params(anon: Client, method: str, params: list[Any]) -> None:
    assert anon.error(method, params)["code"] == -32602


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("dialNumber", DIAL_600),
        ("dialNumberByEmail", ["mrossi@example.com", *DIAL_600[1:]]),
        ("recOn", ["mrossi"]),
        ("recOff", ["mrossi", "1.1@0000000000"]),
        ("hangupCall", ["1.1@0000000000"]),
        ("getServiceCurrentCalls", ["mrossi"]),
        ("searchRecordedCall", [{"criterias": WIDE}]),
        ("sendSms", ["3331234567", "hello"]),
    ],
)
def test_other_methods_need_a_session(
    sim: Simulator, anon: Client, method: str, params: list[Any]
) -> None:
    error = anon.error(method, params)
    assert error["message"] == "User not authenticated"
    assert error["data"] == {
        "exceptionTypeName": EXC + "NotAuthenticatedException",
        "message": "User not authenticated",
    }
    assert sim.calls == []


def test_unauthenticated_may_be_answered_with_http_401(sim: Simulator, anon: Client) -> None:
    sim.config.unauth_as_http401 = True
    answer = anon.post("getServiceCurrentCalls", ["mrossi"])
    assert answer.status_code == 401
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "<html>" in answer.text


def test_without_set_cookie_the_client_sets_jsessionid_itself(sim: Simulator) -> None:
    sim.config.set_cookie = False
    client = Client(sim.url)
    answer = client.post("login", ["10.26.0", "supervisor", "supervisor"])
    assert "Set-Cookie" not in answer.headers
    assert client.error("getServiceCurrentCalls", ["mrossi"])["code"] == -32001
    session_id = answer.json()["result"]["sessionId"]
    client.http.cookies.set("JSESSIONID", session_id, path="/tvox")
    assert client.current() == []


def test_a_made_up_session_cookie_is_not_authenticated(anon: Client) -> None:
    anon.http.cookies.set("JSESSIONID", "0123456789ABCDEF", path="/tvox")
    assert exception_type(anon.error("sendSms", ["333", "x"])) == EXC + "NotAuthenticatedException"


def test_session_expires_after_max_calls(sim: Simulator, client: Client) -> None:
    sim.config.session_max_calls = 2
    assert client.current() == []
    assert client.current() == []
    assert exception_type(client.error("getServiceCurrentCalls", ["mrossi"])).endswith(
        "NotAuthenticatedException"
    )
    client.login()
    assert client.current() == []


def test_session_expires_after_its_lifetime(sim: Simulator, clock: FakeClock) -> None:
    sim.config.session_lifetime = 60.0
    client = Client(sim.url)
    client.login()
    clock.advance(59.0)
    assert client.current() == []
    clock.advance(1.0)
    assert client.error("getServiceCurrentCalls", ["mrossi"])["code"] == -32001


def test_expire_sessions_logs_everyone_out(sim: Simulator, client: Client) -> None:
    sim.expire_sessions()
    assert client.error("getServiceCurrentCalls", ["mrossi"])["code"] == -32001


def test_passwords_and_session_ids_never_reach_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="tvox_panel.simulator")
    users = [parse_user_spec("operator:S3cret-Pa55")]
    with Simulator(users=users, recordings_dir=tmp_path) as server:
        client = Client(server.url)
        session_id = client.login("operator", "S3cret-Pa55")["sessionId"]
        client.error("login", ["10.26.0", "operator", "Wr0ng-Pa55"])
        client.dial("operator", "600", "", "", True, None, True, None)
    assert "dials 600" in caplog.text
    for secret in ("S3cret-Pa55", "Wr0ng-Pa55", session_id):
        assert secret not in caplog.text


# --- dialing and current calls --------------------------------------------------------------


def test_dial_number_returns_a_tvox_call_id_listed_as_current(
    sim: Simulator, client: Client
) -> None:
    call_id = client.dial()
    assert CALL_ID.match(call_id)
    [call] = client.current()
    assert call["callId"] == call_id
    assert call["number"] == "600"
    assert (call["direction"], call["state"]) == ("OUTBOUND", "ANSWERED")
    assert call["service"] is None
    assert call["recording"] is False
    assert abs(call["startTime"] - time.time() * 1000) < 60_000
    assert [c.call_id for c in sim.calls] == [call_id]


def test_dial_without_return_call_id_answers_null_but_calls(client: Client) -> None:
    assert client.dial("mrossi", "0212345678", "", "", False, None, False, "SALES") is None
    [call] = client.current()
    assert (call["number"], call["service"]) == ("0212345678", "SALES")


def test_call_id_may_come_as_an_object(sim: Simulator, client: Client) -> None:
    sim.config = SimConfig(callid_as_object=True)
    result = client.dial()
    assert set(result) == {"callId"}
    assert CALL_ID.match(result["callId"])


@pytest.mark.parametrize("agent", ["nobody", "admin"])
def test_dialing_for_a_non_agent_fails(sim: Simulator, client: Client, agent: str) -> None:
    error = client.error("dialNumber", [agent, *DIAL_600[1:]])
    assert exception_type(error) == EXC + "UserNotFoundException"
    assert sim.calls == []


@pytest.mark.parametrize(
    "params",
    [
        DIAL_600[:7],
        [*DIAL_600, "extra"],
        ["mrossi", 600, "", "", False, None, True, ""],
        ["mrossi", "600", None, "", False, None, True, ""],
        ["mrossi", "600", "", "", "false", None, True, ""],
        ["mrossi", "600", "", "", False, 5, True, ""],
        ["mrossi", "600", "", "", False, None, 1, ""],
        ["mrossi", "600", "", "", False, None, True, False],
    ],
)
def test_dial_number_validates_count_and_types(
    sim: Simulator, client: Client, params: list[Any]
) -> None:
    error = client.error("dialNumber", params)
    assert (error["code"], error["message"]) == (-32602, "Invalid params")
    assert sim.calls == []


@pytest.mark.parametrize("number", ["", "abc", "06-1234"])
def test_an_invalid_number_is_an_illegal_argument(client: Client, number: str) -> None:
    error = client.error("dialNumber", ["mrossi", number, *DIAL_600[2:]])
    assert exception_type(error) == "java.lang.IllegalArgumentException"


def test_dial_number_by_email(client: Client) -> None:
    call_id = client.result("dialNumberByEmail", ["MRossi@example.com", *DIAL_600[1:]])
    assert client.current()[0]["callId"] == call_id
    error = client.error("dialNumberByEmail", ["nobody@example.com", *DIAL_600[1:]])
    assert exception_type(error) == EXC + "UserNotFoundException"


def test_a_call_rings_then_is_answered(sim: Simulator, client: Client, clock: FakeClock) -> None:
    sim.config.ring_time = 3.0
    client.dial()
    assert client.current()[0]["state"] == "RINGING"
    clock.advance(3.0)
    assert client.current()[0]["state"] == "ANSWERED"


def test_current_calls_are_the_agents_own_newest_first(client: Client, clock: FakeClock) -> None:
    first = client.dial()
    clock.advance(1)
    second = client.dial()
    client.dial("supervisor", "601", "", "", False, None, True, None)
    assert [c["callId"] for c in client.current()] == [second, first]
    client.result("hangupCall", [second])
    assert [c["callId"] for c in client.current()] == [first]
    assert exception_type(client.error("hangupCall", [second])) == EXC + "CallNotFoundException"
    assert client.error("getServiceCurrentCalls", ["nobody"])["code"] == -32001


def test_the_remote_party_hangs_up_after_the_configured_time(
    sim: Simulator, client: Client, clock: FakeClock
) -> None:
    sim.config.remote_hangup_after = 10.0
    call_id = client.dial("mrossi", "600", "", "", True, "remote", True, None)
    clock.advance(9.0)
    assert len(client.current()) == 1
    clock.advance(5.0)
    assert client.current() == []
    [recording] = sim.recordings
    assert (recording.call_id, recording.duration) == (call_id, 10)
    assert [c.state for c in sim.calls] == ["ENDED"]


def test_inbound_calls_come_lazily_every_few_seconds(tmp_path: Path, clock: FakeClock) -> None:
    config = SimConfig(inbound_calls=True, inbound_every=30.0, inbound_duration=20.0, seed=7)
    with Simulator(config, recordings_dir=tmp_path, clock=clock) as server:
        client = Client(server.url)
        client.login()
        [call] = client.current()
        assert call["direction"] == "INBOUND"
        assert call["service"]
        assert re.match(r"^\+39\d{8,10}$", call["number"])
        assert client.result("recOn", ["mrossi", call["callId"]]) is None
        clock.advance(31.0)
        [newer] = client.current()
        assert newer["callId"] != call["callId"]
        assert server.recordings[0].direction == "INBOUND"
    with Simulator(SimConfig(inbound_calls=True, seed=7), recordings_dir=tmp_path) as again:
        other = Client(again.url)
        other.login()
        assert other.current()[0]["number"] == call["number"]


def test_concurrent_dials_get_distinct_call_ids(sim: Simulator) -> None:
    ids: list[str] = []

    def dial() -> None:
        client = Client(sim.url)
        client.login()
        ids.extend(client.dial() for _ in range(5))

    threads = [threading.Thread(target=dial) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 30 == len(sim.calls)


# --- recording ------------------------------------------------------------------------------


def test_rec_on_seed_dialect_records_the_active_call(sim: Simulator, client: Client) -> None:
    sim.config.rec_dialect = "seed"
    call_id = client.dial()
    assert client.result("recOn", ["mrossi", "recordedCall"]) is None
    assert client.current()[0]["recording"] is True
    client.result("recOff", ["mrossi", call_id])
    assert [r.file_name for r in sim.recordings] == ["recordedCall.wav"]
    assert client.error("recOn", ["mrossi", call_id, "name"])["code"] == -32602
    assert client.result("recOn", ["mrossi"]) is None


def test_rec_on_callid_dialect_needs_the_call_id(sim: Simulator, client: Client) -> None:
    sim.config.rec_dialect = "callid"
    call_id = client.dial()
    assert client.error("recOn", ["mrossi"])["code"] == -32602
    assert client.result("recOn", ["mrossi", call_id, "named"]) is None
    client.result("recOff", ["mrossi", call_id])
    assert client.result("recOn", ["mrossi", call_id]) is None
    assert sim.recordings[0].custom_file_name == "named"


def test_rec_on_both_dialects_tells_a_call_id_from_a_file_name(
    sim: Simulator, client: Client
) -> None:
    call_id = client.dial()
    client.result("recOn", ["mrossi", call_id])
    client.result("recOff", ["mrossi", call_id])
    client.result("recOn", ["mrossi", "a@name"])
    client.result("recOff", ["mrossi", call_id])
    client.result("recOn", ["mrossi", call_id, "third"])
    client.result("recOff", ["mrossi", call_id])
    names = [r.file_name for r in sim.recordings]
    assert names[1:] == ["a_name.wav", "third.wav"]
    assert call_id.split("@")[1] in names[0]
    assert client.error("recOn", ["mrossi", call_id, "x", "y"])["code"] == -32602


def test_recording_errors_name_the_java_exception(client: Client) -> None:
    no_call = client.error("recOn", ["mrossi"])
    assert no_call["data"] == {
        "exceptionTypeName": EXC + "CallNotFoundException",
        "message": "No active call",
    }
    call_id = client.dial()
    other = client.dial("supervisor", "601", "", "", False, None, True, None)
    assert exception_type(client.error("recOn", ["mrossi", other, "x"])).endswith(
        "NotFoundException"
    )
    assert exception_type(client.error("recOff", ["mrossi", call_id])) == (
        EXC + "RecordingNotActiveException"
    )
    client.result("recOn", ["mrossi", call_id])
    again = client.error("recOn", ["mrossi", call_id])
    assert (again["message"], exception_type(again)) == (
        "Recording already active",
        EXC + "RecordingAlreadyActiveException",
    )
    assert exception_type(client.error("recOff", ["mrossi", "1.2@ffffffffff"])) == (
        EXC + "CallNotFoundException"
    )


def test_segments_are_real_wav_files_as_long_as_the_segment(
    sim: Simulator, client: Client, clock: FakeClock
) -> None:
    call_id = client.dial("mrossi", "600", "", "", True, "first", True, None)
    clock.advance(2.5)
    client.result("recOff", ["mrossi", call_id])
    client.result("recOn", ["mrossi", call_id, "short"])
    client.result("hangupCall", [call_id])
    first, short = sim.recordings
    assert first.path.parent == sim.recordings_dir
    with wave.open(str(first.path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 8000)
        assert wav.getnframes() == 20000
        assert max(wav.readframes(wav.getnframes())) > 0
    with wave.open(str(short.path), "rb") as wav:
        assert wav.getnframes() == 800
    assert (first.duration, first.type, short.type) == (2, "AUTOMATIC", "ON_DEMAND")


def test_audio_is_capped(sim: Simulator, client: Client, clock: FakeClock) -> None:
    sim.config.max_audio_seconds = 1.0
    call_id = client.dial("mrossi", "600", "", "", True, None, True, None)
    clock.advance(5.0)
    client.result("recOff", ["mrossi", call_id])
    [recording] = sim.recordings
    assert recording.duration == 5
    with wave.open(str(recording.path), "rb") as wav:
        assert wav.getnframes() == 8000


def test_file_names_are_sanitised_and_never_overwritten(sim: Simulator, client: Client) -> None:
    call_id = client.dial()
    for name in ["../../etc/passwd", "../../etc/passwd", "../../etc/passwd.wav", "/", None]:
        client.result("recOn", ["mrossi", call_id, name])
        client.result("recOff", ["mrossi", call_id])
    names = [r.file_name for r in sim.recordings]
    assert names[:3] == ["etc_passwd.wav", "etc_passwd-1.wav", "etc_passwd-2.wav"]
    assert names[3].endswith(".wav")
    assert names[3] == names[4].replace("-1.wav", ".wav")
    assert sim.recordings_dir is not None
    assert sorted(p.name for p in sim.recordings_dir.iterdir()) == sorted(names)


# --- searchRecordedCall ---------------------------------------------------------------------


@pytest.fixture
def recorded(sim: Simulator, client: Client, clock: FakeClock) -> Client:
    """Three segments: mrossi 600 (5 s), mrossi 0212345678 (1 s), supervisor 601 (3 s)."""
    for agent, number, name, seconds in [
        ("mrossi", "600", "sales-call", 5),
        ("mrossi", "0212345678", "support", 1),
        ("supervisor", "601", "Sales-Followup", 3),
    ]:
        call_id = client.dial(agent, number, "", "", True, name, True, None)
        clock.advance(seconds)
        client.result("hangupCall", [call_id])
    sim.ring_inbound("mrossi", "+390612345678", "SUPPORT")
    client.result("recOn", ["mrossi"])
    client.result("recOff", ["mrossi", client.current()[0]["callId"]])
    return client


@pytest.mark.parametrize(
    ("criterias", "expected"),
    [
        ({}, ["sales-call", "support", "Sales-Followup", None]),
        ({"users": {"operation": "IN", "value": ["supervisor"]}}, ["Sales-Followup"]),
        ({"direction": {"operation": "EQ", "value": "INBOUND"}}, [None]),
        ({"clid": {"operation": "LIKE", "value": "0612"}}, [None]),
        ({"dnis": {"operation": "EQ", "value": "600"}}, ["sales-call"]),
        (
            {"customFileName": {"operation": "LIKE", "value": "sales"}},
            ["sales-call", "Sales-Followup"],
        ),
        ({"fileName": {"operation": "LIKE", "value": "PORT"}}, ["support"]),
        ({"duration": {"operation": "GE", "value": 3}}, ["sales-call", "Sales-Followup"]),
        ({"type": {"operation": "EQ", "value": "ON_DEMAND"}}, [None]),
    ],
)
def test_search_filters(recorded: Client, criterias: dict[str, Any], expected: list[Any]) -> None:
    result = search(recorded, **criterias)
    assert [item["customFileName"] for item in result["content"]] == expected
    assert result["totalElements"] == len(expected)


def test_search_takes_the_vendors_example_with_null_for_every_unused_criterion(
    recorded: Client,
) -> None:
    # The vendor's example lists every criterion; null values mean "no filter".
    unused = ["users", "exten", "direction", "services", "clid", "dnis", "duration", "note",
              "userSites", "fileName", "customFileName", "externalData", "type"]  # fmt: skip
    criterias = {name: {"operation": "EQ", "value": None} for name in unused}
    criterias["users"] = {"operation": "IN", "value": None}
    query = {
        "criterias": {**criterias, **WIDE},
        "exclusions": None,
        "page": 1,
        "size": 10,
        "sortField": "date",
        "sortOrder": "ASC",
    }
    result = recorded.result("searchRecordedCall", [query])
    assert result["totalElements"] == 4
    criterias["dnis"] = {"operation": "EQ", "value": "600"}
    query["criterias"] = {**criterias, **WIDE}
    assert recorded.result("searchRecordedCall", [query])["totalElements"] == 1


def test_search_items_carry_the_documented_fields(recorded: Client, sim: Simulator) -> None:
    item = search(recorded, users={"operation": "IN", "value": ["supervisor"]})["content"][0]
    assert set(item) == {
        "id",
        "callId",
        "fileName",
        "customFileName",
        "startTime",
        "duration",
        "direction",
        "user",
        "clid",
        "dnis",
        "type",
    }
    assert (item["user"], item["clid"], item["dnis"], item["direction"]) == (
        "supervisor",
        "200",
        "601",
        "OUTBOUND",
    )
    start = item["startTime"]
    narrow = {"startFrom": {"operation": "GE", "value": start}, "startTo": WIDE["startTo"]}
    assert search(recorded, **narrow)["totalElements"] == 2
    narrow["startFrom"]["operation"] = "GT"
    assert search(recorded, **narrow)["totalElements"] == 1


def test_search_sorts_pages_and_excludes(recorded: Client) -> None:
    query: dict[str, Any] = {
        "criterias": WIDE,
        "exclusions": {"direction": {"operation": "EQ", "value": "INBOUND"}},
        "page": 1,
        "size": 2,
        "sortField": "duration",
        "sortOrder": "DESC",
    }
    first = recorded.result("searchRecordedCall", [query])
    query["page"] = 2
    second = recorded.result("searchRecordedCall", [query])
    assert [i["duration"] for i in first["content"] + second["content"]] == [5, 3, 1]
    assert (first["totalElements"], first["page"], first["size"]) == (3, 1, 2)


@pytest.mark.parametrize(
    "query",
    [
        {"criterias": {"startTo": WIDE["startTo"]}},
        {"criterias": {"startFrom": WIDE["startFrom"]}},
        {"criterias": {**WIDE, "startFrom": {"operation": "LT", "value": 0}}},
        {"criterias": {**WIDE, "startTo": {"operation": "LE", "value": "soon"}}},
        {"criterias": WIDE, "sortField": "name"},
        {"criterias": WIDE, "page": 0},
        {"criterias": None},
    ],
)
def test_search_rejects_malformed_queries(client: Client, query: dict[str, Any]) -> None:
    assert client.error("searchRecordedCall", [query])["code"] == -32602


def test_send_sms(client: Client) -> None:
    assert client.result("sendSms", ["+393331234567", "Richiamami"]) is True
    assert client.error("sendSms", ["+393331234567"])["code"] == -32602


# --- JSON-RPC framing and HTTP --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", -32700),
        (b"[]", -32600),
        (b'{"jsonrpc": "2.0", "id": 3}', -32600),
        (b'{"jsonrpc": "2.0", "method": "getVersion", "params": {"a": 1}, "id": 3}', -32602),
        (b'{"jsonrpc": "2.0", "method": "frobnicate", "params": [], "id": 3}', -32601),
    ],
)
def test_malformed_requests_get_json_rpc_errors(sim: Simulator, body: bytes, code: int) -> None:
    answer = requests.post(sim.url, data=body, timeout=5)
    assert answer.status_code == 200
    assert answer.json()["error"]["code"] == code


@pytest.mark.parametrize(
    ("verb", "path", "status"),
    [("GET", "/tvox/webapi", 405), ("PUT", "/tvox/webapi", 405), ("POST", "/tvox/other", 404)],
)
def test_other_verbs_and_paths_get_a_small_html_page(
    sim: Simulator, verb: str, path: str, status: int
) -> None:
    answer = requests.request(verb, sim.base_url + path, data=b"{}", timeout=5)
    assert answer.status_code == status
    assert answer.headers["Content-Type"].startswith("text/html")
    assert f"<h1>{status}" in answer.text


def test_one_keep_alive_connection_serves_many_quick_calls(sim: Simulator) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", sim.port, timeout=5)
    conn.connect()
    local = conn.sock.getsockname()
    body = json.dumps({"jsonrpc": "2.0", "method": "getVersion", "params": [], "id": 1})
    started = time.perf_counter()
    for _ in range(25):
        conn.request("POST", "/tvox/webapi", body, {"Content-Type": "application/json"})
        assert json.loads(conn.getresponse().read())["result"] == ["10.26.32", "10.26.0"]
    elapsed = time.perf_counter() - started
    assert conn.sock.getsockname() == local
    conn.close()
    assert elapsed < 0.75  # Nagle plus delayed ACK would cost about 40 ms a call


def test_stop_closes_open_connections(tmp_path: Path) -> None:
    server = Simulator(recordings_dir=tmp_path).start()
    client = Client(server.url)
    assert client.result("getVersion", [])
    server.stop()
    with pytest.raises(requests.ConnectionError):
        client.post("getVersion", [])


def test_recordings_dir_is_temporary_unless_given() -> None:
    with Simulator() as server:
        folder = server.recordings_dir
        assert folder is not None
        assert folder.is_dir()
    assert not folder.exists()
    with pytest.raises(RuntimeError):
        _ = Simulator().url


# --- fault injection ------------------------------------------------------------------------


def test_http_error_answers_a_proxy_page_without_running_the_method(
    sim: Simulator, client: Client
) -> None:
    sim.config.http_error = {"dialNumber": 502}
    answer = client.post("dialNumber", DIAL_600)
    assert answer.status_code == 502
    assert "Bad Gateway" in answer.text
    assert sim.calls == []
    assert sim.wait_for("dialNumber", timeout=0)
    sim.config.http_error = {}
    assert CALL_ID.match(client.dial())


def test_truncated_json_is_cut_but_the_call_is_placed(sim: Simulator, client: Client) -> None:
    sim.config.truncated_json = {"dialNumber"}
    answer = client.post("dialNumber", DIAL_600)
    with pytest.raises(ValueError, match="."):
        answer.json()
    assert answer.text
    assert json.dumps({"jsonrpc": "2.0"})[:10] in answer.text
    assert len(sim.calls) == 1


def test_wrong_id_and_wrong_jsonrpc_version(sim: Simulator, client: Client) -> None:
    sim.config.wrong_id = {"getVersion"}
    sim.config.wrong_jsonrpc = {"sendSms"}
    answer = client.post("getVersion", [])
    assert answer.json()["id"] != client.next_id
    assert answer.json()["result"] == ["10.26.32", "10.26.0"]
    sms = client.rpc("sendSms", ["333", "x"])
    assert (sms["jsonrpc"], sms["id"], sms["result"]) == ("1.0", client.next_id, True)


def test_dropped_connection_still_places_the_call(sim: Simulator, client: Client) -> None:
    sim.config.drop_connection = {"dialNumber"}
    fresh = Client(sim.url)
    fresh.http.cookies.update(client.http.cookies)
    with pytest.raises(requests.ConnectionError):
        fresh.post("dialNumber", DIAL_600)
    assert [c.number for c in sim.calls] == ["600"]
    assert [r.method for r in sim.received].count("dialNumber") == 1
    assert client.current()[0]["callId"] == sim.calls[0].call_id


def test_fail_once_hits_only_the_next_request(sim: Simulator, client: Client) -> None:
    sim.fail_once("getVersion", "http_error", status=504)
    sim.fail_once("getVersion", "wrong_jsonrpc")
    assert client.post("getVersion", []).status_code == 504
    assert client.rpc("getVersion", [])["jsonrpc"] == "1.0"
    assert client.rpc("getVersion", [])["jsonrpc"] == "2.0"
    with pytest.raises(ValueError, match="fault kind"):
        sim.fail_once("getVersion", "explode")  # type: ignore[arg-type]


def test_latency_delays_the_answer(sim: Simulator, client: Client) -> None:
    sim.config.latency = {"sendSms": 0.2}
    started = time.monotonic()
    client.result("sendSms", ["333", "x"])
    assert time.monotonic() - started >= 0.2
    started = time.monotonic()
    client.result("getVersion", [])
    assert time.monotonic() - started < 0.2


# --- observation ----------------------------------------------------------------------------


def test_received_log_wait_for_and_on_request(tmp_path: Path) -> None:
    seen: list[tuple[str, list[Any], float]] = []
    before = time.perf_counter()
    with Simulator(recordings_dir=tmp_path, on_request=lambda *a: seen.append(a)) as server:
        client = Client(server.url)
        client.login()
        thread = threading.Thread(target=client.dial)
        thread.start()
        assert server.wait_for("dialNumber", timeout=5)
        thread.join()
        assert not server.wait_for("dialNumber", count=2, timeout=0.05)
        received = server.received
        assert [r.method for r in received] == ["login", "dialNumber"]
        assert received[1].params == DIAL_600
        assert received[0].time <= received[1].time
        server.clear_received()
        assert server.received == []
    assert [(m, p) for m, p, _ in seen][1] == ("dialNumber", DIAL_600)
    assert before < seen[0][2] <= seen[1][2]


# --- users, the command line, import hygiene ------------------------------------------------


def test_default_users_are_the_documented_demo_users() -> None:
    roles = {u.username: u.roles for u in DEFAULT_USERS}
    assert roles == {
        "supervisor": ("TVOX_SUPERVISOR", "TVOX_AGENT"),
        "mrossi": ("TVOX_AGENT",),
        "admin": ("TVOX_SUPERUSER",),
    }
    assert all(u.password == u.username for u in DEFAULT_USERS)
    assert "password" not in repr(DEFAULT_USERS[0])
    assert DEFAULT_USERS[1].email == "mrossi@example.com"


def test_given_users_are_supervisors_and_agents(tmp_path: Path) -> None:
    args = parse_args(["--user", "anna:pw:with:colons", "--user", "luca:x"])
    users = users_from_args(args)
    assert [(u.username, u.password) for u in users] == [("anna", "pw:with:colons"), ("luca", "x")]
    with Simulator(users=users, recordings_dir=tmp_path) as server:
        client = Client(server.url)
        assert client.login("anna", "pw:with:colons")["profileRoles"] == [
            "TVOX_SUPERVISOR",
            "TVOX_AGENT",
        ]
        assert CALL_ID.match(client.dial("luca", "600", "", "", False, None, True, None))
        assert client.error("login", ["10.26.0", "supervisor", "supervisor"])["code"] == -32001


def test_command_line_defaults() -> None:
    args = parse_args([])
    assert (args.host, args.port, args.rec_dialect, args.recordings) == (
        "127.0.0.1",
        8080,
        "both",
        None,
    )
    assert users_from_args(args) == DEFAULT_USERS
    assert config_from_args(args) == SimConfig()


def test_command_line_switches_reach_the_config() -> None:
    args = parse_args(
        shlex.split(
            "--host localhost --port 0 --rec-dialect seed --recordings /tmp/r --inbound-calls "
            "--remote-hangup-after 4 --latency dialNumber=0.5 --latency login=1 "
            "--no-set-cookie --callid-object --unauth-http401 --session-lifetime 30 "
            "--inbound-every 5 --inbound-first-after 3 --inbound-duration 7"
        )
    )
    config = config_from_args(args)
    assert (args.port, args.recordings) == (0, Path("/tmp/r"))
    assert config.rec_dialect == "seed"
    assert config.inbound_calls
    assert config.remote_hangup_after == 4.0
    assert config.session_lifetime == 30.0
    assert config.latency == {"dialNumber": 0.5, "login": 1.0}
    assert not config.set_cookie
    assert config.callid_as_object
    assert config.unauth_as_http401
    assert (config.inbound_every, config.inbound_first_after, config.inbound_duration) == (5, 3, 7)


@pytest.mark.parametrize(
    "argv",
    [
        ["--port", "http"],
        ["--port", "70000"],
        ["--user", "nocolon"],
        ["--user", "a:1", "--user", "a:2"],
        ["--rec-dialect", "modern"],
        ["--latency", "dialNumber"],
        ["--host", "0.0.0.0"],
        ["--session-max-calls", "0"],
        ["--bogus"],
    ],
)
def test_main_returns_2_on_bad_arguments(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert "usage: tvox-sim" in capsys.readouterr().err


def test_main_returns_1_when_the_port_is_taken(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main(["--port", str(taken.getsockname()[1])]) == 1
    assert "cannot listen" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no recordings folder left behind


def test_a_simulator_that_cannot_bind_leaves_no_recordings_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        sim = Simulator(port=taken.getsockname()[1])
        with pytest.raises(OSError, match="in use"):
            sim.start()
    assert list(tmp_path.iterdir()) == []
    assert sim.recordings_dir is None


def test_starting_needs_no_name_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    # A machine whose reverse DNS hangs must not hold up the demo server.
    def no_dns(name: str = "") -> str:
        raise AssertionError("socket.getfqdn called")

    monkeypatch.setattr(socket, "getfqdn", no_dns)
    with Simulator() as sim:
        assert sim.port > 0


def test_a_stopped_simulator_removes_the_recordings_folder_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    sim = Simulator().start()
    made = sim.recordings_dir
    assert made is not None
    assert made.parent == tmp_path
    sim.stop()
    assert not made.exists()


def test_remote_hosts_need_allow_remote(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_args(["--host", "0.0.0.0", "--allow-remote"]).host == "0.0.0.0"
    assert parse_args(["--host", "::1"]).host == "::1"
    assert main(["--help"]) == 0
    assert "--rec-dialect" in capsys.readouterr().out


def test_importing_the_simulator_loads_neither_qt_nor_the_client() -> None:
    code = (
        "import sys, tvox_panel.simulator, tvox_panel.simulator.__main__; "
        "print(sorted(m for m in sys.modules "
        "if m.startswith('PySide6') or m.startswith('tvox_panel.webapi')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


# --- recordings appear after processing, and some are lost -----------------------------------


def test_a_recording_is_found_only_after_the_processing_delay(
    sim: Simulator, client: Client, clock: FakeClock
) -> None:
    sim.config.recording_delay = 30.0
    call_id = client.dial("mrossi", "600", "", "", True, "delayed", True, None)
    clock.advance(5)
    client.result("hangupCall", [call_id])
    assert search(client)["totalElements"] == 0
    assert len(sim.recordings) == 1  # written, not yet listed
    clock.advance(31)
    assert [i["customFileName"] for i in search(client)["content"]] == ["delayed"]


def test_a_lost_recording_is_never_found(sim: Simulator, client: Client, clock: FakeClock) -> None:
    sim.lose_next_recording()
    for name in ("lost", "kept"):
        call_id = client.dial("mrossi", "600", "", "", True, name, True, None)
        clock.advance(2)
        client.result("hangupCall", [call_id])
    assert [i["customFileName"] for i in search(client)["content"]] == ["kept"]


def test_lose_recordings_drops_about_that_fraction(tmp_path: Path, clock: FakeClock) -> None:
    config = SimConfig(lose_recordings=0.5, seed=7)
    with Simulator(config, recordings_dir=tmp_path / "rec", clock=clock) as server:
        anon = Client(server.url)
        anon.login()
        for n in range(40):
            call_id = anon.dial("mrossi", "600", "", "", True, f"r{n}", True, None)
            clock.advance(1)
            anon.result("hangupCall", [call_id])
        query = {"criterias": WIDE, "exclusions": None, "page": 1, "size": 100}
        found = anon.result("searchRecordedCall", [query])["totalElements"]
    assert 8 <= found <= 32
