#!/usr/bin/env bash
# Benchmark: `iot-https diagnose` against a 16.0-style box whose homepage is 2 MiB (thousands of
# device rows, deep nesting, a huge attribute). The 16.0 reader scans each page once, in work
# linear in its size (docs/protocol/legacy-html.md); before, a 1 MiB page cost ~5.6 s of CPU.
# Prints the median wall time and the CPU time of the CLI per run. Loopback only.
#   bench/legacy-html-2mib.sh            # release build, RUNS=5
#   PROFILE=debug bench/legacy-html-2mib.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH" CARGO_PROFILE_DEV_DEBUG=0
profile=${PROFILE:-release}
if [ "$profile" = release ]; then
  cargo build --release --locked -q -p iot-https-cli
else
  cargo build --locked -q -p iot-https-cli
fi
bin="$(scripts/target-dir)/$profile/iot-https"
RUNS=${RUNS:-5} exec python3 - "$bin" <<'PY'
import http.server, os, resource, socket, statistics, subprocess, sys, threading, time

bin_path = sys.argv[1]
runs = int(os.environ["RUNS"])

def homepage(size=2 << 20):
    head = ("<html><body><h2 class=\"text-center text-green\">Your IoT Box is up and running</h2>"
            "<table align=\"center\" cellpadding=\"3\">"
            "<tr><td class=\"heading\">Name</td><td> iotbox <a class=\"btn btn-sm float-right\" href='/server'>configure</a></td></tr>"
            "<tr><td class=\"heading\">Server</td><td><a href='https://shop.example' target=_blank>https://shop.example"
            "<a class=\"btn btn-sm float-end\" href='/server'>configure</a></td></tr>"
            "<tr class=\"warn-tr\"><td class=\"heading\">HTTPS certificate</td><td>Error code: "
            "<code style=\"white-space: pre-wrap;\">ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION\n\nboom</code></td></tr>")
    parts = [head, "<tr><td>Nested</td><td>" + "<div><span>" * 20000 + "x</td></tr>",
             "<tr><td>Attr</td><td><a href=\"" + "a" * 200000 + "\">y</a></td></tr>"]
    i = 0
    body = sum(len(p) for p in parts)
    while body < size:
        row = f"<tr><td class=\"heading\">IOT Device {i}</td><td><div class=\"device-status\"><span class=\"device\">printer {i}</span></div></td></tr>\n"
        parts.append(row); body += len(row); i += 1
    parts.append("</table></body></html>")
    return "".join(parts).encode()

PAGE = homepage()
CREDS = b'<form><input type="text" name="db_uuid" value="u"><input type="text" name="enterprise_code" value=""></form>'

class Box(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body, status = {"/": (PAGE, 200), "/hw_proxy/get_version": (b"22.11", 200),
                        "/list_credential": (CREDS, 200), "/hw_proxy/hello": (b"ping", 200)}.get(self.path, (b"", 404))
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Box)
threading.Thread(target=server.serve_forever, daemon=True).start()
closed = socket.socket(); closed.bind(("127.0.0.1", 0)); closed_port = closed.getsockname()[1]; closed.close()
addr = f"127.0.0.1:{server.server_address[1]}"
env = dict(os.environ, IOT_HTTPS_MODE="test")
walls, cpus = [], []
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    out = subprocess.run([bin_path, "diagnose", addr, "--https-port", str(closed_port), "--json"],
                         env=env, capture_output=True)
    walls.append(time.perf_counter() - t)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    if b"ERR_IOT_HTTPS_LOAD_REQUEST_EXCEPTION" not in out.stdout:
        print("diagnose did not read the page:", out.stdout[:400], out.stderr[:400], file=sys.stderr)
        sys.exit(2)
server.shutdown()
print(f"legacy-html 2 MiB page ({len(PAGE)} bytes): diagnose median {statistics.median(walls):.3f} s wall, "
      f"{statistics.median(cpus):.3f} s CPU over {runs} runs")
PY
