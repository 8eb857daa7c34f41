"""Reference values for io.driftwatch.stats.FalseDiscovery.

Run with Debian's python3 (numpy, statsmodels):  /usr/bin/python3 false_discovery.py > false_discovery.json

statsmodels.stats.multitest.multipletests(p, alpha, method='fdr_bh' / 'fdr_by'): the rejections
(step-up) and the adjusted p-values (q-values), in the input order.
"""
import json
import sys

import numpy as np
from statsmodels.stats.multitest import multipletests

rng = np.random.default_rng(2026)


def mixture(m, signals):
    p = rng.uniform(size=m)
    p[:signals] = rng.beta(0.08, 6.0, size=signals)
    rng.shuffle(p)
    return p


cases = [
    ("single", [0.03], 0.05),
    ("textbook", [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.8, 0.045, 0.06, 0.9], 0.05),
    ("ties", [0.001, 0.001, 0.02, 0.02, 0.02, 0.04, 0.3, 0.3, 1.0, 0.0], 0.05),
    ("mixture 50", list(mixture(50, 8)), 0.05),
    ("mixture 300", list(mixture(300, 30)), 0.05),
    ("mixture 1000", list(mixture(1000, 60)), 0.10),
    ("nulls 500", list(rng.uniform(size=500)), 0.05),
]
out = []
for name, p, alpha in cases:
    case = {"name": name, "alpha": alpha, "p": [float(v) for v in p]}
    for method in ("fdr_bh", "fdr_by"):
        reject, q, _, _ = multipletests(p, alpha=alpha, method=method)
        case[method] = {"reject": [bool(v) for v in reject], "q": [float(v) for v in q]}
    out.append(case)
json.dump(out, sys.stdout, indent=1)
