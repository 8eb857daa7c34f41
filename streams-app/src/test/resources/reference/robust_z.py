"""Reference values for io.driftwatch.stats.RobustZ (finite-sample MAD factor and calibrated tail).

Run with Debian's python3 (numpy, scipy):  /usr/bin/python3 robust_z.py > robust_z.json

1. c_n, the finite-sample consistency factor of the MAD (the definition of Park, Kim & Wang 2020 and
   Akinshin 2022: E[c_n * MAD_n] = sigma for n iid normal values, MAD_n = median |x - median(x)| with
   the mean of the two middle values for even n), by Monte Carlo (seeded) for n = 2..100; a
   least-squares fit c_n = C_INF / (1 + alpha / n + beta / n^2), separately for odd and even n
   over n = 20..100, extends it beyond 100.
2. nu_n, the degrees of freedom of the Student-t that has the same variance of log(scale) as the
   corrected scale s = c_n * MAD_n (Var log sqrt(chi2_nu / nu) = trigamma(nu / 2) / 4): the MAD has
   the asymptotic efficiency 0.3675 of the standard deviation, so nu_n ~ 0.3675 n; the script fits
   nu_n = a * n + b over n = 10..100.
3. For the tail check: the exact tail P(|x - med| > t * s) of a new N(0,1) value against the window,
   computed per simulated window as Phi(m - t s) + Phi(-(m + t s)) (conditioning on the window, far
   less noisy than counting exceedances), for the uncorrected rule (1.4826 * MAD, |z| > t) and for the
   calibrated rule (reject when the t-model p-value is below the nominal 2 * Phi(-t)).
"""
import json
import sys

import numpy as np
from scipy import optimize, special, stats

C_INF = 1 / stats.norm.ppf(0.75)
rng = np.random.default_rng(20261202)


def windows(n, reps):
    x = rng.standard_normal((reps, n))
    m = np.median(x, axis=1)
    mad = np.median(np.abs(x - m[:, None]), axis=1)
    return m, mad


def nu_of(var_log):
    return optimize.brentq(lambda v: special.polygamma(1, v / 2) / 4 - var_log, 0.05, 1e7)


ns = list(range(2, 101))
factor, nus = {}, {}
for n in ns:
    reps = int(4e7 // n)
    sums = np.zeros(3)
    ms, mads = [], []
    for start in range(0, reps, 200000):
        m, mad = windows(n, min(200000, reps - start))
        mads.append(mad)
    mad = np.concatenate(mads)
    factor[n] = 1 / mad.mean()
    nus[n] = nu_of(np.log(factor[n] * mad).var())

fits = {}
for parity in (0, 1):
    sel = [n for n in ns if n >= 20 and n % 2 == parity]
    a = np.array([[1 / n, 1 / n ** 2] for n in sel])
    y = np.array([C_INF / factor[n] - 1 for n in sel])
    fits["even" if parity == 0 else "odd"] = list(np.linalg.lstsq(a, y, rcond=None)[0])
sel = [n for n in ns if n >= 10]
nu_fit = list(np.polyfit(sel, [nus[n] for n in sel], 1))


def factor_of(n):
    if n <= 100:
        return factor[n]
    alpha, beta = fits["even" if n % 2 == 0 else "odd"]
    return C_INF / (1 + alpha / n + beta / n ** 2)


def nu_model(n):
    return nu_fit[0] * n + nu_fit[1]


def p_model(z, n):
    return 2 * stats.t.sf(abs(z) / np.sqrt(1 + np.pi / (2 * n)), nu_model(n))


checks = []
for n in (5, 10, 20, 30, 60, 100, 150):
    m, mad = windows(n, 400000)
    for t in (3.0, 3.5, 4.0):
        nominal = 2 * stats.norm.sf(t)
        s_old = C_INF * mad
        old = np.mean(stats.norm.cdf(m - t * s_old) + stats.norm.sf(m + t * s_old))
        # calibrated: reject when p_model(z) < nominal, i.e. |z| > z_star with z_star from the t-model
        z_star = stats.t.isf(nominal / 2, nu_model(n)) * np.sqrt(1 + np.pi / (2 * n))
        s = factor_of(n) * mad
        new = np.mean(stats.norm.cdf(m - z_star * s) + stats.norm.sf(m + z_star * s))
        checks.append({"n": n, "threshold": t, "nominal": nominal, "oldRate": old, "calibratedRate": new,
                       "calibratedCutoff": z_star})

# p-values of the t-model at a few points, for the Java test of pValue(z, n)
pvalues = [{"z": z, "n": n, "p": p_model(z, n)} for n in (2, 5, 10, 20, 60, 61, 100, 150, 1000)
           for z in (0.0, 0.5, 2.0, -3.0, 3.5, 5.0, 12.0)]

json.dump({"cInf": C_INF, "factors": [{"n": n, "c": factor[n], "nu": nus[n]} for n in ns],
           "fit": {"even": fits["even"], "odd": fits["odd"], "nuSlope": nu_fit[0], "nuIntercept": nu_fit[1]},
           "factorsBeyond": [{"n": n, "c": factor_of(n)} for n in (101, 102, 150, 151, 1000, 1001)],
           "tail": checks, "pValues": pvalues}, sys.stdout, indent=1)
