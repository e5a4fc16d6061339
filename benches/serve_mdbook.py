#!/usr/bin/env python3
"""The peer of benches/serve.py: `mdbook serve` on a book made from the first PAGES pages of
the corpus (a SUMMARY.md listing them), N one-line edits, the time from the save to the new
HTML served (mdbook rebuilds the whole book), p50 and p95, and the server's peak memory.
Usage: benches/serve_mdbook.py [PAGES] [EDITS]   (needs `cargo install mdbook --locked`)."""
import http.client, os, random, shutil, socket, subprocess, sys, time

pages = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
edits = int(sys.argv[2]) if len(sys.argv) > 2 else 50
corpus = os.environ.get("BENCH_DIR", "/tmp/faqsite-bench-10000")
book = f"/tmp/mdbook-bench-{pages}"
shutil.rmtree(book, ignore_errors=True)
os.makedirs(f"{book}/src")
md = []
for d, _, files in os.walk(f"{corpus}/content"):
    md += sorted(os.path.join(d, f) for f in files if f.endswith(".md") and f != "index.md")
md = sorted(md)[:pages]
summary = ["# Summary\n"]
for path in md:
    rel = os.path.relpath(path, f"{corpus}/content")
    os.makedirs(os.path.dirname(f"{book}/src/{rel}"), exist_ok=True)
    shutil.copy(path, f"{book}/src/{rel}")
    summary.append(f"- [{rel}]({rel})")
open(f"{book}/src/SUMMARY.md", "w").write("\n".join(summary) + "\n")
open(f"{book}/book.toml", "w").write('[book]\ntitle = "bench"\n[output.html]\n')
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
server = subprocess.Popen(["mdbook", "serve", "--watcher", os.environ.get("MDBOOK_WATCHER", "poll"), "--port", str(port), book],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def get(url):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", url)
        return c.getresponse().read().decode(errors="replace")
    except OSError:
        return ""
while "bench" not in get("/index.html"):
    time.sleep(0.2)
random.seed(7)
to_html = []
for i in range(edits):
    path = random.choice(md)
    rel = os.path.relpath(path, f"{corpus}/content")
    url = "/" + rel[:-3] + ".html"
    marker = f"Modification de mesure {i} {random.random()}"
    with open(f"{book}/src/{rel}", "a") as f:
        f.write(f"\n{marker}\n")
    start = time.perf_counter()
    while marker not in get(url):
        if time.perf_counter() - start > 60:
            raise SystemExit(f"no new HTML for {url}")
        time.sleep(0.005)
    to_html.append(time.perf_counter() - start)
    time.sleep(0.3)
with open(f"/proc/{server.pid}/status") as f:
    peak = next(int(l.split()[1]) / 1024 for l in f if l.startswith("VmHWM:"))
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000
print(f"mdbook serve, {pages} pages, {edits} one-line edits:")
print(f"  save → new HTML:     p50 {pct(to_html, 50):.0f} ms, p95 {pct(to_html, 95):.0f} ms")
print(f"  server peak memory:  {peak:.0f} MB")
server.kill()
