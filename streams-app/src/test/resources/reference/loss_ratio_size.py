"""Size of io.driftwatch.stats.LossRatioTest's two methods on stable autocorrelated losses.

Run with Debian's python3 (numpy, scipy):  /usr/bin/python3 loss_ratio_size.py > loss_ratio_size.txt

Losses are squared MA(q) errors (the per-bucket squared errors of a (q + 1)-step forecast: equal MA
weights, unit variance), baseline then recent buckets, 20,000 seeded replications per setting. Prints
the share of p-values below 0.05, 0.01 and 0.001 (size on stable losses, then power when the recent
errors are scaled up) for HAC_OLS (OLS on [1, recent], Newey-West of both
coefficients, T / (T - 2), t(T - 2)) and FIXED_B_WELCH (see loss_ratio.py for both definitions).
"""
import numpy as np
from scipy import stats

rng = np.random.default_rng(5)


def hac_ols(y, nb, lag):
    t_len = len(y)
    x = np.c_[np.ones(t_len), np.r_[np.zeros(nb), np.ones(t_len - nb)]]
    xtxi = np.linalg.inv(x.T @ x)
    b = xtxi @ x.T @ y
    xu = x * (y - x @ b)[:, None]
    s = xu.T @ xu
    for lag_l in range(1, lag + 1):
        a = xu[lag_l:].T @ xu[:-lag_l]
        s += (1 - lag_l / (lag + 1)) * (a + a.T)
    v = xtxi @ s @ xtxi * t_len / (t_len - 2)
    return stats.t.sf(b[1] / np.sqrt(v[1, 1]), t_len - 2)


def fixed_b_welch(y, nb, lag):
    parts = []
    for w in (y[:nb], y[nb:]):
        n = len(w)
        e = w - w.mean()
        s = e @ e
        for lag_l in range(1, min(lag, n - 1) + 1):
            s += 2 * (1 - lag_l / (lag + 1)) * (e[lag_l:] @ e[:-lag_l])
        b = min(1.0, (lag + 1) / n)
        parts.append((w.mean(), s / n / (1 - b + b * b / 3) / n, max(1.0, 3 * n / (lag + 1) - 1)))
    (mu_b, v_b, nu_b), (mu_r, v_r, nu_r) = parts
    df = (v_b + v_r) ** 2 / (v_b ** 2 / nu_b + v_r ** 2 / nu_r)
    return stats.t.sf((mu_r - mu_b) / np.sqrt(v_b + v_r), df)


def table(settings, reps):
    print("baseline recent lag q rmse-ratio | HAC_OLS <0.05 <0.01 <0.001 | FIXED_B_WELCH <0.05 <0.01 <0.001")
    for nb, nr, lag, q, scale in settings:
        p = np.empty((reps, 2))
        for i in range(len(p)):
            u = np.convolve(rng.standard_normal(nb + nr + q), np.ones(q + 1) / np.sqrt(q + 1), "valid")
            u[nb:] *= scale
            p[i] = hac_ols(u ** 2, nb, lag), fixed_b_welch(u ** 2, nb, lag)
        rates = [(p[:, j] < a).mean() for j in (0, 1) for a in (0.05, 0.01, 0.001)]
        print("%3d %3d %3d %3d %.2f | %.4f %.4f %.4f | %.4f %.4f %.4f" % (nb, nr, lag, q, scale, *rates))


print("size (stable losses, 20,000 replications)")
table([(60, 14, 6, 6, 1.0), (30, 14, 6, 6, 1.0), (60, 28, 6, 6, 1.0), (20, 7, 6, 6, 1.0), (60, 14, 13, 13, 1.0),
       (60, 14, 2, 2, 1.0), (60, 14, 6, 0, 1.0)], 20000)
print("power (recent errors scaled: RMSE ratio 1.3, 1.5, 2; 5,000 replications)")
table([(60, 14, 6, 6, 1.3), (60, 14, 6, 6, 1.5), (60, 14, 6, 6, 2.0), (60, 28, 6, 6, 1.5), (60, 14, 0, 0, 1.3)], 5000)
