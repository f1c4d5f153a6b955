"""Check HTTP traffic against spec/np6-cm.yaml with openapi-core, naming operation and field.

Shared by the sandbox (it refuses requests that do not conform) and by the tests' contract
check (every request and response the client exchanges must conform). The parsed spec is built
once per process: parsing and indexing it takes most of a second.
"""

from __future__ import annotations

import copy
import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads
from werkzeug.datastructures import Headers, ImmutableMultiDict

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "np6-cm.yaml"

# NP6's vendor media types carry JSON. openapi-core reads any media type it does not know as
# raw bytes, which no object or array schema accepts, so they are registered as JSON.
VENDOR_JSON_MEDIA_TYPES = ("application/vnd.np6.cm.email", "application/vnd.np6.cm.sms")

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

Side = Literal["request", "response"]


@dataclass(frozen=True)
class Operation:
    """One operation of the spec: its id, method, path template and request media types."""

    operation_id: str
    method: str
    template: str
    pattern: re.Pattern[str]
    media_types: tuple[str, ...]

    @property
    def label(self) -> str:
        """How messages name the operation: `send_messages (POST /actions/{id}/executions)`."""
        return f"{self.operation_id} ({self.method} {self.template})"

    def path_params(self, path: str) -> dict[str, str]:
        """Values (percent-decoded) of the path parameters in a concrete, encoded path."""
        match = self.pattern.fullmatch(path)
        return {name: unquote(value) for name, value in match.groupdict().items()} if match else {}


@dataclass(frozen=True)
class Violation:
    """One way a request or a response departs from the spec.

    `part` is body, query, path, header, content-type, status or operation; `pointer` is the
    JSON pointer of the offending field inside that part ("" for the part as a whole).
    """

    operation: str
    side: Side
    part: str
    pointer: str
    message: str

    def __str__(self) -> str:
        where = f"{self.part} {self.pointer}" if self.pointer else self.part
        return f"{self.operation}: {self.side} {where}: {self.message}"


@dataclass(frozen=True)
class Message:
    """The parts of an HTTP exchange the spec constrains, independent of any HTTP library."""

    method: str
    path: str  # percent-encoded, as on the wire: an id may contain a slash
    query: list[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes
    content_type: str


class _Request:
    """openapi-core's request protocol over a Message."""

    def __init__(self, message: Message, host_url: str) -> None:
        self.host_url = host_url
        self.path = message.path
        self.method = message.method.lower()
        self.body = message.body or None
        self.content_type = message.content_type
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(message.query),
            header=Headers(list(message.headers.items())),
        )


class _Response:
    """openapi-core's response protocol over a status, headers and body."""

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        self.status_code = status
        self.headers = Headers(list(headers.items()))
        self.content_type = headers.get("content-type", headers.get("Content-Type", ""))
        self.data = body


