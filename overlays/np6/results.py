"""Typed render and send results: only overlays return them, so no generated code parses them.

The ExecutionResult and RenderResult unions are parsed here, dispatching on each item's `type`.

A result is never lost and never raised: an item whose `type` this client does not know, or
whose known type does not parse (a field of an unexpected shape), comes back as
UnknownExecutionResult or UnknownRenderResult with every field NP6 sent. An item that is not a
JSON object at all comes back as an unknown result whose only field is `raw`, holding the item.
"""

from collections.abc import Callable, Mapping
from typing import Any, Final, TypeAlias, TypeVar

from np6._log import log
from np6_client.models import (
    ExecutionError,
    ExecutionSuccess,
    RenderSuccess,
    UnknownExecutionResult,
    UnknownRenderResult,
)

ExecutionResult: TypeAlias = ExecutionSuccess | ExecutionError | UnknownExecutionResult
RenderResult: TypeAlias = RenderSuccess | UnknownRenderResult

_Result = TypeVar("_Result")
_Parser: TypeAlias = Callable[[Mapping[str, Any]], _Result]

# What the generated from_dict raises when a field has another shape than the spec says.
_PARSE_ERRORS: Final = (TypeError, ValueError, AttributeError, KeyError)

_EXECUTION_PARSERS: Final[Mapping[str, _Parser[ExecutionResult]]] = {
    "success": ExecutionSuccess.from_dict,
    "error": ExecutionError.from_dict,
}
_RENDER_PARSERS: Final[Mapping[str, _Parser[RenderResult]]] = {
    "success": RenderSuccess.from_dict,
}


class UnexpectedResultBodyError(ValueError):
    """A batch answer that is not a list of results.

    Raised by parse_render_results and parse_execution_results; the batch operations report it
    as np6_client.errors.MalformedResponseError, like every answer they cannot read.
    """


def parse_execution_result(data: object) -> ExecutionResult:
    """Parse the result of sending one message; see the module docstring for unknown types."""
    return _parse_result(data, _EXECUTION_PARSERS, UnknownExecutionResult.from_dict)


def parse_execution_results(data: object) -> list[ExecutionResult]:
    """Parse the results of a batch send, one per message, in the order of the request.

    Raises:
        UnexpectedResultBodyError: data is not a list.
    """
    return [parse_execution_result(item) for item in _result_list(data)]


def parse_render_result(data: object) -> RenderResult:
    """Parse the result of rendering one message; see the module docstring for unknown types."""
    return _parse_result(data, _RENDER_PARSERS, UnknownRenderResult.from_dict)


def parse_render_results(data: object) -> list[RenderResult]:
    """Parse the results of a batch render, one per definition, in the order of the request.

    Raises:
        UnexpectedResultBodyError: data is not a list.
    """
    return [parse_render_result(item) for item in _result_list(data)]


def _parse_result(
    data: object,
    parsers: Mapping[str, _Parser[_Result]],
    parse_unknown: _Parser[_Result],
) -> _Result:
    if not isinstance(data, dict):
        return parse_unknown({"raw": data})

    # Dispatch on the tag rather than trying each variant: one from_dict per item, not three.
    result_type = data.get("type")
    parse_known = parsers.get(result_type) if isinstance(result_type, str) else None
    if parse_known is None:
        return parse_unknown(data)

    try:
        return parse_known(data)
    except _PARSE_ERRORS as error:
        # The item's fields are not logged: they name a recipient.
        log.debug(
            "result of type %r does not match the spec (%s); kept as unknown",
            result_type,
            type(error).__name__,
        )
        return parse_unknown(data)


def _result_list(data: object) -> list[Any]:
    if not isinstance(data, list):
        raise UnexpectedResultBodyError(
            f"expected a JSON array of results, got a JSON {_json_kind(data)}"
        )
    return data


def _json_kind(data: object) -> str:
    kinds = {dict: "object", str: "string", bool: "boolean", int: "number", float: "number"}
    return kinds.get(type(data), "null" if data is None else type(data).__name__)
