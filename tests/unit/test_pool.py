"""The client's own connection pool, as users get it: one send() per call, one keep-alive connection, closed with
the client; the proxy and TLS settings passed or named by the environment, against real loopback servers (a
plain one, one playing a proxy, and one speaking TLS with a certificate of a CA made here)."""

from __future__ import annotations

import datetime
import ipaddress
import re
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from propello import APIConnectionError, AsyncPropello, InvalidArgumentError, Propello
from pytest_httpserver import HTTPServer
from raw_server import RawServer, http_answer
from unit_helpers import OK_GROUPS, TOKEN_PATH, requests_to, run, serve_tokens

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUEST_METHOD")
TOKEN_ONLY = {"client_id": None, "client_secret": None, "access_token": "t"}


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sets the proxy variables it is about; none from the machine's environment."""
    for variable in PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
        monkeypatch.delenv(variable.lower(), raising=False)


@pytest.fixture
def raw_server() -> Iterator[RawServer]:
    server = RawServer()
    yield server
    server.close()


@pytest.fixture
def groups(httpserver: HTTPServer) -> HTTPServer:
    httpserver.expect_request("/v3/group/list").respond_with_json(OK_GROUPS)
    return httpserver


@pytest.fixture
def groups_with_tokens(groups: HTTPServer) -> HTTPServer:
    serve_tokens(groups)
    return groups


