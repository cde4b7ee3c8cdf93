"""Client version: `<API version>.<client major>.<client minor>` (README "Versions").

The API version comes from the generated package, so a regeneration from a new API version starts a new
series (`<API version>.1.0`) with no hand edit. For the same API version, a client release that breaks callers
raises MAJOR (and sets MINOR to 0); any other release raises MINOR. So `~=3.0.0.3.0` (any `3.0.0.3.x`) or
`<3.0.0.4` excludes the next breaking release, whether or not the API moved.

This module imports nothing at load time: the wheel's build runs it alone (pyproject.toml [tool.hatch.version]
calls `version_of_tree`) in an isolated environment where no runtime dependency is installed.
"""

SERIES_OF = "3.0.0"
"""The API version MAJOR and MINOR count releases for; any other API version starts at `.1.0`."""
MAJOR = 2
"""Raised (with MINOR back to 0) by a client release that breaks callers."""
MINOR = 0
"""Raised by a client release that breaks no caller."""


def client_version(api_version: str) -> str:
    """The distribution version of this client generated from `api_version`.

    Args:
        api_version: the spec's `info.version`: `N`, `N.N` or `N.N.N`, padded to three numbers so that the
            client's own two numbers always sit in the same places.

    Raises:
        ValueError: `api_version` is not one to three dot-separated numbers (a PEP 440 version could not
            carry it unambiguously).
    """
    parts = api_version.split(".")
    if not (1 <= len(parts) <= 3 and all(part.isascii() and part.isdecimal() for part in parts)):
        raise ValueError(f"API version {api_version!r} is not N, N.N or N.N.N: no client version can carry it")
    api = ".".join([str(int(part)) for part in parts] + ["0"] * (3 - len(parts)))
    major, minor = (MAJOR, MINOR) if api == SERIES_OF else (1, 0)
    return f"{api}.{major}.{minor}"


def version_of_tree(version_file: str) -> str:
    """The version of the checkout or sdist holding `version_file` (this file): what the build calls.

    The API version is read from generated/propello_api/_api_version.py as text: importing `propello_api`
    would import httpx, which an isolated build does not have.

    Args:
        version_file: the path of this file in the tree being built (`__file__` as the build runs it).
    """
    import ast  # only the build needs these: `import propello` stays lean
    from pathlib import Path

    generated = Path(version_file).resolve().parents[2] / "generated" / "propello_api" / "_api_version.py"
    for node in ast.parse(generated.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["API_VERSION"]:
            return client_version(ast.literal_eval(node.value))
    raise ValueError(f"{generated} assigns no API_VERSION: run `make generate`")
