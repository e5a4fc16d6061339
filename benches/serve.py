#!/usr/bin/env python3
"""Latency of `faqsite serve` on a generated corpus: over N one-line edits, the time from the
save to the reload event, and to the new HTML served; p50 and p95, and the server's peak
memory. Usage: benches/serve.py [PAGES] [EDITS]   (the corpus is made by gen_corpus.py)."""
import http.client, os, random, socket, statistics, subprocess, sys, threading, time

pages = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 50
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = os.environ.get("BENCH_DIR", f"/tmp/faqsite-bench-{pages}")
subprocess.run(["cargo", "build", "--release", "--quiet", "--manifest-path", f"{repo}/Cargo.toml"], check=True)
if not os.path.isdir(f"{work}/content"):
    subprocess.run([sys.executable, f"{repo}/../shared/bench/gen_corpus.py", "--out", work, "--pages", str(pages)],
                   check=True, stdout=subprocess.DEVNULL)
server = subprocess.Popen([f"{repo}/target/release/faqsite", "serve", "--port", "0"], cwd=work,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
line = server.stdout.readline().strip()
addr = line.removeprefix("faqsite serve: http://").rstrip("/")
host, port = addr.rsplit(":", 1)

events = []  # (time, data line) of each reload event
def listen():
    s = socket.create_connection((host, int(port)))
    s.sendall(f"GET /__faqsite/events HTTP/1.1\r\nHost: {addr}\r\n\r\n".encode())
    buf = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            return
        buf += chunk
        while b"\n" in buf:
            raw, buf = buf.split(b"\n", 1)
            text = raw.decode(errors="replace")
            if text.startswith("data:") and "paths" in text:
                events.append((time.perf_counter(), text))
threading.Thread(target=listen, daemon=True).start()
time.sleep(1)

def peak_rss_mb():
    with open(f"/proc/{server.pid}/status") as f:
        for l in f:
            if l.startswith("VmHWM:"):
                return int(l.split()[1]) / 1024

md = []
for d, _, files in os.walk(f"{work}/content"):
    md += [os.path.join(d, f) for f in files if f.endswith(".md") and f != "index.md"]
random.seed(7)
to_event, to_html = [], []
for i in range(edits):
    path = random.choice(md)
    rel = os.path.relpath(path, f"{work}/content")
    url = "/" + rel[:-3] + ".html"
    marker = f"Modification de mesure {i} {random.random()}"
    with open(path, "a") as f:
        f.write(f"\n{marker}\n")
    start = time.perf_counter()
    seen = len(events)
    while not any(url[1:] in e[1] for e in events[seen:]):
        if time.perf_counter() - start > 10:
            raise SystemExit(f"no reload event for {url}")
        time.sleep(0.001)
    to_event.append(next(t for t, e in events[seen:] if url[1:] in e) - start)
    while True:
        c = http.client.HTTPConnection(host, int(port))
        c.request("GET", url, headers={"Host": addr})
        body = c.getresponse().read().decode()
        if marker in body:
            break
    to_html.append(time.perf_counter() - start)
    time.sleep(0.05)

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000
print(f"faqsite serve, {pages} pages, {edits} one-line edits:")
print(f"  save → reload event: p50 {pct(to_event, 50):.0f} ms, p95 {pct(to_event, 95):.0f} ms")
print(f"  save → new HTML:     p50 {pct(to_html, 50):.0f} ms, p95 {pct(to_html, 95):.0f} ms")
print(f"  server peak memory:  {peak_rss_mb():.0f} MB")
server.kill()