class SpecCheck:
    """The spec, parsed once, with a lookup of operations and the two checks."""

    def __init__(self, spec_path: Path = SPEC_PATH) -> None:
        document = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        self.server_url: str = document["servers"][0]["url"].rstrip("/")
        self.operations = tuple(_read_operations(document))
        deserializers: dict[str, Callable[[bytes], Any]] = dict.fromkeys(
            VENDOR_JSON_MEDIA_TYPES, _json_body
        )
        self._openapi = OpenAPI.from_dict(
            _without_null_parameter_types(document),
            # The spec itself is validated by the pipeline tests (openapi-spec-validator); doing
            # it again here would cost every test session half a second.
            config=Config(spec_validator_cls=None, extra_media_type_deserializers=deserializers),
        )
        self._request_headers, self._response_headers = _declared_headers(document)
        # Results by exchange: tests and the sandbox check the same exchanges many times over
        # (the client before sending, the sandbox on receipt, sync and async replays of one
        # cassette), and one check costs milliseconds. Only what the spec can check is keyed.
        self._results: dict[tuple[Any, ...], list[Violation]] = {}
        # openapi-core keeps caches while it validates; the sandbox checks from many threads.
        self._lock = threading.Lock()

    def find(self, method: str, path: str) -> Operation | None:
        """The operation serving this method and concrete path, or None."""
        for operation in self.operations:
            if operation.method == method.upper() and operation.pattern.fullmatch(path):
                return operation
        return None

    def check_request(self, message: Message) -> list[Violation]:
        """Every way this request departs from the spec (an empty list when it conforms)."""
        operation = self.find(message.method, message.path)
        if operation is None:
            return [_unknown_operation(message, "request")]
        key = (
            "request",
            message.method.upper(),
            message.path,
            tuple(message.query),
            message.content_type,
            message.body,
            self._request_headers.key(message.headers),
        )
        return self._cached(
            key,
            operation,
            "request",
            lambda: self._openapi.iter_request_errors(self._request(message)),
        )

    def check_response(
        self, message: Message, status: int, headers: Mapping[str, str], body: bytes
    ) -> list[Violation]:
        """Every way this response to `message` departs from the spec."""
        operation = self.find(message.method, message.path)
        if operation is None:
            return [_unknown_operation(message, "response")]
        response = _Response(status, headers, body)
        key = (
            "response",
            operation.label,
            status,
            response.content_type,
            body,
            self._response_headers.key(headers),
        )
        return self._cached(
            key,
            operation,
            "response",
            lambda: self._openapi.iter_response_errors(self._request(message), response),
        )

    def _cached(
        self,
        key: tuple[Any, ...],
        operation: Operation,
        side: Side,
        errors: Callable[[], Iterable[Exception]],
    ) -> list[Violation]:
        with self._lock:
            if key not in self._results:
                found = [v for e in errors() for v in _violations(operation.label, side, e)]
                self._results[key] = found
            return list(self._results[key])

    def _request(self, message: Message) -> _Request:
        # Whatever host served the exchange (sandbox, cassette, mock), it is checked as if it
        # were NP6's: the spec's paths are what matter, not its server URL.
        return _Request(message, self.server_url)


@functools.cache
def load_spec_check(spec_path: Path = SPEC_PATH) -> SpecCheck:
    """The SpecCheck of this spec file, built on first use and shared by the whole process."""
    return SpecCheck(spec_path)


# ---- reading the spec ------------------------------------------------------------------------


@dataclass(frozen=True)
class _DeclaredHeaders:
    """The headers a check reads: a key built from them stands for the whole header set.

    valued: declared headers whose value can fail the check (a schema other than a string).
    present: declared headers that can only fail by being absent (any string is valid).
    """

    valued: frozenset[str]
    present: frozenset[str]

    def key(self, headers: Mapping[str, str]) -> tuple[tuple[str, object], ...]:
        lowered = {name.lower(): value for name, value in headers.items()}
        values: list[tuple[str, object]] = [(n, lowered.get(n)) for n in sorted(self.valued)]
        presence: list[tuple[str, object]] = [(n, n in lowered) for n in sorted(self.present)]
        return tuple(values + presence)


def _declared_headers(document: Mapping[str, Any]) -> tuple[_DeclaredHeaders, _DeclaredHeaders]:
    """What requests and responses declare as headers, sorted by what can make them fail."""
    schemes = document.get("components", {}).get("securitySchemes", {}).values()
    request = {s["name"].lower(): {"type": "string"} for s in schemes if s.get("in") == "header"}
    response: dict[str, Any] = {}
    for path_item, definition in _definitions(document):
        for parameter in [*path_item.get("parameters", []), *definition.get("parameters", [])]:
            declared = _resolve(document, parameter)
            if declared["in"] == "header":
                request[declared["name"].lower()] = declared.get("schema", {})
        for answer in definition.get("responses", {}).values():
            for name, header in _resolve(document, answer).get("headers", {}).items():
                response[name.lower()] = _resolve(document, header).get("schema", {})
    return _sorted_headers(request), _sorted_headers(response)


