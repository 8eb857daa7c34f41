"""Reference values for io.driftwatch.stats.LossRatioTest.

Run with Debian's python3 (numpy, scipy, statsmodels):  /usr/bin/python3 loss_ratio.py > loss_ratio.json

For each case: OLS of the per-bucket loss L_t on [1, recent_t] (baseline buckets first, then recent),
Newey-West covariance with Bartlett weights and the given maxlags, small-sample correction T / (T - 2)
(statsmodels: fit(cov_type='HAC', cov_kwds={'maxlags': lag, 'use_correction': True}, use_t=True));
t of the recent dummy, its one-sided p-value (recent mean > baseline mean) from Student t with T - 2
df; the MSE ratio mu_r / mu_b and a two-sided (1 - alpha) interval for it by the delta method on
log(mu_r) - log(mu_b) with the same covariance and the t(T - 2) quantile; RMSE versions are sqrt.

Second method (LossRatioTest.Method.FIXED_B_WELCH): per window w, the Newey-West long-run variance of
its demeaned losses (statsmodels' S_hac_simple(e_w, nlags=lag) / n_w), divided by 1 - b + b^2 / 3 with
b = min(1, (lag + 1) / n_w); v_w = that / n_w; t = (mu_r - mu_b) / sqrt(v_b + v_r) against Student t with
Welch-Satterthwaite df from nu_w = max(1, 3 n_w / (lag + 1) - 1); interval from
Var(log ratio) = v_b / mu_b^2 + v_r / mu_r^2 and the same t.
"""
import json
import sys

import numpy as np
import statsmodels.api as sm
from scipy import optimize, stats
from statsmodels.stats.sandwich_covariance import S_hac_simple


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


def t_quantile(p, df):
    """Upper quantile by root-finding on the survival function: scipy's t.ppf is good to only ~1e-9
    relative at non-integer df."""
    start = stats.t.ppf(p, df)
    return optimize.brentq(lambda x: stats.t.sf(x, df) - (1 - p), start * 0.9, start * 1.1, xtol=1e-300, rtol=1e-15)


def fixed_b_welch(losses, n_baseline, lag, alpha):
    y = np.asarray(losses, dtype=float)
    parts = []
    for w in (y[:n_baseline], y[n_baseline:]):
        n = len(w)
        b = min(1.0, (lag + 1) / n)
        omega = S_hac_simple(w - w.mean(), nlags=lag)[0, 0] / n / (1 - b + b * b / 3)
        parts.append((w.mean(), omega / n, max(1.0, 3 * n / (lag + 1) - 1)))
    (mu_b, v_b, nu_b), (mu_r, v_r, nu_r) = parts
    v = v_b + v_r
    df = v ** 2 / (v_b ** 2 / nu_b + v_r ** 2 / nu_r)
    t = (mu_r - mu_b) / np.sqrt(v)
    half = t_quantile(1 - alpha / 2, df) * np.sqrt(v_b / mu_b ** 2 + v_r / mu_r ** 2)
    log_ratio = np.log(mu_r / mu_b)
    return {"t": t, "pValue": stats.t.sf(t, df), "df": df, "rmseRatioLower": np.exp((log_ratio - half) / 2),
            "rmseRatioUpper": np.exp((log_ratio + half) / 2)}


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
                **{k: (float(v) if not isinstance(v, list) else v) for k, v in r.items()},
                "fixedBWelch": {k: float(v) for k, v in fixed_b_welch(losses, nb, lag, alpha).items()}})
json.dump(out, sys.stdout, indent=1)
