"""Simulated TVox users: credentials, roles, extension and e-mail."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLE_SUPERUSER = "TVOX_SUPERUSER"
ROLE_SUPERVISOR = "TVOX_SUPERVISOR"
ROLE_AGENT = "TVOX_AGENT"

_PERMISSIONS_BY_ROLE: dict[str, tuple[str, ...]] = {
    ROLE_SUPERUSER: ("ADMINISTRATION", "CALL_RECORDING_SEARCH", "SEND_SMS"),
    ROLE_SUPERVISOR: ("CLICK_TO_DIAL", "CALL_RECORDING", "CALL_RECORDING_SEARCH", "SEND_SMS"),
    ROLE_AGENT: ("CLICK_TO_DIAL", "CALL_RECORDING"),
}

# Plausible Italian names handed out, in order, to users given as USER:PASSWORD.
_NAMES: tuple[tuple[str, str], ...] = (
    ("Anna", "Verdi"),
    ("Luca", "Esposito"),
    ("Chiara", "Romano"),
    ("Marco", "Colombo"),
    ("Francesca", "Ricci"),
    ("Paolo", "Marino"),
    ("Sara", "Greco"),
    ("Davide", "Bruno"),
)


@dataclass(frozen=True)
class SimUser:
    """A user the simulator accepts at ``login``.

    Attributes:
        username: Login name, also the agent name ``dialNumber`` takes.
        password: Plain password (the simulator is a test tool); never shown in ``repr``.
        name: Given name.
        surname: Family name.
        roles: Profile roles, e.g. ``TVOX_SUPERVISOR``, ``TVOX_AGENT``.
        exten: The user's phone extension (the calling id of outbound calls).
        email: E-mail address ``dialNumberByEmail`` looks users up by.
    """

    username: str
    password: str = field(repr=False)
    name: str
    surname: str
    roles: tuple[str, ...]
    exten: str
    email: str = ""

    def __post_init__(self) -> None:
        if not self.email:
            object.__setattr__(self, "email", f"{self.username}@example.com")

    @property
    def is_agent(self) -> bool:
        """Whether the user has a phone that ``dialNumber`` can ring."""
        return ROLE_AGENT in self.roles

    @property
    def permissions(self) -> list[str]:
        """The ``userPermissions`` ``login`` reports, derived from the roles."""
        perms: list[str] = []
        for role in self.roles:
            for perm in _PERMISSIONS_BY_ROLE.get(role, ()):
                if perm not in perms:
                    perms.append(perm)
        return perms


DEFAULT_USERS: tuple[SimUser, ...] = (
    SimUser(
        username="supervisor",
        password="supervisor",
        name="Giulia",
        surname="Bianchi",
        roles=(ROLE_SUPERVISOR, ROLE_AGENT),
        exten="200",
    ),
    SimUser(
        username="mrossi",
        password="mrossi",
        name="Mario",
        surname="Rossi",
        roles=(ROLE_AGENT,),
        exten="201",
    ),
    SimUser(
        username="admin",
        password="admin",
        name="Roberto",
        surname="Conti",
        roles=(ROLE_SUPERUSER,),
        exten="100",
    ),
)
"""Demo users when none are given: password equals username for each."""


def parse_user_spec(spec: str, index: int = 0) -> SimUser:
    """A supervisor-and-agent user from ``USER:PASSWORD``.

    Args:
        spec: ``USER:PASSWORD``; the password may contain ``:``.
        index: Position among the given users: picks a name and the extension ``300+index``.

    Raises:
        ValueError: The spec has no ``:``, or an empty user or password.
    """
    username, sep, password = spec.partition(":")
    username = username.strip()
    if not sep or not username or not password:
        raise ValueError("expected USER:PASSWORD")
    if any(ch.isspace() or ch in "@/\\" for ch in username):
        raise ValueError("a username may not contain spaces, '@', '/' or '\\'")
    name, surname = _NAMES[index % len(_NAMES)]
    return SimUser(
        username=username,
        password=password,
        name=name,
        surname=surname,
        roles=(ROLE_SUPERVISOR, ROLE_AGENT),
        exten=str(300 + index),
    )
