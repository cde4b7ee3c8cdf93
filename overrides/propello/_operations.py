"""The API's operations in one table: which are safe to replay, their path templates (what logs show instead of
concrete paths, which carry emails) and the resource method that covers each one."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx


@dataclass(frozen=True)
class Operation:
    id: str
    """The spec's operationId."""
    method: str
    path: str
    """Path template as the spec writes it."""
    read: bool
    """True when replaying it cannot change data, so it may be retried after it may have reached the server."""
    sdk_method: str | None
    """`resource.method` on Propello/AsyncPropello; None only for the token call, which TokenAuth makes."""
    _segments: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_segments", tuple(self.path.strip("/").split("/")))

    def matches(self, segments: tuple[str, ...]) -> bool:
        """Whether a request path ends with this template (the base URL may add a prefix such as /_mock/openapi)."""
        own = self._segments
        if len(segments) < len(own):
            return False
        tail = segments[len(segments) - len(own) :]
        return all(t.startswith("{") or t == s for t, s in zip(own, tail, strict=True))

    @property
    def specificity(self) -> tuple[int, int]:
        """Longer templates first, then more literal segments: /v3/offers/list beats /v3/offers/{id}."""
        return len(self._segments), sum(not s.startswith("{") for s in self._segments)


_USER = "/v3/user"
_BY_IDENTIFIER = "{identifier}/{identifier_value}"

OPERATIONS: tuple[Operation, ...] = (
    Operation("oauth-request", "POST", "/v3/oauth/token", read=True, sdk_method=None),
    Operation("create-user", "POST", f"{_USER}/create", read=False, sdk_method="users.create"),
    Operation("bulk-create-user", "POST", f"{_USER}/create/bulk", read=False, sdk_method="users.create_many"),
    Operation("get-user-detail", "POST", f"{_USER}/get/{_BY_IDENTIFIER}", read=True, sdk_method="users.get"),
    Operation("get-user-list", "POST", f"{_USER}/list", read=True, sdk_method="users.list"),
    Operation("update-user", "POST", f"{_USER}/update/{_BY_IDENTIFIER}", read=False, sdk_method="users.update"),
    Operation("delete-user", "DELETE", f"{_USER}/delete/{_BY_IDENTIFIER}", read=False, sdk_method="users.delete"),
    Operation("restore-user", "POST", f"{_USER}/restore/{_BY_IDENTIFIER}", read=False, sdk_method="users.restore"),
    Operation("login-url", "POST", f"{_USER}/login-url/{_BY_IDENTIFIER}", read=False, sdk_method="users.login_url"),
    Operation(
        "create-login-url", "POST", f"{_USER}/create/login-url", read=False, sdk_method="users.create_with_login_url"
    ),
    Operation(
        "anonymise-user", "POST", f"{_USER}/anonymise/{_BY_IDENTIFIER}", read=False, sdk_method="users.anonymise"
    ),
    Operation(
        "make-known-user", "POST", f"{_USER}/make-known/{_BY_IDENTIFIER}", read=False, sdk_method="users.make_known"
    ),
    Operation("get-group", "POST", "/v3/group", read=True, sdk_method="groups.get"),
    Operation("get-group-list", "POST", "/v3/group/list", read=True, sdk_method="groups.list"),
    Operation("get-offer", "POST", "/v3/offers/{id}", read=True, sdk_method="offers.get"),
    Operation("get-offer-list", "POST", "/v3/offers/list", read=True, sdk_method="offers.list"),
)

TOKEN = OPERATIONS[0]

_BY_SPECIFICITY = sorted(OPERATIONS, key=lambda op: op.specificity, reverse=True)


def match(url: httpx.URL) -> Operation | None:
    """The operation a request URL belongs to, or None for a path this table does not know (treat it as a write)."""
    raw_path = url.raw_path.split(b"?", 1)[0].decode("ascii")
    segments = tuple(raw_path.strip("/").split("/"))
    return next((op for op in _BY_SPECIFICITY if op.matches(segments)), None)


def is_read(request: httpx.Request) -> bool:
    """Reads may be replayed after they may have reached the server; unknown operations never are."""
    operation = match(request.url)
    return operation is not None and operation.read


def describe(request: httpx.Request) -> str:
    """`METHOD /path/{template}` for logs and error messages: never the concrete path."""
    operation = match(request.url)
    return f"{request.method} {operation.path if operation else '<path not in the spec>'}"
