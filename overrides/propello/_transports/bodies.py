"""Response bodies held within bounds: read whole but never past `max_response_bytes` (counted after decompression,
so a gzip bomb stops at the cap), and JSON nested too deeply to parse safely spotted before anything parses it
(Python's json recursion ends in a RecursionError somewhere around a thousand levels, depending on the stack)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx

from .._errors import ResponseTooLargeError
from .._errors.texts import CALL_NOT_PROCESSED, fetching_token, subject

MAX_JSON_DEPTH = 100
"""Deeper JSON is refused unparsed. The API's answers nest a handful of levels."""

_PIECE = 1024
"""Compressed bodies go to the decoder this many bytes at a time: gzip and deflate inflate at most about 1,000:1, so
one piece adds at most about 1 MB on top of what was read (httpcore reads 64 KiB at a time: 64 MB at once)."""
_SCAN = 1 << 18
"""json_too_deep() reads a body this many bytes at a time, so its scan holds a few copies of one piece, never of the
whole body (a 32 MiB user list once peaked at 13 times its size in a regex's list of pieces)."""
_NOT_QUOTES_OR_BRACKETS = bytes(set(range(256)) - set(b'"[]{}'))
_OPENERS = frozenset(b"[{")
_BACKSLASH = ord("\\")


def json_too_deep(content: bytes) -> bool:
    """Whether `content`, read as JSON, opens more than MAX_JSON_DEPTH arrays or objects inside each other
    (brackets inside strings do not count)."""
    if content.count(b"[") + content.count(b"{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for brackets in _brackets_outside_strings(content):
        for bracket in brackets:
            depth += 1 if bracket in _OPENERS else -1
            if depth > MAX_JSON_DEPTH:
                return True
    return False


def _brackets_outside_strings(content: bytes) -> Iterator[bytes]:
    """The brackets of `content` that are not inside a JSON string, in order, a piece of about _SCAN bytes at a
    time. In each piece, escaped backslashes and quotes are dropped (a piece never ends inside a run of backslashes,
    so each escape is whole), then everything but quotes and brackets; what lies between a quote and the next is
    inside a string, and whether a piece starts inside one carries over from the piece before."""
    in_string, start = False, 0
    while start < len(content):
        end = start + _SCAN
        while end < len(content) and content[end - 1] == _BACKSLASH:
            end += 1
        piece = content[start:end].replace(b"\\\\", b"").replace(b'\\"', b"")
        parts = piece.translate(None, _NOT_QUOTES_OR_BRACKETS).split(b'"')
        yield b"".join(parts[1 if in_string else 0 :: 2])
        in_string ^= len(parts) % 2 == 0  # an odd number of quotes in the piece
        start = end


def read_capped(response: httpx.Response, request: httpx.Request, limit: int) -> httpx.Response:
    """The transport's `response` read to the end (its connection released) and handed back in memory; raises
    ResponseTooLargeError as soon as the decoded body passes `limit` bytes."""
    if _declared_within(response, limit):
        response.read()
        return response
    if "content-encoding" in response.headers:
        response.stream = _Pieces(response.stream)
    chunks, size = [], 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise _too_large(request, limit)
            chunks.append(chunk)
    finally:
        response.close()
    return in_memory(response, b"".join(chunks))


async def aread_capped(response: httpx.Response, request: httpx.Request, limit: int) -> httpx.Response:
    """read_capped() for an async transport's response."""
    if _declared_within(response, limit):
        await response.aread()
        return response
    if "content-encoding" in response.headers:
        response.stream = _AsyncPieces(response.stream)
    chunks, size = [], 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise _too_large(request, limit)
            chunks.append(chunk)
    finally:
        await response.aclose()
    return in_memory(response, b"".join(chunks))


def _declared_within(response: httpx.Response, limit: int) -> bool:
    """An unencoded body whose Content-Length is within `limit`: the common case, read as it is (h11 reads exactly
    Content-Length bytes, so the server cannot send more)."""
    if "content-encoding" in response.headers:
        return False
    try:
        return int(response.headers.get("content-length", "")) <= limit
    except ValueError:
        return False


def _too_large(request: httpx.Request, limit: int) -> ResponseTooLargeError:
    token = fetching_token(request)
    return ResponseTooLargeError(
        f"{subject(request)}: the response body is larger than max_response_bytes ({limit} bytes, counted after "
        "decompression), so it was not read to the end; "
        + (CALL_NOT_PROCESSED if token else "the server may have processed the request"),
        limit=limit,
        may_have_been_processed=not token,
    )


def in_memory(
    response: httpx.Response,
    content: bytes,
    *,
    headers: list[tuple[str, str]] | None = None,
    request: httpx.Request | None = None,
) -> httpx.Response:
    """A response like `response` (or with these `headers` and `request`) over `content`, its decoded body: so
    without the Content-Encoding it no longer has, and with its true Content-Length."""
    kept = [
        (name, value)
        for name, value in (response.headers.multi_items() if headers is None else headers)
        if name.lower() not in ("content-encoding", "content-length")
    ]
    return httpx.Response(
        response.status_code, headers=kept, content=content, request=request, extensions=response.extensions
    )


class _Pieces(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream | httpx.AsyncByteStream) -> None:
        assert isinstance(inner, httpx.SyncByteStream)
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            for start in range(0, len(chunk), _PIECE):
                yield chunk[start : start + _PIECE]

    def close(self) -> None:
        self._inner.close()


class _AsyncPieces(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream | httpx.AsyncByteStream) -> None:
        assert isinstance(inner, httpx.AsyncByteStream)
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            for start in range(0, len(chunk), _PIECE):
                yield chunk[start : start + _PIECE]

    async def aclose(self) -> None:
        await self._inner.aclose()
