"""Reference values for io.driftwatch.stats.LossRatioTest.

Run with Debian's python3 (numpy, scipy, statsmodels):  /usr/bin/python3 loss_ratio.py > loss_ratio.json

For each case: OLS of the per-bucket loss L_t on [1, recent_t] (baseline buckets first, then recent),
Newey-West covariance with Bartlett weights and the given maxlags, small-sample correction T / (T - 2)
(statsmodels: fit(cov_type='HAC', cov_kwds={'maxlags': lag, 'use_correction': True}, use_t=True));
t of the recent dummy, its one-sided p-value (recent mean > baseline mean) from Student t with T - 2
df; the MSE ratio mu_r / mu_b and a two-sided (1 - alpha) interval for it by the delta method on
log(mu_r) - log(mu_b) with the same covariance and the t(T - 2) quantile; RMSE versions are sqrt.
"""
import json
import sys

import numpy as np
import statsmodels.api as sm
from scipy import stats


def ma_losses(rng, n, q, scale_recent=1.0, n_recent=0):
    e = rng.standard_normal(n + q)
    u = np.convolve(e, np.ones(q + 1) / np.sqrt(q + 1), "valid")
    u[n - n_recent:] *= scale_recent
    return u ** 2


def reference(losses, n_baseline, lag, alpha):
    y = np.asarray(losses, dtype=float)
    t_len = len(y)
    x = np.column_stack([np.ones(t_len), np.r_[np.zeros(n_baseline), np.ones(t_len - n_baseline)]])
    fit = sm.OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": lag, "use_correction": True}, use_t=True)
    b0, b1 = fit.params
    cov = fit.cov_params()
    t = b1 / np.sqrt(cov[1, 1])
    df = t_len - 2
    assert fit.df_resid == df
    p = stats.t.sf(t, df)
    mu_b, mu_r = b0, b0 + b1
    g = np.array([1 / mu_r - 1 / mu_b, 1 / mu_r])
    se_log = np.sqrt(g @ cov @ g)
    q = stats.t.ppf(1 - alpha / 2, df)
    log_ratio = np.log(mu_r / mu_b)
    return {"ratio": mu_r / mu_b, "rmseRatio": np.sqrt(mu_r / mu_b), "t": t, "pValue": p,
            "statsmodelsTwoSidedP": fit.pvalues[1],
            "rmseRatioLower": np.exp((log_ratio - q * se_log) / 2),
            "rmseRatioUpper": np.exp((log_ratio + q * se_log) / 2),
            "covariance": cov.tolist()}


rng = np.random.default_rng(13)
cases = [
    ("iid, lag 0", list(rng.exponential(1.0, 30)), 20, 0, 0.05),
    ("hand sized", [1.0, 2.0, 1.5, 3.0, 2.5, 2.0, 4.0, 3.5, 5.0, 4.5], 6, 2, 0.05),
    ("MA(6) stable, 60 + 14, lag 6", list(ma_losses(rng, 74, 6)), 60, 6, 0.02),
    ("MA(6) degraded x1.5 sd, 60 + 14, lag 6", list(ma_losses(rng, 74, 6, 1.5, 14)), 60, 6, 0.02),
    ("MA(6) 20 + 7, lag 6", list(ma_losses(rng, 27, 6)), 20, 6, 0.10),
    ("MA(6) 60 + 14, lag 13", list(ma_losses(rng, 74, 6, 1.2, 14)), 60, 13, 0.01),
    ("recent lower", list(rng.gamma(2.0, 3.0, 40) * np.r_[np.ones(30), 0.5 * np.ones(10)]), 30, 3, 0.05),
]
out = []
for name, losses, nb, lag, alpha in cases:
    r = reference(losses, nb, lag, alpha)
    out.append({"name": name, "losses": [float(v) for v in losses], "nBaseline": nb, "lag": lag, "alpha": alpha,
                **{k: (float(v) if not isinstance(v, list) else v) for k, v in r.items()}})
json.dump(out, sys.stdout, indent=1)
