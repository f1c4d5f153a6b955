"""Hand-written additions to np6_client: vendor-media-type messages, client set-up, errors."""

from importlib import import_module

# Spelled here rather than imported from typing, which alone costs most of `import np6`; type
# checkers give the name TYPE_CHECKING its meaning wherever it comes from.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from np6._connect import DEFAULT_TIMEOUT, connect
    from np6._input_errors import BodyTypeError
    from np6._media import (
        EMAIL_MEDIA_TYPE,
        SMS_MEDIA_TYPE,
        MessageBatch,
        MessageDefinition,
        RenderBatch,
        RenderDefinition,
        media_type_of,
    )
    from np6._transport import RetryPolicy
    from np6.results import ExecutionResult, RenderResult

# Names loaded on first use, so that `import np6` stays cheap: the message names pull in every
# generated model. Maps each public name to the module that defines it.
_LAZY_NAMES: dict[str, str] = {
    "connect": "np6._connect",
    "DEFAULT_TIMEOUT": "np6._connect",
    "RetryPolicy": "np6._transport",
    "BodyTypeError": "np6._input_errors",
    "EMAIL_MEDIA_TYPE": "np6._media",
    "SMS_MEDIA_TYPE": "np6._media",
    "media_type_of": "np6._media",
    "RenderDefinition": "np6._media",
    "MessageDefinition": "np6._media",
    "RenderBatch": "np6._media",
    "MessageBatch": "np6._media",
    "ExecutionResult": "np6.results",
    "RenderResult": "np6.results",
}

__all__ = [
    "DEFAULT_TIMEOUT",
    "EMAIL_MEDIA_TYPE",
    "SMS_MEDIA_TYPE",
    "BodyTypeError",
    "ExecutionResult",
    "MessageBatch",
    "MessageDefinition",
    "RenderBatch",
    "RenderDefinition",
    "RenderResult",
    "RetryPolicy",
    "connect",
    "media_type_of",
]


def __getattr__(name: str) -> object:
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'np6' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY_NAMES})
