"""A local NP6 for tests and offline development: stateful, spec-checked, faults on demand.

Start it from the command line (foreground, 127.0.0.1, port 8600 unless given):

    nox -s sandbox [-- PORT]            or    python scripts/np6_sandbox [PORT]

then point the client at it: `AuthenticatedClient(base_url="http://127.0.0.1:8600",
token="any")`. Any non-empty key is accepted unless the sandbox was given one.

From Python (tests put scripts/ on sys.path; tests/conftest.py has a `sandbox` fixture):

    with Sandbox() as sandbox:                       # 127.0.0.1, a free port
        client = AuthenticatedClient(base_url=sandbox.base_url, token="any")
        sandbox.add_target("ada@example.com")        # a contact sends and renders can reach

What it does:
- Every request is checked against spec/np6-cm.yaml; one that does not conform gets 400 with a
  JSON body naming the operation and each offending field. A missing or wrong X-Key gets 401,
  a body in a media type the operation does not take gets 415 (application/json on the four
  vendor-media-type operations), a chunked body without Content-Length gets 411.
- Actions are kept in memory: create (state 20 with content, 10 without), get, update, delete,
  duplicate; validate with fortest=true and testSegments moves 20 -> 38, fortest=false moves
  38 -> 50; unvalidate moves 38/50 -> 20; sends answer 409 (empty body) unless the action is
  in state 50. Renders personalise {{ name }} placeholders with the definition's data. Sends
  answer one result per message; an unknown recipient gives an error item inside the 200.
- 4xx answers have an empty body (except the sandbox's own 400) and an x-request-id header,
  as NP6's do.

Faults, for resilience tests (see faults.Fault for each kind):

    sandbox.faults.add(r"/executions$", "rate_limit", times=2, retry_after=1)
    sandbox.faults.add(r"/actions/\\w+$", "server_error", status=502)
    sandbox.faults.add(r"/execution$", "drop", after_processing=True)  # accepted, then dropped
    sandbox.faults.add(r"/render$", "slow", delay=2.0)
    sandbox.faults.add(r"/renders$", "truncate")  # or "not_json"

`times=None` fires on every matching request; `method="POST"` narrows the match. Over HTTP,
for command-line users, the same is POST /_sandbox/faults with those fields as JSON; see
GET /_sandbox/ for every control route (faults, counts, targets, reset). /_sandbox/ is the
sandbox's own prefix, not NP6's, and is never checked against the spec.

Counting, for exactly-once assertions: `sandbox.counts.received[operation_id]` (every request,
faulted ones too) and `sandbox.counts.accepted[message_key]` (messages accepted for sending; the
key is the stamp id when the definition has one, else "<action id>/<target id>").
`sandbox.reset()` forgets actions, targets, counts and faults.
"""

from .faults import FAULT_KINDS, Fault, FaultKind, FaultPlan
from .server import CONTROL_PREFIX, Sandbox
from .spec import Message, Operation, SpecCheck, Violation, load_spec_check
from .state import Counts, Target

__all__ = [
    "CONTROL_PREFIX",
    "FAULT_KINDS",
    "Counts",
    "Fault",
    "FaultKind",
    "FaultPlan",
    "Message",
    "Operation",
    "Sandbox",
    "SpecCheck",
    "Target",
    "Violation",
    "load_spec_check",
]
