"""Reference values of statsmodels' ETSModel for EtsReferenceTest.

Usage (from this directory): /usr/bin/python3 ets_reference.py > ets_reference.csv
(Debian python3-statsmodels 0.13.5.) Data: AirPassengers, UKgas, Nile (R datasets, copied from
bench/eval/data). For each series and admissible model it writes two rows:
  given:  the log-likelihood at fixed parameters and the heuristic initial states (an exact check)
  fitted: statsmodels' maximum-likelihood parameters, initial states and log-likelihood
and, in the last column, the likelihood of Hyndman et al. (2008)'s recursion at the same values
(see hyndman_loglik: statsmodels' multiplicative season differs).
Seasonal states are written oldest first (index j applies to y[j]): statsmodels' heuristic
initial_seasonal is in that order already; its estimated parameters initial_seasonal.0..m-1 are
s_{-1}..s_{-m}, newest first, so those are reversed here.
"""
import csv
import sys
import warnings

import numpy as np
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

warnings.simplefilter("ignore")


def load(name):
    with open(f"{name}.csv") as f:
        rows = list(csv.reader(f))[1:]
    return np.array([float(r[1]) for r in rows])


CASES = [("AirPassengers", 12, True), ("UKgas", 4, True), ("Nile", 1, False), ("AirPassengers", 1, False)]
MODELS_SEASONAL = [(e, t, s) for e in "AM" for t in ["N", "A", "Ad"] for s in "AM" if not (e == "A" and s == "M")]
MODELS_PLAIN = [(e, t, "N") for e in "AM" for t in ["N", "A", "Ad"]]

def hyndman_loglik(y, m, e, t, s, alpha, beta, gamma, phi, l0, b0, seas):
    """The likelihood in the error form of Hyndman et al. (2008), Table 2.2 (R's ets), written
    independently of the Java code. statsmodels' ETSModel updates a multiplicative season with the
    new level (gamma* (y_t / l_t) + (1 - gamma*) s_{t-m}, gamma* = gamma / (1 - alpha)), which is
    not the same recursion, so for multiplicative seasons this is the reference instead."""
    if t == "N":
        phi, beta, b0 = 1.0, 0.0, 0.0
    elif t == "A":
        phi = 1.0
    mm = m if s != "N" else 1
    sv = list(seas) if s != "N" else [0.0]
    lvl, b = l0, b0
    sse, slog = 0.0, 0.0
    for i, yi in enumerate(y):
        st = sv[i % mm]
        q = lvl + phi * b
        mu = q + st if s == "A" else (q * st if s == "M" else q)
        eps = (yi - mu) / mu if e == "M" else yi - mu
        sse += eps * eps
        if e == "M":
            slog += np.log(mu)
        # r: the error scaled as in Table 2.2 (additive error: k(x) = 1 terms; multiplicative: mu terms)
        if e == "A":
            lvl_new = q + alpha * eps / (st if s == "M" else 1.0)
            b_new = phi * b + beta * eps / (st if s == "M" else 1.0)
            s_new = st + gamma * eps / (q if s == "M" else 1.0)
        else:
            lvl_new = q + alpha * (q * eps if s != "A" else mu * eps)
            b_new = phi * b + beta * (q * eps if s != "A" else mu * eps)
            s_new = st * (1 + gamma * eps) if s == "M" else st + gamma * mu * eps
        lvl, b = lvl_new, b_new
        if s != "N":
            sv[i % mm] = s_new
    n = len(y)
    return -n / 2 * (np.log(2 * np.pi * sse / n) + 1) - slog


out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["series", "m", "model", "kind", "alpha", "beta", "gamma", "phi", "l0", "b0", "seasonals", "loglik", "aicc", "loglik_hyndman"])
for name, m, seasonal in CASES:
    y = load(name)
    for e, t, s in (MODELS_SEASONAL if seasonal else MODELS_PLAIN):
        kw = dict(error="add" if e == "A" else "mul", trend=None if t == "N" else "add", damped_trend=t == "Ad",
                  seasonal=None if s == "N" else ("add" if s == "A" else "mul"),
                  seasonal_periods=m if s != "N" else None)
        code = e + t + s
        model = ETSModel(y, initialization_method="heuristic" if s != "N" else "known",
                         initial_level=y[0] if s == "N" else None,
                         initial_trend=(y[1] - y[0]) if (s == "N" and t != "N") else None, **kw)
        # given: fixed smoothing parameters and heuristic (or known) initial states
        names = model.param_names
        vals = {"smoothing_level": 0.3, "smoothing_trend": 0.05, "smoothing_seasonal": 0.1, "damping_trend": 0.9}
        p = np.array([vals[n] for n in names])
        ll = model.loglike(p)
        seas = list(np.asarray(model.initial_seasonal)) if s != "N" else []  # heuristic: oldest first already
        l0 = float(model.initial_level)
        b0 = float(model.initial_trend) if t != "N" else 0.0
        out.writerow([name, m, code, "given", 0.3, 0.05 if t != "N" else 0, 0.1 if s != "N" else 0,
                      0.9 if t == "Ad" else 1, repr(l0), repr(b0), ";".join(repr(float(v)) for v in seas),
                      repr(float(ll)), "",
                      repr(float(hyndman_loglik(y, m, e, t, s, 0.3, 0.05, 0.1, 0.9, l0, b0, seas)))])
        # fitted: maximum likelihood with estimated initial states
        est = ETSModel(y, initialization_method="estimated", **kw)
        r = est.fit(disp=False, maxiter=10000)
        pr = dict(zip(est.param_names, r.params))
        seas = [pr[f"initial_seasonal.{i}"] for i in range(m)][::-1] if s != "N" else []
        out.writerow([name, m, code, "fitted", pr["smoothing_level"], pr.get("smoothing_trend", 0),
                      pr.get("smoothing_seasonal", 0), pr.get("damping_trend", 1), repr(float(pr["initial_level"])),
                      repr(float(pr.get("initial_trend", 0.0))), ";".join(repr(float(v)) for v in seas),
                      repr(float(r.llf)), repr(float(r.aicc)),
                      repr(float(hyndman_loglik(y, m, e, t, s, pr["smoothing_level"], pr.get("smoothing_trend", 0),
                                                pr.get("smoothing_seasonal", 0), pr.get("damping_trend", 1),
                                                pr["initial_level"], pr.get("initial_trend", 0.0), seas)))])
