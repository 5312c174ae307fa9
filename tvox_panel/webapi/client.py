"""The TVox WebAPI client: login, click-to-dial, recording and call queries."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

from tvox_panel.webapi.address import parse_server
from tvox_panel.webapi.errors import (
    AuthError,
    BadCaBundle,
    InvalidParams,
    MethodNotFound,
    ProtocolError,
    RpcError,
    SessionRefused,
)
from tvox_panel.webapi.http import Timeouts
from tvox_panel.webapi.transport import JsonRpcTransport, Secrets, Unauthenticated
from tvox_panel.webapi.types import (
    CurrentCall,
    LoginInfo,
    RecordedCallPage,
    RecordingSearch,
    Versions,
    call_id_text,
    usable,
)

log = logging.getLogger("tvox_panel.webapi")

RecDialect = Literal["auto", "seed", "callid"]
SESSION_COOKIE = "JSESSIONID"


class InsecureTransport(NamedTuple):
    """A warning the caller can show: the password would cross the network unencrypted."""

    endpoint: str
    message: str = "plain http to a remote server: the password and session travel unencrypted"


def _no_secret(_: str) -> None:
    return None


class TVoxClient:
    """Speaks the TVox WebAPI for one login user on behalf of one agent.

    Not thread-safe: one thread (the panel's worker) owns a client.

    Args:
        server: ``host``, ``https://host`` or the full ``.../tvox/webapi`` URL.
        username: The WebAPI login user (Supervisor or Superuser rights).
        password: Its password; kept only in memory, for logging in again.
        agent: The agent whose phone places calls; defaults to ``username``.
        verify: Verify TLS certificates (True), don't (False), or a CA bundle path.
        connect_timeout: Seconds to wait for the TCP/TLS connection.
        read_timeout: Seconds to wait for an answer once the request is sent.
        rec_dialect: ``recOn`` parameter form: ``auto``, ``seed`` or ``callid``.
        on_secret: Called with the password, and with the session id and access token when
            the client learns them, so log redaction can hide them.
        proxy: ``"system"`` (environment and OS settings), ``"none"`` or a proxy URL.

    Each request ends within ``connect_timeout + read_timeout`` whatever the server does.
    Every message the client raises has the password, session id and token removed.

    Raises:
        BadServerAddress: when ``server`` is not a usable address.
        BadCaBundle: when ``verify`` names a CA file that cannot be used.
    """

    def __init__(
        self,
        server: str,
        username: str,
        password: str,
        *,
        agent: str | None = None,
        verify: bool | str = True,
        connect_timeout: float = 5.0,
        read_timeout: float = 10.0,
        rec_dialect: RecDialect = "auto",
        on_secret: Callable[[str], None] = _no_secret,
        proxy: str = "system",
    ) -> None:
        self.address = parse_server(server)
        self.username = username
        self.agent = agent or username
        self.rec_dialect: RecDialect = rec_dialect
        self._password = password
        self._secrets = Secrets()
        self._on_secret = on_secret
        try:
            self._transport = JsonRpcTransport(
                self.address.endpoint,
                verify=verify,
                timeouts=Timeouts(connect_timeout, read_timeout),
                proxy=proxy,
                secrets=self._secrets,
            )
        except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise BadCaBundle(str(verify), reason) from None
        self.versions: Versions | None = None
        self.login_info: LoginInfo | None = None
        self._seed_learned = False
        self._secret(password)

    def __repr__(self) -> str:
        endpoint = self.address.endpoint
        return f"TVoxClient({endpoint!r}, user={self.username!r}, agent={self.agent!r})"

    @property
    def warnings(self) -> list[InsecureTransport]:
        """Things the user should be told about the connection (empty when all is well)."""
        return [InsecureTransport(self.address.endpoint)] if self.address.insecure else []

    @property
    def logged_in(self) -> bool:
        return self.login_info is not None

    @property
    def timeouts(self) -> Timeouts:
        return self._transport.timeouts

    def close(self) -> None:
        """Close pooled connections. The client can log in again afterwards."""
        self._transport.close()

    def abort(self) -> None:
        """End the request in flight at once; callable from any thread (quit uses it)."""
        self._transport.abort()

    def _secret(self, value: str) -> None:
        self._secrets.add(value)
        self._on_secret(value)

    # -- session -----------------------------------------------------------------------

    def get_version(self) -> Versions:
        """``getVersion``: works without a session."""
        try:
            return Versions.from_result(self._transport.call("getVersion", []))
        except Unauthenticated:
            raise AuthError("the server refused getVersion without a login") from None

    def login(self) -> LoginInfo:
        """``getVersion`` then ``login`` with the WebAPI version; sets the session cookie."""
        self._drop_session()
        self.versions = self.get_version()
        params = [self.versions.webapi, self.username, self._password]
        try:
            result = self._transport.call("login", params)
        except Unauthenticated:
            raise AuthError("the server refused the user name or password") from None
        except (InvalidParams, MethodNotFound):
            raise
        except RpcError as exc:
            raise AuthError(exc.message or "login refused") from None
        if not isinstance(result, dict):
            raise ProtocolError("login did not return an object")
        session_id = result.get("sessionId")
        if not isinstance(session_id, str) or not session_id:
            raise ProtocolError("login answer holds no sessionId")
        if result.get("logged") is False:
            raise AuthError("the server answered that the user is not logged in")
        self._secret(session_id)
        token = result.get("accessToken")
        if isinstance(token, str) and token:
            self._secret(token)
        self._set_session_cookie(session_id)
        self.login_info = LoginInfo(
            username=str(result.get("username") or self.username),
            name=str(result.get("name") or ""),
            surname=str(result.get("surname") or ""),
            roles=tuple(str(r) for r in result.get("profileRoles") or () if isinstance(r, str)),
            permissions=tuple(
                str(p) for p in result.get("userPermissions") or () if isinstance(p, str)
            ),
            status=str(result.get("status") or ""),
        )
        self._seed_learned = False
        log.info("logged in as %s (%s)", self.login_info.username, ",".join(self.login_info.roles))
        return self.login_info

    def _drop_session(self) -> None:
        self.login_info = None
        self._transport.http.cookies.clear()

    def _set_session_cookie(self, session_id: str) -> None:
        """Send ``JSESSIONID=<sessionId>`` from now on.

        The vendor tells integrators to set the cookie from ``sessionId`` themselves, so that
        value wins over any cookie of the same name the server may have set.
        """
        self._transport.http.set_cookie(SESSION_COOKIE, session_id)

    def _call(
        self, method: str, params: Any, *, idempotent: bool = True, acts: bool | None = None
    ) -> Any:
        """Call with a session; on "not authenticated", log in again once and repeat once.

        Repeating is safe even for ``dialNumber``: an unauthenticated request was refused,
        so it placed no call. Every other failure propagates untouched.
        """
        if self.login_info is None:
            self.login()
        try:
            return self._transport.call(method, params, idempotent=idempotent, acts=acts)
        except Unauthenticated:
            log.info("%s: session expired, logging in again", method)
        self.login()
        try:
            return self._transport.call(method, params, idempotent=idempotent, acts=acts)
        except Unauthenticated:
            self._drop_session()
            raise SessionRefused(f"{method}: refused right after logging in again") from None

    # -- calls -------------------------------------------------------------------------

    def dial_number(
        self,
        number: str,
        *,
        access_code: str = "",
        job_label: str = "",
        record: bool = False,
        rec_file_name: str | None = None,
        service_code: str | None = None,
    ) -> str | None:
        """``dialNumber``: ring the agent's phone, then call ``number``.

        Returns the call id, or None when the server gives none. Never retried once sent:
        a lost answer raises :class:`OutcomeUnknown`, since the call may exist.
        """
        params = [
            self.agent,
            number,
            access_code,
            job_label,
            bool(record),
            rec_file_name or None,
            True,
            service_code if service_code else None,
        ]
        result = self._call("dialNumber", params, idempotent=False)
        if result is None:
            return None
        if isinstance(result, dict):
            result = result.get("callId")
        if not isinstance(result, str):
            raise ProtocolError("dialNumber returned neither a call id string nor {callId}")
        if not result:
            raise ProtocolError("dialNumber returned an empty call id")
        return call_id_text("dialNumber", result)

    def rec_on(self, call_id: str | None, rec_file_name: str) -> str:
        """``recOn``: start recording the call ``call_id`` into ``rec_file_name``.

        Returns the dialect used (``seed`` or ``callid``). The call-id form is always sent
        with its file name, ``[agent, callId, name]``: a two-element ``[agent, X]`` would be
        read by a server of the seed's age as ``[agent, fileName]`` and record the agent's
        *other* active call. In ``auto`` the client falls back to the seed form
        ``[agent, name]`` only when the server refuses the call-id form's shape
        (invalid parameters, method not found), never when it says the call is unknown;
        the fallback is kept for the rest of the session.
        """
        if not rec_file_name:
            raise ValueError("recOn needs a recording file name")
        use_seed = self.rec_dialect == "seed" or (
            self.rec_dialect == "auto" and (call_id is None or self._seed_learned)
        )
        if not use_seed:
            if call_id is None:
                raise ValueError("recOn in the call-id form needs a call id")
            try:
                self._call(
                    "recOn", [self.agent, call_id, rec_file_name], idempotent=False, acts=False
                )
                return "callid"
            except (InvalidParams, MethodNotFound):
                if self.rec_dialect != "auto":
                    raise
                log.info("recOn: call-id form refused, using the seed form from now on")
                self._seed_learned = True
        self._call("recOn", [self.agent, rec_file_name], idempotent=False, acts=False)
        return "seed"

    def rec_off(self, call_id: str) -> None:
        """``recOff``: stop recording the call."""
        self._call("recOff", [self.agent, call_id], idempotent=False, acts=False)

    def hangup_call(self, call_id: str) -> None:
        """``hangupCall``: end the call."""
        self._call("hangupCall", [call_id], idempotent=False, acts=False)

    def get_service_current_calls(self) -> list[CurrentCall]:
        """``getServiceCurrentCalls``: the agent's ringing or answered calls, newest first."""
        result = self._call("getServiceCurrentCalls", [self.agent])
        if result is None:
            return []
        if not isinstance(result, list):
            raise ProtocolError("getServiceCurrentCalls did not return a list")
        return usable("getServiceCurrentCalls", CurrentCall.from_result, result)[0]

    def search_recorded_calls(self, search: RecordingSearch) -> RecordedCallPage:
        """``searchRecordedCall`` with a typed query."""
        return RecordedCallPage.from_result(self._call("searchRecordedCall", [search.to_param()]))
