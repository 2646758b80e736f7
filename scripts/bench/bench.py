#!/usr/bin/env python3
"""Helpers for scripts/bench.sh (Python 3.11, standard library only).

  bench.py seed   --base http://127.0.0.1:PORT --out state.json
      Signs in as the demo officers and, through the ordinary HTTP forms, opens a
      challenge (Camden leads) with 8 member authorities, 200 needs, 40 criteria and
      authorities' views on the needs. Writes the challenge id and session cookies.

  bench.py events --base http://127.0.0.1:PORT --state state.json --saves 100
      Holds GET /challenges/{id}/events open as Brent and edits needs as Camden, timing
      each save from sending its POST to Brent's stream delivering the `change` event
      for it. Prints p50/p95 and writes them as JSON with --out.

Only talks to the address given in --base, which must be a loopback address.
"""

import argparse
import http.client
import json
import queue
import re
import socket
import statistics
import sys
import threading
import time
import urllib.parse

PASSWORD = "Coprocure-demo-2026"
CAMDEN = "camden.officer@camden.gov.uk"
BRENT = "brent.officer@brent.gov.uk"
HACKNEY = "hackney.officer@hackney.gov.uk"
ISLINGTON = "islington.officer@islington.gov.uk"
# Member authorities besides Camden (the lead): the three with demo officers, then others.
MEMBER_NAMES = ["Brent", "Hackney", "Islington"]
COOKIE = "coprocure_session"


def fail(message):
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(1)


class Client:
    """One keep-alive HTTP/1.1 connection, signed in as one person."""

    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        if url.hostname not in ("127.0.0.1", "localhost", "::1"):
            fail(f"refusing to load a non-loopback address: {base}")
        self.host, self.port = url.hostname, url.port or 80
        self.origin = f"http://{url.netloc}"
        self.cookie = None
        self.conn = None

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        return self.conn

    def request(self, method, path, fields=None):
        headers = {}
        body = None
        if self.cookie:
            headers["Cookie"] = f"{COOKIE}={self.cookie}"
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read().decode("utf-8", "replace")
                return response.status, response.headers, data
            except (http.client.HTTPException, ConnectionError, socket.timeout):
                conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def post(self, path, fields, expect=303):
        status, headers, body = self.request("POST", path, fields)
        if status != expect:
            errors = re.findall(r'govuk-error-message">(.*?)</', body)
            fail(f"POST {path} answered {status}, expected {expect}: {errors[:3]}")
        return headers

    def get(self, path):
        status, _, body = self.request("GET", path)
        if status != 200:
            fail(f"GET {path} answered {status}")
        return body

    def sign_in(self, email):
        headers = self.post("/sign-in", {"email": email, "password": PASSWORD})
        for value in headers.get_all("Set-Cookie") or []:
            match = re.match(rf"{COOKIE}=([^;]+)", value)
            if match:
                self.cookie = match.group(1)
                return self
        fail(f"signing in as {email} set no session cookie")


PRIORITIES = ["must", "should", "could", "wont"]
AS_A = ["tenant", "housing officer", "repairs planner", "leaseholder", "caretaker"]


def need_fields(i, revision=0):
    return {
        "as_a": AS_A[i % len(AS_A)],
        "i_need": f"to report and track repair number {i} online (revision {revision})",
        "so_that": "I know when it will be fixed without phoning the contact centre",
        "priority": PRIORITIES[i % len(PRIORITIES)],
        "evidence": f"Resident survey 2025, question {i % 17}: 64% asked for this.",
        "tags": f"repairs, online, batch-{i % 10}",
    }


def seed(args):
    camden = Client(args.base).sign_in(CAMDEN)
    location = camden.post(
        "/challenges/new",
        {
            "title": "Benchmark: housing repairs",
            "problem_statement": "A challenge seeded by scripts/bench.sh.",
            "service_area": "housing",
            "visibility": "private",
        },
    )["Location"]
    challenge = location.rstrip("/").rsplit("/", 1)[-1]
    base = f"/challenges/{challenge}"

    page = camden.get(f"{base}/members")
    select = re.search(r'<select id="organisation_id".*?</select>', page, re.S)
    if not select:
        fail("no #organisation_id select on the members page")
    options = dict(
        (name, value)
        for value, name in re.findall(r'<option value="([^"]+)">([^<]+)</option>', select.group(0))
    )
    wanted = MEMBER_NAMES + sorted(n for n in options if n not in MEMBER_NAMES)
    members = wanted[: args.authorities - 1]
    for name in members:
        if name not in options:
            fail(f"{name} is not offered on the members page")
        role = "participant" if name in MEMBER_NAMES else "observer"
        camden.post(f"{base}/members", {"organisation_id": options[name], "role": role})
    # Draft challenges can be worked on too; collaborating is the realistic state.
    camden.request("POST", f"{base}/status", {"status": "collaborating"})

    need_ids = []
    for i in range(args.needs):
        location = camden.post(f"{base}/needs", need_fields(i))["Location"]
        need_ids.append(location.split("#need-", 1)[1])

    for i in range(args.criteria):
        scored = i % 2 == 0
        covered = need_ids[(i * 5) % len(need_ids):][:5] if need_ids else []
        camden.post(
            f"{base}/criteria",
            {
                "name": f"Criterion {i + 1}: repairs tracking",
                "description": "How well the service lets residents report and follow repairs.",
                "kind": "scored" if scored else "pass_fail",
                "category": ["quality", "price", "social_value"][i % 3],
                "weight": "2.5" if scored else "",
                "guidance": "Score 0 to 4 against the evidence in the tender.",
                "needs": covered,
            },
        )

    # The other authorities give their view on some needs, as they would.
    for n, email in enumerate((BRENT, HACKNEY, ISLINGTON)):
        officer = Client(args.base).sign_in(email)
        for i, need in enumerate(need_ids):
            if (i + n) % 3 == 0:
                officer.post(
                    f"{base}/needs/{need}/view",
                    {"endorsed": "yes", "view_priority": PRIORITIES[(i + n) % 3]},
                )

    brent = Client(args.base).sign_in(BRENT)
    state = {
        "challenge": challenge,
        "needs_path": f"{base}/needs",
        "events_path": f"{base}/events",
        "authorities": 1 + len(members),
        "needs": need_ids,
        "criteria": args.criteria,
        "cookies": {"camden": camden.cookie, "brent": brent.cookie},
    }
    with open(args.out, "w") as f:
        json.dump(state, f)
    print(
        f"seeded challenge {challenge}: {state['authorities']} authorities, "
        f"{len(need_ids)} needs, {args.criteria} criteria"
    )


