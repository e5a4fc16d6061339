#!/usr/bin/env python3
"""Scores `faqsite check --format json` against a gen_corpus.py manifest.

Usage: score.py MANIFEST DIAGNOSTICS.json KIND=CODE[,CODE] ...
e.g.   score.py X/manifest.json out.json page,asset,anchor=broken-link,broken-anchor

For each KIND=CODES group: the defects of those kinds (expect != ok) must each be reported
at their file and line with one of CODES (recall), and every diagnostic with one of CODES
must be such a defect (precision). Exits 1 unless both are 100 %.
"""
import json
import sys

manifest = json.load(open(sys.argv[1]))
diags = json.load(open(sys.argv[2]))
ok = True
for group in sys.argv[3:]:
    kinds, codes = group.split("=")
    kinds, codes = set(kinds.split(",")), set(codes.split(","))
    expect_filter = None
    if ":" in next(iter(kinds)):
        pass
    want = {(d["file"], d["line"]) for d in manifest["defects"]
            if d["kind"] in kinds and d["expect"] in ("broken", "outdated", "redirect")
            and (d["expect"] != "outdated" or "outdated-cgu" in codes)
            and (d["expect"] == "outdated" or "outdated-cgu" not in codes)}
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
