"""What the templates need to know that openapi-python-client's parsed spec does not keep: our x-propello-*
extensions. The generator drops vendor extensions from operations and tags, so this module reads them from the
effective spec (snapshot + overlay) and hands them to the templates as a Jinja data file, `propello_names.jinja`,
written next to a copy of templates/ for each generation.

Extensions (set in openapi/overlay.yaml; see templates/README.md):

- on a tag, ``x-propello-resource``: the client attribute for its operations (default: snake_case of the tag name);
- on an operation, ``x-propello-method``: the resource method's name (default: snake_case of the operationId);
- on an operation, ``x-propello-replayable: true``: safe to send twice (default: a write, never replayed once it
  may have been processed);
- on a request body, ``x-propello-name``: the resource method's name for the body (default: ``body``);
- on an operation, ``x-propello-options``: keyword arguments of its resource method that set one field of the JSON
  body from a named choice (``name``, ``type``: the Literal alias, ``field``, ``choices``: word -> value sent,
  ``omit``: the word that leaves the field out, ``default``, ``description``), so a caller says in words what a
  flag the API treats as three-state does.

Read from the spec itself: whether an operation needs a token (its effective ``security``: the operation's own,
else the spec's; none, ``[]``, or a requirement list that allows ``{}``, means no Authorization header), and the
limits on what it sends (scripts/request_constraints.py).
"""

from __future__ import annotations

import json
import keyword
import re
import shutil
from pathlib import Path
from typing import Any

from openapi_python_client.utils import PythonIdentifier, snake_case
from request_constraints import operation_constraints
from spec_schema import Spec

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
DATA_TEMPLATE = "propello_names.jinja"
PATH_PARAMETER = re.compile(r"\{([^}]+)\}")
FIELD_PREFIX = "field_"  # openapi-python-client's default field_prefix; generator-config.yml keeps it


class NamingError(Exception):
    """Two operations or tags would get the same Python name, or a name is not a valid identifier."""


