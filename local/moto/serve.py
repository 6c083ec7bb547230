"""Runs moto's server on 127.0.0.1 on a free port, for the cross-check test (local/moto/moto-server.ts).

Prints "listening <port>" once it accepts requests, and stops when its stdin closes, so it never outlives
the test process that started it, however that process ends.
"""
import sys

from moto.server import ThreadedMotoServer


def main() -> None:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(f"listening {port}", flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
