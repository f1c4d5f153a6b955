"""Typed errors for NP6 calls: bad input, error statuses, unusable responses, unknown outcomes."""

from __future__ import annotations


class Np6Error(Exception):
    """Base of every error np6 raises."""


class InvalidRequestError(Np6Error, ValueError):
    """A call was refused before anything was sent, because its arguments cannot be right.

    Args:
        message: What is wrong, in terms of the call's arguments; never the API key.
        parameter: Name of the argument at fault, when there is one.
    """

    def __init__(self, message: str, *, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter
