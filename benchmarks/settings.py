"""How big and how long each benchmark runs: the full run of `nox -s bench`, or a quick smoke."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Sizes and repetitions; each benchmark reads only its own fields."""

    rounds: int = 25  # interleaved rounds of the in-process comparisons
    list_size: int = 1000  # actions in the list_actions answer
    batch_size: int = 1000  # messages per send_messages call
    bulk_messages: int = 20_000  # messages of one bulk send
    bulk_batch_size: int = 500  # messages per request of the bulk send
    bulk_concurrency: int = 4  # requests in flight at once in the bulk send
    bulk_rounds: int = 7
    import_runs: int = 15  # fresh interpreters per imported module
    regeneration_runs: int = 7
    block_seconds: float = 0.05  # length of one timed block of in-process calls
    warning: str = ""  # printed above the table when its figures are not to be read


FULL = Settings()

# For the smoke test: every code path runs once on tiny sizes; the figures mean nothing.
QUICK = Settings(
    rounds=1,
    list_size=5,
    batch_size=5,
    bulk_messages=20,
    bulk_batch_size=5,
    bulk_concurrency=2,
    bulk_rounds=1,
    import_runs=1,
    regeneration_runs=1,
    block_seconds=0.0,
    warning="quick run: tiny sizes and one round; these figures mean nothing",
)