def _identifier(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.isidentifier() or keyword.iskeyword(value) or value.startswith("_"):
        raise NamingError(f"{what}: {value!r} is not a usable Python name (set another in openapi/overlay.yaml)")
    return value


def _resource_name(tag: dict[str, Any]) -> str:
    name = tag.get("x-propello-resource")
    if name is None:
        name = snake_case(str(tag["name"]))
        name = f"{name}_" if keyword.iskeyword(name) else name
    return _identifier(name, f"tag {tag['name']!r}")


def generator_path(path: str) -> str:
    """The path as the generator's Endpoint.path has it: each ``{param}`` renamed to its Python name
    (``/events/{eventId}`` -> ``/events/{event_id}``), so the templates can look an endpoint up by it."""
    return PATH_PARAMETER.sub(lambda match: "{" + str(PythonIdentifier(match[1], prefix=FIELD_PREFIX)) + "}", path)


def requires_auth(spec: dict[str, Any], operation: dict[str, Any]) -> bool:
    """Whether the operation is sent with the access token: its security (else the spec's) names a scheme in every
    requirement. Absent, ``[]``, or an alternative ``{}`` (anonymous allowed) means it is sent without one."""
    security = operation.get("security", spec.get("security"))
    return isinstance(security, list) and bool(security) and all(security)


def _options(spec: dict[str, Any], operation: dict[str, Any], where: str) -> list[dict[str, Any]]:
    """x-propello-options, checked: each names a field of the JSON body, and its words are distinct identifiers'
    worth of text with a default among them."""
    options = operation.get("x-propello-options") or []
    if not isinstance(options, list):
        raise NamingError(f"{where}: x-propello-options must be a list")
    checked = []
    for option in options:
        name = _identifier(option.get("name"), f"{where} x-propello-options")
        kind = _identifier(option.get("type"), f"{where} x-propello-options {name} type")
        field, choices, omit = option.get("field"), option.get("choices") or {}, option.get("omit")
        words = [*choices, *([omit] if omit is not None else [])]
        if not isinstance(field, str) or field not in _body_fields(spec, operation):
            raise NamingError(f"{where}: option {name} sets {field!r}, which is not a field of the request body")
        if not words or len(set(words)) != len(words) or not all(isinstance(word, str) and word for word in words):
            raise NamingError(f"{where}: option {name} needs distinct non-empty words in choices and omit")
        if option.get("default") not in words:
            raise NamingError(f"{where}: option {name}'s default must be one of {', '.join(words)}")
        checked.append(
            {
                "name": name,
                "type": kind,
                "field": field,
                "choices": choices,
                "omit": omit or "",
                "words": words,
                "default": option["default"],
                "description": str(option.get("description") or ""),
            }
        )
    return checked


def _body_fields(spec: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    resolver = Spec(spec, "spec")
    body, _ = resolver.resolve(operation.get("requestBody"))
    media = (body.get("content") or {}).get("application/json") if isinstance(body, dict) else None
    if not isinstance(media, dict):
        return set()
    return set(resolver.shape(media.get("schema")).properties)


def _operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per operation ("post /path", the path as ``generator_path`` gives it): its method name, replay safety, body
    name, whether it needs a token, the limits on what it sends, and its body options."""
    found: dict[str, dict[str, Any]] = {}
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            operation = (item or {}).get(method)
            if not isinstance(operation, dict):
                continue
            where = f"{method.upper()} {path}"
            default = PythonIdentifier(str(operation.get("operationId") or f"{method}_{path}"), prefix="")
            body = operation.get("requestBody") or {}
            found[f"{method} {generator_path(path)}"] = {
                "method": _identifier(operation.get("x-propello-method", str(default)), where),
                "replayable": operation.get("x-propello-replayable") is True,
                "body": _identifier(body.get("x-propello-name", "body"), f"{where} request body"),
                "where": where,
                "tags": [str(tag) for tag in operation.get("tags") or ["default"]],
                "requires_auth": requires_auth(spec, operation),
                "constraints": operation_constraints(spec, item or {}, operation),
                "options": _options(spec, operation, where),
            }
    return found


def _resources(spec: dict[str, Any], operations: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Per tag the operations use, keyed as the generator keys its endpoint collections: attribute name and
    description."""
    declared = {str(tag["name"]): tag for tag in spec.get("tags") or [] if isinstance(tag, dict) and "name" in tag}
    used = {tag for operation in operations.values() for tag in operation["tags"]}
    resources: dict[str, dict[str, str]] = {}
    for name in sorted(used):
        tag = declared.get(name, {"name": name})
        resources[str(PythonIdentifier(name, prefix="tag"))] = {
            "name": _resource_name(tag),
            "description": str(tag.get("description") or f"Operations tagged {name}."),
        }
    return resources


def _check_unique(operations: dict[str, dict[str, Any]], resources: dict[str, Any]) -> None:
    owners: dict[str, str] = {}
    for key, resource in resources.items():
        if resource["name"] in owners:
            first = owners[resource["name"]]
            raise NamingError(f"tags {first!r} and {key!r} both become resource {resource['name']!r}")
        owners[resource["name"]] = key
    for resource_key in resources:
        seen: dict[str, str] = {}
        for operation in operations.values():
            if resource_key not in {str(PythonIdentifier(tag, prefix="tag")) for tag in operation["tags"]}:
                continue
            if operation["method"] in seen:
                raise NamingError(
                    f"{seen[operation['method']]} and {operation['where']} both become "
                    f"{resources[resource_key]['name']}.{operation['method']}(); set x-propello-method in the overlay"
                )
            seen[operation["method"]] = operation["where"]


def resource_methods(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(METHOD path, resource, method) for every operation and each of its tags: what the clients must offer."""
    operations = _operations(spec)
    resources = _resources(spec, operations)
    return [
        (operation["where"], resources[str(PythonIdentifier(tag, prefix="tag"))]["name"], operation["method"])
        for operation in operations.values()
        for tag in operation["tags"]
    ]


def template_data(spec: dict[str, Any]) -> str:
    """The Jinja data file: `operations` and `resources` as Jinja literals (JSON without nulls is one)."""
    operations = _operations(spec)
    resources = _resources(spec, operations)
    _check_unique(operations, resources)
    return (
        "{# Written by scripts/resource_names.py from the effective spec for this generation. #}\n"
        f"{{% set operations = {json.dumps(operations, sort_keys=True)} %}}\n"
        f"{{% set resources = {json.dumps(resources, sort_keys=True)} %}}\n"
    )


def prepare_templates(spec: dict[str, Any], templates: Path, workdir: Path) -> Path:
    """A copy of `templates` with this spec's data file beside them, for --custom-template-path."""
    target = workdir / "templates"
    shutil.copytree(templates, target)
    (target / DATA_TEMPLATE).write_text(template_data(spec), encoding="utf-8")
    return target
