#!/usr/bin/env python3
"""Scores `faqsite check --format json` against a gen_corpus.py manifest.

Usage: score.py MANIFEST DIAGNOSTICS.json KINDS[:EXPECT]=CODE[,CODE] ...
e.g.   score.py X/manifest.json out.json page,asset,anchor:broken=broken-link,broken-anchor \\
           asset,cgu_text:outdated=outdated-cgu external:broken=external-broken

For each group: every defect of those kinds (and that expectation, if given; any non-ok
expectation otherwise) must be reported at its file and line with one of the codes (recall),
and every diagnostic with one of the codes must be such a defect (precision).
Exits 1 unless both are 100 % for every group.
"""
import json
import sys

manifest = json.load(open(sys.argv[1]))
diags = json.load(open(sys.argv[2]))
ok = True
for group in sys.argv[3:]:
    selector, codes = group.split("=")
    kinds, _, expect = selector.partition(":")
    kinds, codes = set(kinds.split(",")), set(codes.split(","))
    want = {(d["file"], d["line"]) for d in manifest["defects"]
            if d["kind"] in kinds and (d["expect"] == expect if expect else d["expect"] != "ok")}
    got = {(d["file"], d["line"]) for d in diags if d["code"] in codes}
    missed, extra = want - got, got - want
    recall = 100 * (len(want) - len(missed)) / max(len(want), 1)
    precision = 100 * (len(got) - len(extra)) / max(len(got), 1)
    print(f"{group}: {len(want)} defects, {len(got)} reported, recall {recall:.1f} %, precision {precision:.1f} %")
    for m in sorted(missed)[:5]:
        print("  missed", m)
    for e in sorted(extra)[:5]:
        print("  extra ", e)
    ok = ok and not missed and not extra
sys.exit(0 if ok else 1)
