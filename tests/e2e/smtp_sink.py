#!/usr/bin/python3
"""SMTP sink for tocsin's e2e tests.

Accepts every message on --host:--port (plain SMTP, no auth) and writes each
one to --dir/<seq>.eml, prefixed with X-Sink-Mail-From / X-Sink-Rcpt-To
headers holding the envelope. A file is written under a temporary name and
renamed, so readers only ever see complete messages. Runs until SIGTERM.

Needs Debian's python3-aiosmtpd; start it with /usr/bin/python3.
"""

import argparse
import os
import signal
import threading

from aiosmtpd.controller import Controller


class DirHandler:
    def __init__(self, directory):
        self.directory = directory
        self.lock = threading.Lock()
        self.seq = 0

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.seq += 1
            seq = self.seq
        name = os.path.join(self.directory, "%06d.eml" % seq)
        head = "X-Sink-Mail-From: %s\r\nX-Sink-Rcpt-To: %s\r\n" % (
            envelope.mail_from, ", ".join(envelope.rcpt_tos))
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        with open(name + ".tmp", "wb") as f:
            f.write(head.encode("utf-8"))
            f.write(data)
        os.rename(name + ".tmp", name)
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    controller = Controller(DirHandler(args.dir), hostname=args.host,
                            port=args.port, decode_data=False)
    controller.start()
    print("smtp sink listening on %s:%d, writing to %s" %
          (args.host, args.port, args.dir), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
