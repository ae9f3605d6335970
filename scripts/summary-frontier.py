#!/usr/bin/env python3
"""How far a learned sentence scorer can move the BBC / XSum trade-off.

For each weight a in the arguments, a gradient-boosted regressor learns a
sentence's ROUGE-1 a*precision + (1-a)*recall against its article's reference
from the ranker's features (position, length, centrality, centroid and
first-sentence similarity, IDF mass, quotes, capitals, digits), is scored
by 5-fold cross-validation over articles, takes each article's top three
sentences, and prints mean ROUGE-1 F1 on the BBC and XSum dev halves. The
features come from the dump harness in crates/lede-core/src/summarize/tests.rs:

    LEDE_DUMP=/tmp/sumdump.jsonl cargo test --release -p lede-core --lib dump_features -- --ignored
    python3 -m venv /tmp/frontier && /tmp/frontier/bin/pip install numpy scikit-learn
    /tmp/frontier/bin/python scripts/summary-frontier.py /tmp/sumdump.jsonl 0 0.3 0.5 0.7 1
"""
import collections
import json
import math
import statistics
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingRegressor


def prf(ref, hyp):
    r, h = collections.Counter(ref), collections.Counter(hyp)
    overlap = sum(min(c, r[t]) for t, c in h.items())
    if not overlap:
        return 0.0, 0.0, 0.0
    p, rc = overlap / sum(h.values()), overlap / sum(r.values())
    return p, rc, 2 * p * rc / (p + rc)


def features(doc):
    units = doc["units"]
    n = len(units)
    df = collections.Counter()
    for u in units:
        df.update(set(u["toks"]))
    cents = sorted((u["cent"] for u in units), reverse=True)
    for i, u in enumerate(units):
        toks = u["toks"]
        topic = sum(df[t] - 1 for t in set(toks) if df[t] <= max(2, n / 2)) / max(1, len(toks))
        yield [i, min(i, 10), i / max(1, n), u["words"], math.log1p(u["words"]), u["content"],
               u["idf_sum"], u["idf_sum"] / max(1, u["content"]), u["cent"], cents.index(u["cent"]),
               u["score"], u["sim_first"], int(u["quoted"]), int(u["dependent"]), u["caps"],
               u["digits"], n, topic, u["chars"]]


def main():
    docs = [json.loads(l) for l in open(sys.argv[1])]
    x, pr, group = [], [], []
    for k, d in enumerate(docs):
        for row, u in zip(features(d), d["units"]):
            x.append(row)
            pr.append(prf(d["ref"], u["toks"])[:2])
            group.append(k)
    x, pr, group = np.array(x, float), np.array(pr), np.array(group)
    for a in map(float, sys.argv[2:]):
        y = a * pr[:, 0] + (1 - a) * pr[:, 1]
        pred = np.zeros(len(y))
        for fold in range(5):
            test = group % 5 == fold
            model = HistGradientBoostingRegressor(max_iter=200, learning_rate=0.05, max_leaf_nodes=15)
            model.fit(x[~test], y[~test])
            pred[test] = model.predict(x[test])
        scores, at = collections.defaultdict(list), 0
        for d in docs:
            n = len(d["units"])
            top = sorted(np.argsort(-pred[at:at + n])[:3])
            at += n
            scores[d["set"]].append(prf(d["ref"], sum((d["units"][i]["toks"] for i in top), []))[2])
        print(f"a={a}: " + "  ".join(f"{s} R1 {100 * statistics.mean(v):.2f}" for s, v in sorted(scores.items())))


if __name__ == "__main__":
    main()
