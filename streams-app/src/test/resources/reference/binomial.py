"""Reference values for io.driftwatch.stats.BinomialCoverage.

Run with Debian's python3 (scipy):  /usr/bin/python3 binomial.py > binomial.json

scipy.stats.binomtest(k, n, p).pvalue (two-sided: outcomes on the other side of the mode whose
probability is at most pmf(k) * (1 + 1e-7) count as extreme) and
binomtest(k, n, p, alternative='less').pvalue = P(X <= k), for a grid of k, n and nominal p.
"""
import json
import sys

import numpy as np
from scipy import stats

cases = []
for n in (1, 2, 5, 10, 20, 50, 100, 250, 1000, 5000):
    for p in (0.5, 0.8, 0.9, 0.95, 0.99, 0.1, 0.3, 0.683):
        sd = np.sqrt(n * p * (1 - p))
        ks = {0, n, int(round(n * p)), int(np.floor(n * p)), int(np.ceil(n * p))}
        for mult in (-12, -5, -3, -2, -1, -0.5, 0.5, 1, 2, 3, 5):
            ks.add(int(round(n * p + mult * sd)))
        for k in sorted(x for x in ks if 0 <= x <= n):
            cases.append({"k": k, "n": n, "p": p,
                          "twoSided": float(stats.binomtest(k, n, p).pvalue),
                          "less": float(stats.binomtest(k, n, p, alternative="less").pvalue),
                          "greater": float(stats.binomtest(k, n, p, alternative="greater").pvalue)})
json.dump(cases, sys.stdout, indent=0)
