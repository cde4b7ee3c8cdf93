"""openapi-python-client, run in-process so its findings come back as data, in our words.

- Binary media types it does not know (``image/png``, ``application/pdf``, ...) are generated as bytes: they are
  mapped onto ``application/octet-stream`` through its ``content_type_overrides`` setting, for this spec only.
- Each warning it has (an unsupported media type, a schema it cannot parse) becomes one line naming the
  operation it affects; the client is still written, without the parts it could not generate.
- An error (no client written) is a GeneratorFailed naming each error.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openapi_python_client import generate
from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser.errors import ErrorLevel, GeneratorError

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
BYTES = "application/octet-stream"
BINARY_TOP_LEVEL = {"image", "audio", "video", "font"}
BINARY_APPLICATION = {
    "pdf",
    "zip",
    "gzip",
    "x-gzip",
    "x-tar",
    "x-bzip2",
    "x-7z-compressed",
    "msword",
    "vnd.ms-excel",
    "vnd.ms-powerpoint",
    "wasm",
}
BINARY_APPLICATION_PREFIXES = ("vnd.openxmlformats-officedocument.", "vnd.oasis.opendocument.")
ENDPOINT_HEADER = re.compile(r"^WARNING parsing (?P<method>[A-Z]+) (?P<path>\S+) within .*?\.(?P<dropped> Endpoint)?")
MEDIA_TYPE_DUMP = re.compile(r"\{'(?P<media_type>[^']+)': MediaType\(.*\)\}")


class GeneratorFailed(Exception):
    """openapi-python-client wrote no client; the message names each error it gave."""


@dataclass(frozen=True)
class Operation:
    """One operation of the spec: how warnings name it, and the media types it sends or answers."""

    method: str
    path: str
    operation_id: str | None
    media_types: frozenset[str]

    def __str__(self) -> str:
        where = f"{self.method.upper()} {self.path}"
        return f"{self.operation_id} ({where})" if self.operation_id else where


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation in ``spec``, in document order, with the media types of its body and responses
    (references to components/requestBodies and components/responses followed)."""
    return [_operation(spec, method, path, data) for method, path, data in _operation_items(spec)]


def generate_binary_as_bytes(spec: dict[str, Any]) -> dict[str, list[Operation]]:
    """Make ``spec`` (changed in place) generate every binary media type as bytes, and return those media
    types with the operations using each.

    The generator types a body or response as bytes (``File``) when its media type is application/octet-stream
    and its schema is ``{type: string, format: binary}``: ``run`` maps the media types onto the first; here a
    media type with no schema, or a plain string one (OpenAPI 3.1 writes binary as ``contentMediaType``), gets
    the second, since the generator would otherwise type raw bytes as ``str`` or ``Any``.

    Args:
        spec: the effective spec, changed in place.
    """
    found: dict[str, list[Operation]] = {}
    for method, path, data in _operation_items(spec):
        operation = _operation(spec, method, path, data)
        for media_type, media in _media(spec, data):
            if not is_binary(media_type):
                continue
            if operation not in found.setdefault(media_type, []):
                found[media_type].append(operation)
            schema = _resolve(spec, media.get("schema"))
            if schema is None or (
                isinstance(schema, dict) and schema.get("type") == "string" and "format" not in schema
            ):
                media["schema"] = {"type": "string", "format": "binary"}
    return dict(sorted(found.items()))


def _operation_items(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in (spec.get("paths") or {}).items():
        for method in HTTP_METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if isinstance(operation, dict):
                yield method, path, operation


def _operation(spec: dict[str, Any], method: str, path: str, data: dict[str, Any]) -> Operation:
    media_types = frozenset(media_type for media_type, _ in _media(spec, data))
    return Operation(method, path, data.get("operationId"), media_types)


def _media(spec: dict[str, Any], operation: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each media type of an operation's body and responses, with its media type object."""
    for part in [operation.get("requestBody"), *(operation.get("responses") or {}).values()]:
        resolved = _resolve(spec, part)
        content = resolved.get("content") if isinstance(resolved, dict) else None
        for media_type, media in content.items() if isinstance(content, dict) else ():
            if isinstance(media, dict):
                yield media_type, media


def _resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s (``#/components/...``); anything else is returned as it is."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        ref = node["$ref"]
        if ref in seen:
            return None
        seen.add(ref)
        node = spec
        for part in ref[2:].split("/"):
            node = node.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(node, dict) else None
    return node


def is_binary(media_type: str) -> bool:
    """True for media types whose obvious Python value is bytes: image/*, audio/*, video/*, font/*, PDF,
    archives and office documents."""
    top, _, sub = media_type.split(";")[0].strip().lower().partition("/")
    if top in BINARY_TOP_LEVEL:
        return True
    return top == "application" and (sub in BINARY_APPLICATION or sub.startswith(BINARY_APPLICATION_PREFIXES))


def run(
    spec_file: Path, config: Path, templates: Path, out: Path, *, content_type_overrides: dict[str, str]
) -> list[GeneratorError]:
    """Generate the package into ``out`` and return the generator's findings (warnings and errors).

    Args:
        spec_file: the effective spec, as a file (the generator reads it itself).
        config: our generator-config.yml.
        templates: our custom templates folder.
        out: where the package goes (the generator replaces it).
        content_type_overrides: added to the config's own, for this run.
    """
    config_file = ConfigFile.load_from_path(config)
    config_file.content_type_overrides = {**(config_file.content_type_overrides or {}), **content_type_overrides}
    settings = Config.from_sources(config_file, MetaType.NONE, spec_file, "utf-8", overwrite=True, output_path=out)
    with contextlib.redirect_stdout(io.StringIO()):  # it prints "Generating <dir>"
        findings = list(generate(config=settings, custom_template_path=templates))
    errors = [finding for finding in findings if finding.level == ErrorLevel.ERROR]
    if errors or not (out / "__init__.py").is_file():
        raise GeneratorFailed("\n".join(_error_text(error) for error in errors) or "it wrote no package")
    return findings


def describe(finding: GeneratorError, spec_operations: list[Operation]) -> str:
    """One line for a generator warning: the operation it affects (when it concerns one) and what is missing.

    Args:
        finding: a warning returned by ``run``.
        spec_operations: the spec's ``operations``, to name the operation by its operationId.
    """
    detail = _short(finding.detail or "")
    match = ENDPOINT_HEADER.match(finding.header.strip())
    if not match:
        return f"{_short(finding.header).rstrip(':')}: {detail}" if detail else _short(finding.header)
    method, path = match["method"].lower(), match["path"]
    operation = next(
        (op for op in spec_operations if (op.method, op.path) == (method, path)),
        Operation(method, path, None, frozenset()),
    )
    if "content type" in detail.lower() and not any(media_type in detail for media_type in operation.media_types):
        detail += f" (its media types: {', '.join(sorted(operation.media_types))})"
    return f"operation {operation}: {detail}" + (
        "; the operation is left out of the client" if match["dropped"] else ""
    )


def _short(text: str) -> str:
    """The first non-empty line, with a media-type dump replaced by the media type's name."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return MEDIA_TYPE_DUMP.sub(lambda match: match["media_type"], line)


def _error_text(error: GeneratorError) -> str:
    return f"{error.header.strip()} {error.detail or ''}".strip()
