"""The NP6 sandbox (scripts/np6_sandbox) in a process of its own, for the bulk-send benchmark.

    python -m benchmarks._sandbox_server CONTACTS

Registers CONTACTS contacts (ids from payloads.target_id), prints the base URL on one line,
then serves until its standard input is closed. A process of its own keeps the server off the
measured process's interpreter lock, as a real NP6 would be.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks import payloads

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
USAGE = "usage: python -m benchmarks._sandbox_server CONTACTS"


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not argv[0].isdigit():
        print(USAGE, file=sys.stderr)
        return 2

    sys.path.insert(0, str(SCRIPTS))
    # scripts/ is not a package: the sandbox is importable only once it is on sys.path.
    from np6_sandbox import Sandbox

    sandbox = Sandbox().start()
    for index in range(int(argv[0])):
        sandbox.add_target(payloads.recipient_address(index), payloads.target_id(index))
    print(sandbox.base_url, flush=True)

    sys.stdin.read()  # the parent closes our stdin when it is done
    sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
