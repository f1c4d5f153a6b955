"""Parsing of render and send results: known types typed, anything else kept as data."""

from __future__ import annotations

import copy
import logging
from typing import Any

import pytest

from np6.results import (
    UnexpectedResultBodyError,
    parse_execution_result,
    parse_execution_results,
    parse_render_result,
    parse_render_results,
)
from np6_client.models import (
    ExecutionError,
    ExecutionSuccess,
    RenderSuccess,
    UnknownExecutionResult,
    UnknownRenderResult,
)
from np6_client.types import UNSET
from tests.unit.messages_support import (
    EXECUTION_ERROR_JSON,
    EXECUTION_SUCCESS_JSON,
    RENDER_SUCCESS_JSON,
    UNKNOWN_RESULT_JSON,
)

# Items whose type is known but whose fields do not match the spec.
MALFORMED_SUCCESSES = [
    {"type": "success", "id": "not-a-uuid"},
    {"type": "success", "id": 42},
    {"type": "success", "recipient": "ada@example.com"},
    {"type": "success", "recipient": {"id": "T-1"}},  # a footprint without its type
]


def test_known_execution_types_are_typed() -> None:
    assert isinstance(parse_execution_result(EXECUTION_SUCCESS_JSON), ExecutionSuccess)
    assert isinstance(parse_execution_result(EXECUTION_ERROR_JSON), ExecutionError)
    assert isinstance(parse_render_result(RENDER_SUCCESS_JSON), RenderSuccess)


def test_results_keep_fields_the_spec_does_not_name() -> None:
    item = {**EXECUTION_SUCCESS_JSON, "channel": "email"}

    result = parse_execution_result(item)

    assert isinstance(result, ExecutionSuccess)
    assert result["channel"] == "email"
    assert result.to_dict() == item


@pytest.mark.parametrize("item", MALFORMED_SUCCESSES)
def test_known_type_that_does_not_parse_is_kept_as_unknown(item: dict[str, Any]) -> None:
    result = parse_execution_result(copy.deepcopy(item))

    assert isinstance(result, UnknownExecutionResult)
    assert result.to_dict() == item


def test_render_success_that_does_not_parse_is_kept_as_unknown() -> None:
    item = {"type": "success", "sender": "news@example.com"}

    result = parse_render_result(item)

    assert isinstance(result, UnknownRenderResult)
    assert result.to_dict() == item


def test_fallback_is_logged_without_the_item(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="np6"):
        parse_execution_result({"type": "success", "id": "ada@example.com"})

    assert "'success'" in caplog.text
    assert "ada@example.com" not in caplog.text


@pytest.mark.parametrize(
    "item",
    [
        UNKNOWN_RESULT_JSON,
        {"value": "no type at all"},
        {"type": ["success"], "id": "T-1"},  # a type that is not a string
        {"type": None},
        {"type": "SUCCESS"},
    ],
)
def test_unknown_or_odd_type_is_kept_as_unknown(item: dict[str, Any]) -> None:
    execution = parse_execution_result(item)
    render = parse_render_result(item)

    assert isinstance(execution, UnknownExecutionResult)
    assert isinstance(render, UnknownRenderResult)
    assert execution.to_dict() == item
    assert render.to_dict() == item


@pytest.mark.parametrize("item", ["success", 42, None, [EXECUTION_SUCCESS_JSON]])
def test_item_that_is_not_an_object_is_kept_under_raw(item: Any) -> None:
    result = parse_execution_result(item)

    assert isinstance(result, UnknownExecutionResult)
    assert result.type_ is UNSET
    assert result.additional_properties == {"raw": item}


def test_batch_keeps_every_item_in_order() -> None:
    items = [
        EXECUTION_ERROR_JSON,
        UNKNOWN_RESULT_JSON,
        EXECUTION_SUCCESS_JSON,
        MALFORMED_SUCCESSES[0],
        "oops",
        EXECUTION_SUCCESS_JSON,
    ]

    results = parse_execution_results(copy.deepcopy(items))

    assert [type(result) for result in results] == [
        ExecutionError,
        UnknownExecutionResult,
        ExecutionSuccess,
        UnknownExecutionResult,
        UnknownExecutionResult,
        ExecutionSuccess,
    ]


def test_empty_batch_answer_is_an_empty_list() -> None:
    assert parse_render_results([]) == []


@pytest.mark.parametrize(
    ("body", "kind"),
    [({"type": "success"}, "object"), ("done", "string"), (None, "null"), (3, "number")],
)
def test_batch_answer_that_is_not_a_list_raises(body: Any, kind: str) -> None:
    with pytest.raises(UnexpectedResultBodyError, match=f"got a JSON {kind}"):
        parse_render_results(body)
    with pytest.raises(UnexpectedResultBodyError):
        parse_execution_results(body)
