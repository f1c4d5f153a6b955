"""Helpers of the end-to-end tests: call an operation in either flavour, read a set field."""

from __future__ import annotations

from types import ModuleType
from typing import Any, TypeVar

from np6_client.types import Response, Unset

T = TypeVar("T")


async def call(operation: ModuleType, flavour: str, *args: Any, **kwargs: Any) -> Response[Any]:
    """Call an operation module's sync_detailed ("sync") or asyncio_detailed ("async")."""
    if flavour == "sync":
        response: Response[Any] = operation.sync_detailed(*args, **kwargs)
        return response
    response = await operation.asyncio_detailed(*args, **kwargs)
    return response


def given(value: T | Unset | None) -> T:
    """The value of a field the answer must have, failing the test if it is unset or null."""
    assert value is not None
    assert not isinstance(value, Unset)
    return value