class EventStream(threading.Thread):
    """Reads an SSE stream (chunked HTTP/1.1) and queues (time, event, data)."""

    def __init__(self, client, path):
        super().__init__(daemon=True)
        self.events = queue.Queue()
        self.sock = socket.create_connection((client.host, client.port), timeout=60)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {client.origin.split('://')[1]}\r\n"
            f"Accept: text/event-stream\r\nCookie: {COOKIE}={client.cookie}\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.file = self.sock.makefile("rb")
        status = self.file.readline().decode()
        if " 200 " not in status:
            fail(f"GET {path} answered {status.strip()}")
        self.chunked = False
        while True:
            line = self.file.readline().decode().strip()
            if not line:
                break
            if line.lower() == "transfer-encoding: chunked":
                self.chunked = True

    def lines(self):
        buffer = b""
        while True:
            if self.chunked:
                size = int(self.file.readline().strip().split(b";")[0], 16)
                if size == 0:
                    return
                data = self.file.read(size)
                self.file.readline()
            else:
                data = self.file.read1(65536)
                if not data:
                    return
            now = time.perf_counter()
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                yield now, line.rstrip(b"\r").decode("utf-8", "replace")

    def run(self):
        name, data = "message", []
        try:
            for now, line in self.lines():
                if line == "":
                    if data:
                        self.events.put((now, name, "\n".join(data)))
                    name, data = "message", []
                elif line.startswith(":"):
                    continue
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip())
        except (OSError, ValueError):
            pass  # closed, by close() or by the server
        self.events.put((time.perf_counter(), "closed", ""))

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def percentile(values, p):
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def events(args):
    with open(args.state) as f:
        state = json.load(f)
    brent = Client(args.base)
    brent.cookie = state["cookies"]["brent"]
    camden = Client(args.base)
    camden.cookie = state["cookies"]["camden"]
    stream = EventStream(brent, state["events_path"])
    stream.start()
    deadline = time.monotonic() + 10
    while True:  # wait for `ready`
        try:
            _, name, _ = stream.events.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            fail("the event stream sent no `ready` event")
        if name == "ready":
            break
        if name == "closed":
            fail("the event stream closed before `ready`")

    delivery, round_trip, missed = [], [], 0
    needs = state["needs"]
    for i in range(args.saves):
        need = needs[i % len(needs)]
        path = f"{state['needs_path']}/{need}/edit"
        page = camden.get(path)
        version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
            r'value="(\d+)"[^>]*name="version"', page
        )
        if not version:
            fail(f"no hidden version on {path}")
        fields = need_fields(needs.index(need), revision=i + 1)
        fields["version"] = version.group(1)
        while not stream.events.empty():  # drop presence and earlier events
            stream.events.get_nowait()
        sent = time.perf_counter()
        status, _, _ = camden.request("POST", path, fields)
        answered = time.perf_counter()
        if status != 303:
            fail(f"saving {path} answered {status}")
        round_trip.append(answered - sent)
        wait_until = sent + args.timeout
        while True:
            try:
                at, name, data = stream.events.get(timeout=max(0.01, wait_until - time.perf_counter()))
            except queue.Empty:
                missed += 1
                break
            if name == "closed":
                fail("the event stream closed during the run")
            if name == "change":
                event = json.loads(data)
                if event.get("item_id") == need and event.get("kind") == "need_edited":
                    delivery.append(at - sent)
                    break
        time.sleep(args.pause)
    stream.close()

    ms = lambda s: round(s * 1000, 1)  # noqa: E731
    result = {
        "saves": args.saves,
        "received": len(delivery),
        "missed": missed,
        "delivery_p50_ms": ms(percentile(delivery, 50)) if delivery else None,
        "delivery_p95_ms": ms(percentile(delivery, 95)) if delivery else None,
        "delivery_max_ms": ms(max(delivery)) if delivery else None,
        "save_p50_ms": ms(statistics.median(round_trip)),
    }
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f)
    print(
        f"events: {result['received']}/{args.saves} delivered, "
        f"p50 {result['delivery_p50_ms']} ms, p95 {result['delivery_p95_ms']} ms, "
        f"max {result['delivery_max_ms']} ms (save round trip p50 {result['save_p50_ms']} ms)"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed")
    s.add_argument("--base", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--needs", type=int, default=200)
    s.add_argument("--criteria", type=int, default=40)
    s.add_argument("--authorities", type=int, default=8)
    e = sub.add_parser("events")
    e.add_argument("--base", required=True)
    e.add_argument("--state", required=True)
    e.add_argument("--saves", type=int, default=100)
    e.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for each event")
    e.add_argument("--pause", type=float, default=0.05, help="seconds between saves")
    e.add_argument("--out")
    args = parser.parse_args()
    {"seed": seed, "events": events}[args.command](args)


if __name__ == "__main__":
    main()
