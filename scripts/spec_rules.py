"""The spec-level rules: every kind of change the spec comparison (scripts/spec_changes.py) reports, the
heading it is listed under, and why it does or does not break a Python caller of the client generated from
the spec (openapi-python-client with templates/).

The reference is oasdiff's breaking-change checker: a change it rates ERR or WARN is breaking here, INFO is
not, except where a client generated for Python judges otherwise; those rules say so in their text
(``python scripts/specdiff.py --rules`` prints them all; tests/fixtures/specdiff/oasdiff_pairs.yaml holds the
pairs that show each difference). Direction decides most verdicts: what the caller *sends* (parameters,
request bodies, answers to webhooks and callbacks) may not be narrowed, what it *receives* (responses, webhook
and callback payloads) may not be widened.
"""

from __future__ import annotations

from change_report import Rule


def _rules(*groups: tuple[str, list[tuple[str, str, str]]]) -> dict[str, Rule]:
    return {kind: Rule(kind, heading, breaks, safe) for heading, rules in groups for kind, breaks, safe in rules}


RULES = _rules(
    (
        "Operations",
        [
            ("operation-removed", "its generated module is gone (ImportError) and the server no longer serves it", ""),
            ("operation-added", "", "a new generated module; existing code is unaffected"),
            (
                "operation-renamed",
                "the generated module is named after the operationId, so imports of the old name fail"
                " (oasdiff: INFO, as the HTTP call is unchanged)",
                "",
            ),
        ],
    ),
    (
        "Webhooks and callbacks",
        [
            (
                "webhook-removed",
                "the API no longer promises these events: a receiver built for them stops being called",
                "",
            ),
            ("webhook-added", "", "a new event; existing receivers are unaffected"),
            (
                "callback-removed",
                "the API no longer calls this callback: a receiver built for it stops being called"
                " (oasdiff has no callback rule)",
                "",
            ),
            ("callback-added", "", "a new callback; existing receivers are unaffected"),
        ],
    ),
    (
        "Parameters",
        [
            ("parameter-removed", "the generated function loses the argument: calls passing it raise TypeError", ""),
            (
                "parameter-added",
                "a new required argument: existing calls raise TypeError",
                "optional (defaults to UNSET), or sent by the API to the caller",
            ),
            (
                "parameter-required",
                "calls that leave it out raise TypeError",
                "the API now always sends it to the caller",
            ),
            (
                "parameter-optional",
                "the API may now leave out a value the caller's receiver reads",
                "existing calls still pass it",
            ),
        ],
    ),
    (
        "Request bodies",
        [
            ("request-body-removed", "the generated function loses its body argument: calls passing one fail", ""),
            (
                "request-body-added",
                "a required body: existing calls lack the new argument and are rejected",
                "optional, or sent by the API to the caller",
            ),
            ("request-body-required", "calls without a body are rejected", "the API now always sends it"),
            (
                "request-body-optional",
                "the API may now send no payload to the caller's receiver",
                "existing calls still send one",
            ),
            (
                "request-field-removed",
                "the generated model loses the field: constructing it with that keyword raises TypeError, and"
                " a receiver reading it gets nothing",
                "",
            ),
            (
                "request-field-added",
                "a new required field: existing model constructions raise TypeError",
                "optional (defaults to UNSET), or sent by the API to the caller",
            ),
            ("request-field-required", "the model constructor now requires it", "the API now always sends it"),
            (
                "request-field-optional",
                "the API may now leave out a field the caller's receiver reads",
                "existing code still sets it",
            ),
        ],
    ),
    (
        "Responses",
        [
            (
                "response-removed",
                "a success status is gone: code expecting its parsed body gets None",
                "an error status: propello maps errors by status code whatever the spec lists",
            ),
            ("response-added", "", "the old client treats a new status as before (errors by status code)"),
            (
                "response-field-removed",
                "the generated model loses the attribute: reading it raises AttributeError",
                "",
            ),
            (
                "response-field-added",
                "",
                "a new attribute; the old model keeps unknown keys in additional_properties",
            ),
            (
                "response-field-optional",
                "the attribute may now be UNSET: code using it as a value breaks",
                "the caller now always sends it",
            ),
            (
                "response-field-required",
                "the caller must now send a field it could leave out",
                "the attribute is always set now",
            ),
        ],
    ),
    (
        "Media types",
        [
            (
                "media-type-removed",
                "requests: the server no longer accepts what the generated function sends; responses: the"
                " generated parser no longer decodes that content type (also for error statuses, as oasdiff)",
                "",
            ),
            ("media-type-added", "", "the existing media types still work"),
        ],
    ),
    (
        "Composition",
        [
            (
                "variant-removed",
                "the generated Union loses that type: the server rejects values of it",
                "the client still parses the remaining variants",
            ),
            (
                "variant-added",
                "the generated parser only tries the old variants: a value of the new one fails to parse or"
                " lands in a wrong one (oasdiff rates an anyOf variant added to a response INFO; for this"
                " client anyOf and oneOf parse alike)",
                "existing values still match a variant",
            ),
            (
                "allof-part-added",
                "the body must also satisfy the new part (its required fields and constraints)",
                "responses only gain what the part declares, or the part is annotations only",
            ),
            (
                "allof-part-removed",
                "the generated model loses the part's fields: constructions using them raise TypeError",
                "fields the part contributed are reported one by one, or it was annotations only",
            ),
            (
                "composition-changed",
                "the generated type switches between one model and a Union: construction, attribute access"
                " and isinstance checks change",
                "",
            ),
        ],
    ),
    (
        "Enums",
        [
            (
                "enum-value-removed",
                "the server rejects a value callers may send (the Literal type drops it)",
                "the client no longer receives it; code handling it is dead, not broken",
            ),
            (
                "enum-value-added",
                "",
                "requests: old values are still accepted; responses: kept by this client, as"
                " templates/literal_enum.py.jinja keeps unknown values instead of raising (oasdiff: WARN);"
                " exhaustive matches need a new branch",
            ),
            (
                "enum-changed",
                "values outside the new list are rejected",
                "responses may only narrow, and a request restriction dropped accepts more",
            ),
        ],
    ),
    (
        "Types and formats",
        [
            (
                "type-changed",
                "requests: the server rejects values of the old type; responses: they parse to another Python"
                " type (a typed object or array where there was none becomes a model, not a dict)",
                "requests: every old value is still accepted; responses: they send a subset of what was declared",
            ),
            ("nullable-added", "None can now arrive where code expects a value", "callers may now send None"),
            ("nullable-removed", "sending None is now rejected", "None no longer arrives"),
            (
                "format-changed",
                "the generated Python type changes (date-time: datetime, date: date, uuid: UUID, binary: File;"
                " oasdiff ignores that and rates a response format added, or a request one removed, INFO),"
                " or the server accepts a narrower format",
                "same Python type, and every old value fits the new format",
            ),
        ],
    ),
    (
        "Constraints",
        [
            (
                "constraint-tightened",
                "the server now rejects values the old client could send",
                "responses stay within the old bounds",
            ),
            (
                "constraint-relaxed",
                "",
                "requests: more values are accepted; responses: generated models do not check bounds or"
                " patterns, so wider values parse; code relying on the old bound should check (oasdiff: ERR"
                " for a response max/min widened)",
            ),
            (
                "additional-properties-changed",
                "extra keys callers may send in additional_properties are now rejected",
                "the old model keeps any extra keys in additional_properties",
            ),
        ],
    ),
    (
        "Security",
        [
            (
                "security-tightened",
                "a way of authenticating that worked no longer suffices: calls get 401/403",
                "",
            ),
            ("security-relaxed", "", "every way that worked still does"),
            (
                "security-scheme-removed",
                "tokens of that scheme are no longer accepted (oasdiff: INFO)",
                "",
            ),
            ("security-scheme-added", "", "a new way to authenticate; the old ones stay"),
            (
                "security-scheme-changed",
                "credentials for the old definition are no longer accepted (oasdiff: INFO)",
                "",
            ),
        ],
    ),
    (
        "Schemas",
        [
            (
                "schema-removed",
                "its generated model class is gone: imports of it fail (oasdiff: INFO, as nothing on the wire changes)",
                "",
            ),
            ("schema-added", "", "a new model; existing code is unaffected"),
            (
                "schema-renamed",
                "",
                "the same shape under a new name: nothing changes on the wire (oasdiff: nothing to report); the"
                " generated model class is renamed, which the Python API section reports for code importing it",
            ),
        ],
    ),
)
HEADINGS = list(dict.fromkeys(rule.heading for rule in RULES.values()))