def _definitions(document: Mapping[str, Any]) -> Iterator[tuple[Mapping[str, Any], Any]]:
    for path_item in document["paths"].values():
        for method in HTTP_METHODS:
            if method in path_item:
                yield path_item, path_item[method]


def _sorted_headers(schemas: Mapping[str, Any]) -> _DeclaredHeaders:
    def any_string(schema: Mapping[str, Any]) -> bool:
        return schema.get("type") == "string" and len(schema) == 1

    return _DeclaredHeaders(
        valued=frozenset(name for name, schema in schemas.items() if not any_string(schema)),
        present=frozenset(name for name, schema in schemas.items() if any_string(schema)),
    )


def _resolve(document: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """Follow a local $ref ("#/components/...") to what it names."""
    while "$ref" in node:
        found: Any = document
        for step in node["$ref"].removeprefix("#/").split("/"):
            found = found[step]
        node = found
    return node


def _read_operations(document: Mapping[str, Any]) -> Iterator[Operation]:
    for template, path_item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in path_item:
                yield _operation(template, method, path_item[method])


def _operation(template: str, method: str, definition: Mapping[str, Any]) -> Operation:
    content = definition.get("requestBody", {}).get("content", {})
    return Operation(
        operation_id=definition["operationId"],
        method=method.upper(),
        template=template,
        pattern=_template_pattern(template),
        media_types=tuple(content),
    )


def _json_body(value: bytes, **parameters: str) -> Any:
    return json_loads(value, **parameters)


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(regex)


def _without_null_parameter_types(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the spec whose parameter schemas name one type instead of [type, "null"].

    openapi-core 0.23.1 fails with a TypeError when a query parameter's schema has a list of
    types. A query string value can never be JSON null, so dropping "null" there changes
    nothing that can be checked.
    """
    copied: dict[str, Any] = copy.deepcopy(dict(document))
    for path_item in copied["paths"].values():
        for method in HTTP_METHODS:
            for parameter in path_item.get(method, {}).get("parameters", []):
                schema = parameter.get("schema", {})
                if isinstance(schema.get("type"), list):
                    schema["type"] = next(t for t in schema["type"] if t != "null")
    return copied


# ---- turning openapi-core errors into violations --------------------------------------------


def _unknown_operation(message: Message, side: Side) -> Violation:
    label = f"{message.method.upper()} {message.path}"
    return Violation(label, side, "operation", "", "no operation of the spec serves this path")


def _violations(operation: str, side: Side, error: Exception) -> Iterator[Violation]:
    part, pointer = _locate(error)
    schema_errors = _schema_errors(error)
    if not schema_errors:
        yield Violation(operation, side, part, pointer, _describe(error))
        return
    for schema_error in schema_errors:
        field = _json_pointer(schema_error.absolute_path)
        yield Violation(operation, side, part, pointer + field, schema_error.message)


def _locate(error: Exception) -> tuple[str, str]:
    """Which part of the message an openapi-core error is about, and the pointer to it."""
    kind = type(error).__name__
    name = getattr(error, "name", None)
    if "Security" in kind:
        return "header", "/X-Key"
    if kind == "ResponseNotFound":
        return "status", ""
    if "MediaTypeNotFound" in repr(error.__cause__):
        return "content-type", ""
    if "Header" in kind:
        return "header", _json_pointer([name] if name else [])
    location = getattr(error, "location", None)
    if location is not None and name is not None:
        return str(location), _json_pointer([name])
    return "body", ""


def _schema_errors(error: Exception) -> list[Any]:
    """The jsonschema errors behind an invalid body, parameter or header (each has a path)."""
    found = getattr(error.__cause__, "schema_errors", None) or []
    return [e for e in found if hasattr(e, "absolute_path")]


def _describe(error: Exception) -> str:
    cause = error.__cause__
    return (
        f"{error} ({cause})" if cause is not None and str(cause) not in str(error) else str(error)
    )


def _json_pointer(path: Iterable[object]) -> str:
    return "".join("/" + str(step).replace("~", "~0").replace("/", "~1") for step in path)
