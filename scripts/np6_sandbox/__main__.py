"""Run the NP6 sandbox in the foreground: python scripts/np6_sandbox [PORT]."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a directory (python scripts/np6_sandbox): make the package importable by name.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "np6_sandbox"

from np6_sandbox import Sandbox

DEFAULT_PORT = 8600
USAGE = "usage: python scripts/np6_sandbox [PORT]   (PORT: 1-65535, default 8600)"
DEMO_CONTACTS = ("ada@example.com", "grace@example.com", "+33612345678")


def parse_port(arguments: list[str]) -> int:
    """The port given on the command line, or the default; exits with the usage line."""
    if not arguments:
        return DEFAULT_PORT
    if len(arguments) > 1 or not arguments[0].isdigit() or not 0 < int(arguments[0]) < 65536:
        sys.exit(USAGE)
    return int(arguments[0])


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    sandbox = Sandbox(port=parse_port(sys.argv[1:]))
    for unicity in DEMO_CONTACTS:
        target = sandbox.add_target(unicity)
        print(f"contact {target.id}: {unicity}")
    url = f"http://127.0.0.1:{sandbox.port}"
    print(f"NP6 sandbox on {url}; point the client at it with")
    print(f'    AuthenticatedClient(base_url="{url}", token="any")')
    print(f'    or np6.connect("any", base_url="{url}")')
    print(f"control routes: GET http://127.0.0.1:{sandbox.port}/_sandbox/ ; Ctrl-C stops")
    sandbox.serve_forever()


if __name__ == "__main__":
    main()
