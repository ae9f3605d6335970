#!/usr/bin/env python3
"""Confidence bins against precision on the speaker-linking dev set.

    lede analyze --jsonl < ../shared/data/links/reuters.dev.jsonl > /tmp/links.jsonl
    python3 scripts/link-calibration.py --gold ../shared/data/links/reuters.dev.jsonl --pred /tmp/links.jsonl

A predicted statement is right when its cue matches a gold cue (the pairing of
../shared/eval/score_links.py) and its `speakerId` names the gold speaker, or is
empty where the gold speaker is an unnamed source. A statement whose cue matches
no gold cue, that is linked to someone else, or left unlinked where the article
names the speaker, is not right. Prints a Markdown table: per confidence bin,
the statements in it and the share of them that are right, then the same for
every statement at or above each threshold.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))
from lede_output import load_jsonl, load_predictions  # noqa: E402
from score_links import cue_span, link_is_right, norm, overlap  # noqa: E402

BINS = [0.0, 0.3, 0.5, 0.7, 0.9, 1.0001]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", required=True)
    ap.add_argument("--pred", required=True)
    args = ap.parse_args()
    scored = []  # (confidence, right)
    preds = load_predictions(args.pred)
    for doc in load_jsonl(args.gold):
        tb = doc["text"].encode("utf-8")
        resp = preds.get(doc["id"]) or {}
        gold = doc["statements"]
        gold_names = {norm(g["speaker"]) for g in gold if g["speaker"]}
        participants = {p["id"]: p for p in resp.get("participants", [])}
        pred = resp.get("statements", [])
        pspans = [cue_span(p, len(tb), doc["id"]) for p in pred]
        gspans = [(g["cue"]["begin"], g["cue"]["end"]) for g in gold]
        pairs = sorted(((overlap(gs, ps), gi, pi) for gi, gs in enumerate(gspans)
                        for pi, ps in enumerate(pspans) if ps and overlap(gs, ps) > 0),
                       key=lambda x: (-x[0], x[1], x[2]))
        p2g, used = {}, set()
        for _, gi, pi in pairs:
            if gi not in used and pi not in p2g:
                p2g[pi] = gi
                used.add(gi)
        for pi, p in enumerate(pred):
            conf = float(p.get("confidence", 0.0))
            if pi not in p2g:
                scored.append((conf, False))
                continue
            g = gold[p2g[pi]]
            pid = p.get("speakerId")
            linked = participants.get(pid) if pid else None
            if g["speaker"] is None:
                right = linked is None
            else:
                right = linked is not None and link_is_right(linked, g, gold_names)
            scored.append((conf, right))
    print("| confidence | statements | right | precision |")
    print("|---|---:|---:|---:|")
    for lo, hi in zip(BINS, BINS[1:]):
        xs = [r for c, r in scored if lo <= c < hi]
        label = f"[{lo:.1f}, {min(hi, 1.0):.1f}{']' if hi > 1 else ')'}"
        prec = f"{sum(xs) / len(xs):.3f}" if xs else "-"
        print(f"| {label} | {len(xs)} | {sum(xs)} | {prec} |")
    for t in (0.5, 0.7, 0.9):
        xs = [r for c, r in scored if c >= t]
        prec = f"{sum(xs) / len(xs):.3f}" if xs else "-"
        print(f"| >= {t:.1f} | {len(xs)} | {sum(xs)} | {prec} |")
    xs = [r for _, r in scored]
    print(f"| all | {len(xs)} | {sum(xs)} | {sum(xs) / len(xs):.3f} |")


if __name__ == "__main__":
    main()