def test_a_call_is_one_send_of_httpx(
    groups_with_tokens: HTTPServer, make_client: Callable[..., Propello], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first call fetches a token too (inside the same send, in the auth flow): still one send."""
    sends: list[str] = []
    send = httpx.Client.send

    def counted(client: httpx.Client, request: httpx.Request, **options: Any) -> httpx.Response:
        sends.append(request.url.path)
        return send(client, request, **options)

    monkeypatch.setattr(httpx.Client, "send", counted)
    with make_client() as client:
        for _ in range(3):
            client.groups.list()
    assert sends == ["/v3/group/list"] * 3
    assert len(requests_to(groups_with_tokens, TOKEN_PATH)) == 1


def test_an_async_call_is_one_send_of_httpx(
    groups_with_tokens: HTTPServer, make_async_client: Callable[..., AsyncPropello], monkeypatch: pytest.MonkeyPatch
) -> None:
    sends: list[str] = []
    send = httpx.AsyncClient.send

    async def counted(client: httpx.AsyncClient, request: httpx.Request, **options: Any) -> httpx.Response:
        sends.append(request.url.path)
        return await send(client, request, **options)

    monkeypatch.setattr(httpx.AsyncClient, "send", counted)

    async def main() -> None:
        async with make_async_client() as client:
            for _ in range(3):
                await client.groups.list()

    run(main())
    assert sends == ["/v3/group/list"] * 3
    assert len(requests_to(groups_with_tokens, TOKEN_PATH)) == 1


def test_own_pool_keeps_one_connection_and_closes_it_with_the_client(
    raw_server: RawServer, make_client: Callable[..., Propello]
) -> None:
    client = make_client(base_url=raw_server.url, **TOKEN_ONLY)
    copy = client.with_options(max_retries=0)
    for caller in (client, copy, client):
        caller.groups.list()
    [connection] = raw_server.connections  # copies share the pool
    assert connection.requests == ["POST /v3/group/list HTTP/1.1"] * 3
    assert not connection.closed.is_set()
    client.close()
    assert connection.closed.wait(5)


def test_own_async_pool_is_closed_with_the_client(
    raw_server: RawServer, make_async_client: Callable[..., AsyncPropello]
) -> None:
    async def main() -> None:
        async with make_async_client(base_url=raw_server.url, **TOKEN_ONLY) as client:
            await client.groups.list()
            await client.groups.list()

    run(main())
    [connection] = raw_server.connections
    assert connection.closed.wait(5)


# Proxies: a request to the proxy carries the API's full URL (plain http) or is a CONNECT (https).


def test_the_proxy_the_environment_names_is_used(
    groups: HTTPServer, make_client: Callable[..., Propello], monkeypatch: pytest.MonkeyPatch, dead_url: str
) -> None:
    monkeypatch.setenv("http_proxy", groups.url_for("/"))  # either case, as httpx reads them
    with make_client(base_url=dead_url, **TOKEN_ONLY) as client:
        client.groups.list()
    [(request, _)] = groups.log
    assert request.path == "/v3/group/list"


def test_all_proxy_serves_when_no_proxy_for_the_scheme_is_named(
    groups: HTTPServer, make_async_client: Callable[..., AsyncPropello], monkeypatch: pytest.MonkeyPatch, dead_url: str
) -> None:
    monkeypatch.setenv("ALL_PROXY", groups.url_for("/").removeprefix("http://"))  # no scheme: http://, as httpx

    async def main() -> None:
        async with make_async_client(base_url=dead_url, **TOKEN_ONLY) as client:
            await client.groups.list()

    run(main())
    assert len(groups.log) == 1


def test_no_proxy_exempts_the_host(
    groups: HTTPServer, make_client: Callable[..., Propello], monkeypatch: pytest.MonkeyPatch, dead_url: str
) -> None:
    monkeypatch.setenv("HTTP_PROXY", dead_url)
    monkeypatch.setenv("NO_PROXY", "example.com,127.0.0.1")
    with make_client(**TOKEN_ONLY) as client:
        client.groups.list()
    assert len(groups.log) == 1


def test_the_proxy_passed_wins_over_the_environment(
    groups: HTTPServer, make_client: Callable[..., Propello], monkeypatch: pytest.MonkeyPatch, dead_url: str
) -> None:
    monkeypatch.setenv("HTTP_PROXY", dead_url)
    with make_client(base_url=dead_url, proxy=groups.url_for("/"), **TOKEN_ONLY) as client:
        client.groups.list()
    assert len(groups.log) == 1


def test_https_goes_through_the_https_proxy_as_a_tunnel(
    make_client: Callable[..., Propello], monkeypatch: pytest.MonkeyPatch
) -> None:
    refusing = RawServer(lambda _: http_answer("403 Forbidden"))
    monkeypatch.setenv("HTTPS_PROXY", refusing.url)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # for http only
    client = make_client(base_url="https://api.example.com", max_retries=0, **TOKEN_ONLY)
    with client, pytest.raises(APIConnectionError, match=re.escape("to https://api.example.com")):
        client.groups.list()
    refusing.close()
    assert refusing.connections[0].requests == ["CONNECT api.example.com:443 HTTP/1.1"]


@pytest.mark.parametrize(
    ("proxy", "problem"),
    [
        ("ftp://user:proxy-password@proxy.example", "got scheme 'ftp'"),
        ("http://", "must be an http://, https://, socks5:// or socks5h:// URL with a host"),
        (3128, "proxy must be a URL string or an httpx.Proxy, got int"),
    ],
)
def test_a_bad_proxy_is_refused_without_showing_it(
    make_client: Callable[..., Propello], proxy: object, problem: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=problem) as caught:
        make_client(proxy=proxy)
    assert "proxy-password" not in str(caught.value)


def test_a_bad_proxy_in_the_environment_names_the_variable(
    make_client: Callable[..., Propello], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "ftp://user:proxy-password@proxy.example")
    with pytest.raises(InvalidArgumentError, match="the proxy in HTTP_PROXY must be") as caught:
        make_client()
    assert "proxy-password" not in str(caught.value)


@pytest.mark.parametrize("option", [{"proxy": "http://proxy.example:3128"}, {"verify": False}])
def test_proxy_and_verify_go_on_the_http_client_you_pass(
    make_client: Callable[..., Propello], option: dict[str, object]
) -> None:
    with httpx.Client() as yours, pytest.raises(InvalidArgumentError, match="set them on the httpx client you pass"):
        make_client(http_client=yours, **option)


# TLS: a server whose certificate comes from a CA made for the session, trusted only where a test says so.


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ssl.SSLContext]:
    """The CA's certificate file, and a server context with a certificate it issued for 127.0.0.1."""
    folder = tmp_path_factory.mktemp("tls")
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, server_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "propello test CA")])
    ca_cert = (
        _certificate(ca_name, ca_name, ca_key.public_key(), now)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    server_cert = (
        _certificate(server_name, ca_name, server_key.public_key(), now)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, chain, key_file = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    chain.write_bytes(server_cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        server_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(chain, key_file)
    return ca_file, server_context


def _certificate(subject: x509.Name, issuer: x509.Name, key: Any, now: datetime.datetime) -> x509.CertificateBuilder:
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
    )


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


@pytest.fixture
def tls_server(ca: tuple[Path, ssl.SSLContext]) -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=ca[1])
    server.start()
    server.expect_request("/v3/group/list").respond_with_json(OK_GROUPS)
    yield server
    server.clear()
    server.stop()


def test_verify_takes_an_ssl_context_for_your_own_ca(
    tls_server: HTTPServer, ca: tuple[Path, ssl.SSLContext], make_client: Callable[..., Propello]
) -> None:
    trusting = ssl.create_default_context(cafile=ca[0])
    with make_client(base_url=tls_server.url_for("/"), verify=trusting, **TOKEN_ONLY) as client:
        assert client.base_url.startswith("https://127.0.0.1:")
        client.groups.list()
    assert len(tls_server.log) == 1


def test_async_verify_takes_an_ssl_context_too(
    tls_server: HTTPServer, ca: tuple[Path, ssl.SSLContext], make_async_client: Callable[..., AsyncPropello]
) -> None:
    async def main() -> None:
        trusting = ssl.create_default_context(cafile=ca[0])
        async with make_async_client(base_url=tls_server.url_for("/"), verify=trusting, **TOKEN_ONLY) as client:
            await client.groups.list()

    run(main())
    assert len(tls_server.log) == 1


def test_by_default_an_unknown_ca_is_refused_before_anything_is_sent(
    tls_server: HTTPServer, options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    client = Propello(**{**options, **TOKEN_ONLY, "base_url": tls_server.url_for("/")})  # verify=True
    with client, pytest.raises(APIConnectionError, match="CERTIFICATE_VERIFY_FAILED") as caught:
        client.groups.list()
    assert caught.value.may_have_been_processed is False
    assert tls_server.log == []


def test_verify_true_honours_ssl_cert_file(
    tls_server: HTTPServer, ca: tuple[Path, ssl.SSLContext], options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(ca[0]))  # as httpx does
    with Propello(**{**options, **TOKEN_ONLY, "base_url": tls_server.url_for("/")}) as client:
        client.groups.list()
    assert len(tls_server.log) == 1


def test_verify_false_skips_the_check(tls_server: HTTPServer, make_client: Callable[..., Propello]) -> None:
    with make_client(base_url=tls_server.url_for("/"), verify=False, **TOKEN_ONLY) as client:
        client.groups.list()
    assert len(tls_server.log) == 1


@pytest.mark.parametrize("verify", ["/etc/ssl/certs/ca.pem", None, 1])
def test_verify_must_be_a_bool_or_an_ssl_context(make_client: Callable[..., Propello], verify: object) -> None:
    with pytest.raises(InvalidArgumentError, match=r"verify must be True, False or an ssl.SSLContext"):
        make_client(verify=verify)
