"""How `propello` behaves around the calls: errors and exit codes, settings from flags, environment and
profiles, output formats, a closed pipe, a missing extra. The real console script, in a subprocess, against
loopback servers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import PROPELLO, Run
from propello import InvalidArgumentError, Propello, RateLimit
from propello.cli import EXIT_NOT_FOUND, EXIT_PIPE, EXIT_TEMPORARY, EXIT_USAGE
from pytest_httpserver import HTTPServer

GET = "/v3/user/get/email/jane@example.com"
USER = {"status": 200, "timestamp": "1970-01-30T00:00:00.000000Z", "data": {"id": 7, "email": "jane@example.com"}}
FAILURE = {"status": 404, "message": "User not found"}


@pytest.fixture
def api(httpserver: HTTPServer) -> dict[str, str]:
    """The environment of a configured user against the loopback server."""
    return {"PROPELLO_BASE_URL": httpserver.url_for(""), "PROPELLO_ACCESS_TOKEN": "tok-1"}


def one_line(stderr: str) -> str:
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr


def test_help_lists_resources_and_methods_with_the_spec_summaries(propello: Run) -> None:
    ran = propello("--help")
    assert ran.code == 0
    for resource in ("users", "groups", "offers", "oauth"):
        assert resource in ran.stdout
    users = propello("users", "--help").stdout
    assert "delete" in users and "Deactivate a user record" in users
    get = propello("users", "get", "--help").stdout
    assert "{UID|email|id} IDENTIFIER_VALUE" in get and "Retrieve a users details" in get


def test_version_as_python_m_propello_says(propello: Run, cli_env: dict[str, str]) -> None:
    ran = propello("--version")
    module = subprocess.run(
        [sys.executable, "-m", "propello", "--version"], env=cli_env, capture_output=True, text=True, check=True
    )
    assert ran.code == 0 and ran.stdout == module.stdout
    assert ran.stdout.startswith("propello-cloud ") and "(Propello Cloud API " in ran.stdout


def test_python_m_propello_runs_the_command_line(cli_env: dict[str, str]) -> None:
    ran = subprocess.run([sys.executable, "-m", "propello", "users", "--help"], env=cli_env, capture_output=True)
    assert ran.returncode == 0 and b"python -m propello users" in ran.stdout


def test_a_bad_argument_is_a_usage_error_and_nothing_is_sent(
    propello: Run, api: dict[str, str], httpserver: HTTPServer
) -> None:
    ran = propello("users", "get", "mail", "jane@example.com", env=api)
    assert ran.code == EXIT_USAGE
    assert "'mail' is not one of 'UID', 'email', 'id'" in one_line(ran.stderr)
    bad_json = propello("users", "create", "--data", "{nope", env=api)
    assert bad_json.code == EXIT_USAGE and "--data is not valid JSON" in one_line(bad_json.stderr)
    not_a_user = propello("users", "create", "--data", "[1]", env=api)
    assert not_a_user.code == EXIT_USAGE and "user must be a mapping" in one_line(not_a_user.stderr)
    missing = propello("users", "create", env=api)
    assert missing.code == EXIT_USAGE and "--data" in one_line(missing.stderr)
    unknown = propello("users", "fly", env=api)
    assert unknown.code == EXIT_USAGE and "No such command 'fly'" in one_line(unknown.stderr)
    assert httpserver.log == []


def test_data_from_a_file_and_from_stdin(
    propello: Run, api: dict[str, str], httpserver: HTTPServer, tmp_path: Path
) -> None:
    body = {"email": "jane@example.com", "first_name": "Jane", "last_name": "Doe"}
    httpserver.expect_request("/v3/user/create", method="POST", json=body).respond_with_json(USER)
    file = tmp_path / "user.json"
    file.write_text(json.dumps(body), encoding="utf-8")
    assert propello("users", "create", "--data", f"@{file}", env=api).code == 0
    assert propello("users", "create", "--data", "-", env=api, stdin=json.dumps(body)).code == 0
    assert len(httpserver.log) == 2
    gone = propello("users", "create", "--data", f"@{tmp_path / 'missing.json'}", env=api)
    assert gone.code == EXIT_USAGE and "cannot read the file" in one_line(gone.stderr)


def test_not_found_exit_code_and_json_error(propello: Run, api: dict[str, str], httpserver: HTTPServer) -> None:
    httpserver.expect_request(GET).respond_with_json(FAILURE, status=404, headers={"x-request-id": "req-42"})
    ran = propello("users", "get", "email", "jane@example.com", env=api)
    assert ran.code == EXIT_NOT_FOUND and ran.stdout == ""
    line = one_line(ran.stderr)
    assert line.startswith("propello: NotFoundError: ") and "User not found" in line and "req-42" in line
    assert "jane@example.com" not in line  # the path template, never the concrete path
    as_json = propello("--format", "json", "users", "get", "email", "jane@example.com", env=api)
    error = json.loads(one_line(as_json.stderr))
    assert error["type"] == "NotFoundError" and error["status"] == 404 and error["request_id"] == "req-42"
    assert error["may_have_been_processed"] is False and error["exit_code"] == EXIT_NOT_FOUND


def test_rate_limited_with_a_long_retry_after_is_temporary(
    propello: Run, api: dict[str, str], httpserver: HTTPServer
) -> None:
    httpserver.expect_request(GET).respond_with_json(
        {"message": "Too Many Attempts."}, status=429, headers={"Retry-After": "600"}
    )
    ran = propello("--json", "users", "get", "email", "jane@example.com", env=api)
    assert ran.code == EXIT_TEMPORARY
    error = json.loads(one_line(ran.stderr))
    assert error["type"] == "RateLimitError" and error["status"] == 429 and error["retry_after"] == 600
    assert len(httpserver.log) == 1  # not retried: a Retry-After that long is the caller's to wait out


def test_rate_limited_then_answered_after_a_short_retry_after(
    propello: Run, api: dict[str, str], httpserver: HTTPServer
) -> None:
    httpserver.expect_ordered_request(GET).respond_with_json({}, status=429, headers={"Retry-After": "1"})
    httpserver.expect_ordered_request(GET).respond_with_json(USER)
    ran = propello("users", "get", "email", "jane@example.com", env=api)
    assert ran.code == 0, ran.stderr
    assert json.loads(ran.stdout)["data"]["id"] == 7


def test_a_timeout_is_temporary(propello: Run, api: dict[str, str]) -> None:
    import socket

    with socket.socket() as listener:  # accepts the connection (the backlog), never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        port = listener.getsockname()[1]
        silent = {**api, "PROPELLO_BASE_URL": f"http://127.0.0.1:{port}"}
        ran = propello("--timeout", "0.3", "groups", "list", "--format", "json", env=silent)
    assert ran.code == EXIT_TEMPORARY, ran.stderr
    error = json.loads(one_line(ran.stderr))
    assert error["type"] == "APITimeoutError" and error["exit_code"] == EXIT_TEMPORARY


def test_no_credentials_is_a_usage_error(propello: Run, httpserver: HTTPServer) -> None:
    ran = propello("users", "get", "email", "jane@example.com", env={"PROPELLO_BASE_URL": httpserver.url_for("")})
    assert ran.code == EXIT_USAGE
    assert "no credentials" in one_line(ran.stderr) and "PROPELLO_CLIENT_ID" in ran.stderr
    assert httpserver.log == []


def test_a_closed_pipe_ends_quietly(api: dict[str, str], cli_env: dict[str, str], httpserver: HTTPServer) -> None:
    users = [{"id": n, "email": f"user{n}@example.com", "first_name": "x" * 50} for n in range(5000)]
    httpserver.expect_request("/v3/user/list").respond_with_json({"status": 200, "data": users})
    ran = subprocess.run(
        ["bash", "-c", f'"{PROPELLO}" users list --format jsonl 2>"$ERR" | head -1; echo "${{PIPESTATUS[0]}}" >"$RC"'],
        env={
            **cli_env,
            **api,
            "ERR": str(Path(cli_env["HOME"]).parent / "err"),
            "RC": str(Path(cli_env["HOME"]).parent / "rc"),
        },
        capture_output=True,
        text=True,
    )
    assert json.loads(ran.stdout)["id"] == 0
    assert (Path(cli_env["HOME"]).parent / "err").read_text() == ""
    assert int((Path(cli_env["HOME"]).parent / "rc").read_text()) == EXIT_PIPE


def test_output_formats(propello: Run, api: dict[str, str], httpserver: HTTPServer) -> None:
    users = [{"id": 1, "email": "a@example.com"}, {"id": 2, "email": "b@example.com"}]
    httpserver.expect_request("/v3/user/list").respond_with_json({"status": 200, "data": users})
    lines = propello("--format", "jsonl", "users", "list", env=api).stdout.splitlines()
    assert [json.loads(line)["email"] for line in lines] == ["a@example.com", "b@example.com"]
    assert "email: b@example.com" in propello("--format", "yaml", "users", "list", env=api).stdout
    table = propello("--format", "table", "users", "list", env=api).stdout
    assert "a@example.com" in table and "\x1b[" not in table
    assert json.loads(propello("users", "list", env=api).stdout)["data"] == users  # not a terminal: JSON


def test_no_color(propello: Run, api: dict[str, str], httpserver: HTTPServer) -> None:
    httpserver.expect_request("/v3/user/list").respond_with_json({"status": 200, "data": [{"id": 1}]})
    forced = propello("--format", "table", "users", "list", env={**api, "FORCE_COLOR": "1"}).stdout
    plain = propello("--format", "table", "users", "list", env={**api, "FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" in forced and "\x1b[" not in plain


def write_config(path: Path, text: str, mode: int = 0o600) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_settings_come_from_flags_then_environment_then_profile(
    propello: Run, cli_env: dict[str, str], httpserver: HTTPServer
) -> None:
    httpserver.expect_request(GET).respond_with_json(USER)
    url = httpserver.url_for("")
    config = Path(cli_env["XDG_CONFIG_HOME"]) / "propello" / "config.toml"
    write_config(
        config,
        f'[default]\naccess_token = "from-profile"\nbase_url = "{url}"\n\n'
        '[elsewhere]\naccess_token = "other"\nbase_url = "http://127.0.0.1:9"\n',
    )
    assert propello("users", "get", "email", "jane@example.com").code == 0
    assert propello("users", "get", "email", "jane@example.com", env={"PROPELLO_ACCESS_TOKEN": "from-env"}).code == 0
    assert propello("--profile", "elsewhere", "--base-url", url, "users", "get", "email", "jane@example.com").code == 0
    sent = [request.headers["Authorization"] for request, _ in httpserver.log]
    assert sent == ["Bearer from-profile", "Bearer from-env", "Bearer other"]
    missing = propello("--profile", "nope", "users", "get", "email", "jane@example.com")
    assert missing.code == EXIT_USAGE and "profile 'nope' not found" in one_line(missing.stderr)


def test_a_config_file_holding_a_secret_must_be_private(propello: Run, cli_env: dict[str, str]) -> None:
    config = write_config(
        Path(cli_env["HOME"]) / "p.toml", '[default]\nclient_id = 1\nclient_secret = "s3cr3t-x"\n', 0o644
    )
    ran = propello("users", "get", "email", "jane@example.com", env={"PROPELLO_CONFIG": str(config)})
    assert ran.code == EXIT_USAGE and "chmod 600" in one_line(ran.stderr) and "s3cr3t-x" not in ran.stderr
    write_config(
        config, '[default]\nbase_url = "http://127.0.0.1:9"\nclinet_id = 1\n', 0o644
    )  # no secret: readable is fine
    typo = propello("users", "get", "email", "jane@example.com", env={"PROPELLO_CONFIG": str(config)})
    assert typo.code == EXIT_USAGE and "unknown setting clinet_id" in one_line(typo.stderr)


def test_rate_limit_settings(propello: Run, api: dict[str, str], httpserver: HTTPServer) -> None:
    httpserver.expect_request(GET).respond_with_json(USER)
    assert propello("--rate-limit", "240/60", "users", "get", "email", "jane@example.com", env=api).code == 0
    flag = propello("--rate-limit", "fast", "users", "get", "email", "jane@example.com", env=api)
    assert flag.code == EXIT_USAGE and "calls/period_seconds" in one_line(flag.stderr)
    env = propello("users", "get", "email", "jane@example.com", env={**api, "PROPELLO_RATE_LIMIT": "0/60"})
    assert env.code == EXIT_USAGE and "calls must be a positive integer" in one_line(env.stderr)


def test_rate_limit_parse_and_from_env() -> None:
    assert RateLimit.parse("240/60") == RateLimit(240, 60.0)
    assert RateLimit.parse(" 5/0.5 ") == RateLimit(5, 0.5)
    for bad in ("240", "240/", "/60", "a/b", "240/60/1", "1.5/60", "240/-1", "240/nan"):
        with pytest.raises(InvalidArgumentError):
            RateLimit.parse(bad)
    with pytest.raises(InvalidArgumentError, match="PROPELLO_RATE_LIMIT: a rate limit must be calls/period"):
        Propello.from_env({"PROPELLO_ACCESS_TOKEN": "t", "PROPELLO_RATE_LIMIT": "lots"})
    Propello.from_env({"PROPELLO_ACCESS_TOKEN": "t", "PROPELLO_RATE_LIMIT": "240/60"}).close()


def test_without_the_extra_one_line_says_what_to_install(cli_env: dict[str, str]) -> None:
    blocked = "import sys; sys.modules['click'] = None; from propello.cli import main; main(['users', 'list'])"
    ran = subprocess.run([sys.executable, "-c", blocked], env=cli_env, capture_output=True, text=True)
    assert ran.returncode == 1
    assert ran.stderr == "propello: the command line needs its extra: pip install 'propello-cloud[cli]'\n"


def test_client_credentials_token_is_reused_across_commands(
    propello: Run, cli_env: dict[str, str], httpserver: HTTPServer
) -> None:
    token = {"token_type": "Bearer", "expires_in": 3600, "access_token": "fetched-9q"}
    httpserver.expect_request("/v3/oauth/token").respond_with_json(token)
    httpserver.expect_request(GET).respond_with_json(USER)
    env = {"PROPELLO_BASE_URL": httpserver.url_for(""), "PROPELLO_CLIENT_ID": "5", "PROPELLO_CLIENT_SECRET": "s-77"}
    for _ in range(2):
        ran = propello("users", "get", "email", "jane@example.com", env=env)
        assert ran.code == 0, ran.stderr
    paths = [request.path for request, _ in httpserver.log]
    assert paths == ["/v3/oauth/token", GET, GET]
    stored = list((Path(cli_env["XDG_CACHE_HOME"]) / "propello").iterdir())
    assert len(stored) >= 1 and all(os.stat(path).st_mode & 0o077 == 0 for path in stored if path.is_file())


MOUNTED = '''
import click
from propello.cli import CLIContext


@click.command("demo")
@click.pass_obj
def demo(obj: CLIContext) -> None:
    """A sub-group mounted by dotted path, as `propello sync` is."""
    limit = obj.rate_limit
    obj.emit({"calls": limit.calls if limit else None, "format": obj.output_format, "base": obj.client().base_url})
    obj.fail(LookupError("no such thing"))
'''


def test_a_group_mounted_by_dotted_path_gets_the_context(cli_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "mounted_demo.py").write_text(MOUNTED, encoding="utf-8")
    script = (
        "import click, sys, propello.cli as cli;"
        "assert isinstance(cli.root, click.Group) and cli.root.name == 'propello';"
        "cli.SUBGROUPS['demo'] = 'mounted_demo:demo'; assert 'mounted_demo' not in sys.modules;"
        "cli.main(sys.argv[1:])"
    )
    env = {**cli_env, "PYTHONPATH": f"{tmp_path}{os.pathsep}{cli_env['PYTHONPATH']}", "PROPELLO_ACCESS_TOKEN": "t"}
    ran = subprocess.run(
        [sys.executable, "-c", script, "--rate-limit", "240/60", "--base-url", "http://127.0.0.1:9", "demo", "--help"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0 and "mounted by dotted path" in ran.stdout, ran.stderr
    ran = subprocess.run(
        [sys.executable, "-c", script, "--rate-limit", "240/60", "--json", "--base-url", "http://127.0.0.1:9", "demo"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert json.loads(ran.stdout) == {"calls": 240, "format": "json", "base": "http://127.0.0.1:9"}
    assert ran.returncode == 1 and json.loads(ran.stderr)["message"] == "no such thing"
