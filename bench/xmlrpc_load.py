"""The peer of wire.bench.RpcLoad for supervisord: supervisor.getProcessInfo over its Unix socket.

Same three figures as the Java load client, printed as the same JSON shape on stdout:
  round_trip   one persistent HTTP/1.1 connection (xmlrpc.client with a Unix-socket transport),
               round trips after a warm-up: p50/p99/p999 in microseconds
  pipelined    one connection, every request written before (and while) the replies are read
  concurrent   CLIENTS connections, one thread each, round trips measured together
The client is Python's own XML-RPC client (as supervisorctl uses), so its cost is in the figure;
`--floor` adds the time the client spends encoding and decoding without the server.
"""
import argparse, http.client, json, math, socket, statistics, sys, threading, time, xmlrpc.client

METHOD = "supervisor.getProcessInfo"


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost")
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.unix_path)
        self.sock = s


class UnixTransport(xmlrpc.client.Transport):
    """Keeps one connection for every call (HTTP/1.1 keep-alive, which supervisord's medusa honours)."""

    def __init__(self, path):
        super().__init__()
        self.unix_path = path

    def make_connection(self, host):
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        self._connection = host, UnixHTTPConnection(self.unix_path)
        return self._connection[1]


def proxy(path):
    return xmlrpc.client.ServerProxy("http://localhost/RPC2", transport=UnixTransport(path))


def percentiles(nanos):
    s = sorted(nanos)
    # Nearest rank; rounded first so 0.99 * 20000 is 19800, not 19800.000000000004.
    rank = lambda q: s[min(len(s) - 1, max(0, math.ceil(round(q * len(s), 6)) - 1))]
    us = lambda v: round(v / 1000.0, 1)
    return {"count": len(s), "p50_us": us(rank(0.50)), "p99_us": us(rank(0.99)), "p999_us": us(rank(0.999)),
            "max_us": us(s[-1]), "mean_us": us(statistics.fmean(s))}


def round_trip(path, name, warmup, count):
    p = proxy(path)
    call = getattr(p.supervisor, "getProcessInfo")
    for _ in range(warmup):
        call(name)
    nanos = [0] * count
    start = time.perf_counter_ns()
    for i in range(count):
        t = time.perf_counter_ns()
        call(name)
        nanos[i] = time.perf_counter_ns() - t
    out = percentiles(nanos)
    out["requests_per_s"] = round(count * 1e9 / (time.perf_counter_ns() - start))
    return out


def raw_request(name):
    body = xmlrpc.client.dumps((name,), METHOD).encode()
    head = (f"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    return head + body


def read_responses(sock, count):
    """Counts whole HTTP responses by their Content-Length; bodies are not parsed."""
    buf, seen = b"", 0
    while seen < count:
        end = buf.find(b"\r\n\r\n")
        if end >= 0:
            head = buf[:end].lower()
            at = head.find(b"content-length:")
            if at < 0:
                raise RuntimeError("a response without Content-Length: " + buf[:end].decode(errors="replace"))
            length = int(head[at + 15:].split(b"\r\n", 1)[0])
            if len(buf) >= end + 4 + length:
                buf = buf[end + 4 + length:]
                seen += 1
                continue
        chunk = sock.recv(1 << 16)
        if not chunk:
            raise RuntimeError(f"connection closed after {seen} of {count} responses")
        buf += chunk


def pipelined(path, name, count):
    req = raw_request(name)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.settimeout(60)

    def once(n):
        errors = []

        def write():
            try:
                batch = req * 64
                for _ in range(n // 64):
                    s.sendall(batch)
            except OSError as e:
                errors.append(e)

        w = threading.Thread(target=write)
        w.start()
        read_responses(s, (n // 64) * 64)
        w.join()
        if errors:
            raise errors[0]

    try:
        once(max(64, count // 4))
        start = time.perf_counter_ns()
        once(count)
        elapsed = time.perf_counter_ns() - start
    finally:
        s.close()
    total = (count // 64) * 64
    return {"count": total, "seconds": round(elapsed / 1e9, 3), "requests_per_s": round(total * 1e9 / elapsed)}


def concurrent(path, name, clients, warmup, each):
    proxies = [proxy(path) for _ in range(clients)]
    nanos = [0] * (clients * each)
    window = [0, 0]
    measured = threading.Barrier(clients, action=lambda: window.__setitem__(0, time.perf_counter_ns()))
    done = threading.Barrier(clients, action=lambda: window.__setitem__(1, time.perf_counter_ns()))
    errors = []

    def client(k):
        try:
            call = proxies[k].supervisor.getProcessInfo
            for _ in range(warmup):
                call(name)
            measured.wait()
            for i in range(each):
                t = time.perf_counter_ns()
                call(name)
                nanos[k * each + i] = time.perf_counter_ns() - t
            done.wait()
        except Exception as e:  # noqa: BLE001 - reported after the join
            errors.append(e)
            measured.abort()
            done.abort()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    out = percentiles(nanos)
    out["clients"] = clients
    out["requests_per_s"] = round(len(nanos) * 1e9 / (window[1] - window[0]))
    return out


def client_floor(name, count=5000):
    """Encoding the request and decoding a recorded reply, no socket: what the client alone costs."""
    reply = xmlrpc.client.dumps(({"name": name, "group": name, "state": 20, "statename": "RUNNING", "pid": 4242,
                                  "description": "pid 4242, uptime 0:01:00", "start": 1, "stop": 0, "now": 61,
                                  "spawnerr": "", "exitstatus": 0, "logfile": "/tmp/x.log",
                                  "stdout_logfile": "/tmp/x.log", "stderr_logfile": ""},), methodresponse=True)
    start = time.perf_counter_ns()
    for _ in range(count):
        xmlrpc.client.dumps((name,), METHOD)
        xmlrpc.client.loads(reply)
    return round((time.perf_counter_ns() - start) / count / 1000.0, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--socket", required=True)
    ap.add_argument("--name", required=True, help="the program asked about")
    ap.add_argument("--round-trips", type=int, default=20000)
    ap.add_argument("--warmup", type=int, default=2000)
    ap.add_argument("--pipelined", type=int, default=20000)
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--client-round-trips", type=int, default=100)
    ap.add_argument("--client-warmup", type=int, default=5)
    ap.add_argument("--only", default="round_trip,pipelined,concurrent")
    args = ap.parse_args()
    only = set(args.only.split(","))
    proxy(args.socket).supervisor.getProcessInfo(args.name)  # fails loudly on a wrong name or socket
    out = {"socket": args.socket, "method": METHOD, "client_floor_us": client_floor(args.name)}
    if "round_trip" in only:
        out["round_trip"] = round_trip(args.socket, args.name, args.warmup, args.round_trips)
    if "pipelined" in only:
        try:
            out["pipelined"] = pipelined(args.socket, args.name, args.pipelined)
        except (OSError, RuntimeError) as e:
            out["pipelined"] = {"error": str(e)}
    if "concurrent" in only:
        out["concurrent"] = concurrent(args.socket, args.name, args.clients, args.client_warmup, args.client_round_trips)
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())
