"""Reference values for io.driftwatch.stats.AndersonDarling.

Run with Debian's python3 (numpy, scipy):  /usr/bin/python3 anderson_darling.py > anderson_darling.json

1. scipy.stats.anderson_ksamp(samples, midrank=True): the standardized statistic, the unstandardized
   A2akN (scipy's _anderson_ksamp_midrank, Scholz & Stephens 1987 eq. 7, ties by midranks), the
   critical values and scipy's p-value, which scipy clips to [0.001, 0.25].
2. The unclipped p-value: exp of scipy's quadratic in log(p) (np.polyfit of log(significance) on the
   critical values), evaluated outside the table too, as scipy did before 1.0; held at the vertex
   where the quadratic would turn back up, and capped at 1.
3. Permutation p-values (the two pooled samples relabelled at random, 1e6 times, seeded; (hits + 1) /
   (reps + 1)) for 14 vs 60 comparisons with standardized statistics near 4.8 (inside scipy's table),
   7.2, 9.5 and 12.5 (extrapolated p about 5e-4, 1e-4, 2e-5), to judge the extrapolation.
"""
import json
import math
import sys
import warnings

import numpy as np
from scipy import stats
from scipy.stats import _morestats

warnings.simplefilter("ignore")
rng = np.random.default_rng(1987)
SIG = np.array([0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001])


def unclipped(a2, critical):
    pf = np.polyfit(critical, np.log(SIG), 2)
    x = a2
    vertex = -pf[1] / (2 * pf[0])
    if pf[0] > 0 and x > vertex:
        x = vertex
    if pf[0] < 0 and x < vertex:
        x = vertex
    return min(1.0, math.exp(np.polyval(pf, x)))


def raw(samples):
    z = np.sort(np.hstack(samples))
    n = np.array([len(s) for s in samples])
    return _morestats._anderson_ksamp_midrank([np.asarray(s) for s in samples], z, np.unique(z), len(samples), n,
                                              z.size)


def case(name, samples):
    samples = [[float(v) for v in s] for s in samples]
    r = stats.anderson_ksamp([np.array(s) for s in samples], midrank=True)
    return {"name": name, "samples": samples, "statistic": float(r.statistic), "a2kN": float(raw(samples)),
            "critical": [float(v) for v in r.critical_values], "scipyP": float(r.pvalue),
            "p": unclipped(r.statistic, r.critical_values)}


def a2_two_sample_no_ties(labels, n1):
    """Vectorized A2akN for two samples without ties; labels: (reps, N) booleans, sample 1 in sorted order."""
    reps, big_n = labels.shape
    n2 = big_n - n1
    j = np.arange(big_n)
    b = j + 0.5
    c1 = np.cumsum(labels, axis=1)
    m1 = c1 - labels / 2.0
    m2 = (j + 1) - c1 - (~labels) / 2.0
    den = b * (big_n - b) - big_n / 4.0
    s1 = ((big_n * m1 - b * n1) ** 2 / den).sum(axis=1) / big_n / n1
    s2 = ((big_n * m2 - b * n2) ** 2 / den).sum(axis=1) / big_n / n2
    return (s1 + s2) * (big_n - 1.0) / big_n


def permutation(name, x, y, reps):
    x, y = np.asarray(x), np.asarray(y)
    pooled = np.r_[x, y]
    order = np.argsort(pooled)
    observed_labels = (np.r_[np.ones(len(x), bool), np.zeros(len(y), bool)])[order][None, :]
    observed = a2_two_sample_no_ties(observed_labels, len(x))[0]
    assert abs(observed - raw([x, y])) < 1e-9 * observed
    hits = 0
    done = 0
    while done < reps:
        size = min(100000, reps - done)
        keys = rng.random((size, len(pooled)))
        labels = np.argsort(keys, axis=1) < len(x)
        hits += int((a2_two_sample_no_ties(labels, len(x)) >= observed * (1 - 1e-12)).sum())
        done += size
    c = case(name, [x, y])
    c["permutations"] = reps
    c["permutationP"] = (hits + 1) / (reps + 1)
    return c


out = [
    case("14 vs 60 same", [rng.normal(size=14), rng.normal(size=60)]),
    case("14 vs 60 shift 1 sd", [rng.normal(1.0, 1.0, 14), rng.normal(size=60)]),
    case("14 vs 60 scale x2.5", [rng.normal(0.0, 2.5, 14), rng.normal(size=60)]),
    case("14 vs 60 shift 0.5 sd", [rng.normal(0.5, 1.0, 14), rng.normal(size=60)]),
    case("14 vs 60 ties", [np.round(rng.normal(0.3, 1.0, 14) * 2) / 2, np.round(rng.normal(size=60) * 2) / 2]),
    case("5 vs 5", [rng.normal(size=5), rng.normal(0.8, 1.0, 5)]),
    case("10 vs 30 ties", [rng.integers(0, 5, 10), rng.integers(0, 6, 30)]),
    case("30 vs 30 shift 2 sd", [rng.normal(2.0, 1.0, 30), rng.normal(size=30)]),
    case("3 samples", [rng.normal(size=12), rng.normal(0.5, 1.0, 20), rng.normal(size=25)]),
    case("4 samples ties", [rng.integers(0, 8, 15), rng.integers(0, 8, 10), rng.integers(1, 9, 12),
                            rng.integers(0, 8, 20)]),
    case("2 vs 3", [[1.0, 2.0], [1.5, 3.0, 4.0]]),
]


def drawn_until(lo, hi, shift):
    """Draws 14 N(shift, 1) and 60 N(0, 1) values until the standardized statistic is in [lo, hi)."""
    while True:
        x, y = rng.normal(shift, 1.0, 14), rng.normal(size=60)
        if lo <= stats.anderson_ksamp([x, y], midrank=True).statistic < hi:
            return x, y


for lo, hi in ((4.6, 5.0), (6.8, 7.6), (9.0, 10.0), (12.0, 13.0)):
    out.append(permutation("permutation 14 vs 60, statistic in [%s, %s)" % (lo, hi), *drawn_until(lo, hi, 1.0),
                           1000000))
json.dump(out, sys.stdout, indent=1)
