#!/usr/bin/python3
"""Reference values for io.driftwatch.forecast.model.StatsmodelsReferenceTest.

Re-run with Debian's statsmodels (not a pyenv python):
    apt-get install -y python3-statsmodels
    /usr/bin/python3 streams-app/src/test/resources/forecast/statsmodels_reference.py

Produced with statsmodels 0.13.5. Conventions:
  * initial_seasonal[j] is the seasonal index applied to y[j] (oldest first), i.e. fpp3's s_{j+1-m};
    this is what holtwinters._smoothers does (s[:m] = initial_seasonal; y[i] uses s[i]).
  * smoothing_trend is fpp3's beta* (component form), not the state-space beta = alpha*beta*.
  * statsmodels <= 0.14 has a known bug (statsmodels#9538, fixed by PR #10230): forecast(h) at
    h = m, 2m, ... uses the seasonal index from one season too early. We therefore also print
    ETSModel (state-space form, additive errors, smoothing_trend = alpha*beta*) for the additive
    models, whose forecasts equal the textbook component-form recursion at every step. (ETSModel's
    A,A,M state-space form is not the component form of fpp3 section 8.3, so it is not printed.)
"""
import warnings

import numpy as np
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

Y = np.array([30., 21, 29, 31, 40, 48, 53, 47, 37, 39, 31, 36,
              45, 51, 55, 48, 40, 43, 38, 42, 50, 58, 61, 52])
M, H = 4, 10
A, B, G, PHI = 0.3, 0.1, 0.2, 0.9
L0, B0 = 30.0, 0.5
S_ADD = [-3.0, -7.0, 2.0, 8.0]
S_MUL = [0.9, 0.8, 1.05, 1.25]


def show(name, values):
    print(f"    // {name}")
    print("    {" + ", ".join(repr(float(v)) for v in values) + "},")


def hw(trend=None, seasonal=None, damped=False, init_s=None, **fit):
    kw = dict(initialization_method='known', initial_level=L0)
    if trend:
        kw['initial_trend'] = B0
    if seasonal:
        kw['initial_seasonal'] = init_s
    model = ExponentialSmoothing(Y, trend=trend, damped_trend=damped, seasonal=seasonal,
                                 seasonal_periods=M if seasonal else None, **kw)
    res = model.fit(optimized=False, **fit)
    return np.asarray(res.forecast(H)), Y - np.asarray(res.fittedvalues)


def ets(seasonal, init_s, damped=False):
    model = ETSModel(Y, error='add', trend='add', seasonal=seasonal, seasonal_periods=M,
                     damped_trend=damped, initialization_method='known', initial_level=L0,
                     initial_trend=B0, initial_seasonal=init_s)  # chronological, as in 0.13.5
    params = dict(smoothing_level=A, smoothing_trend=A * B, smoothing_seasonal=G)
    if damped:
        params['damping_trend'] = PHI
    with model.fix_params(params):
        res = model.fit(disp=False)
    return np.asarray(res.forecast(H))


warnings.simplefilter('ignore')
cases = {
    'ses': hw(smoothing_level=A),
    'holt': hw(trend='add', smoothing_level=A, smoothing_trend=B),
    'holt_damped': hw(trend='add', damped=True, smoothing_level=A, smoothing_trend=B, damping_trend=PHI),
    'hw_add': hw(trend='add', seasonal='add', init_s=S_ADD,
                 smoothing_level=A, smoothing_trend=B, smoothing_seasonal=G),
    'hw_mul': hw(trend='add', seasonal='mul', init_s=S_MUL,
                 smoothing_level=A, smoothing_trend=B, smoothing_seasonal=G),
    'hw_add_damped': hw(trend='add', seasonal='add', damped=True, init_s=S_ADD,
                        smoothing_level=A, smoothing_trend=B, smoothing_seasonal=G, damping_trend=PHI),
}
for name, (fc, resid) in cases.items():
    show(name + " ExponentialSmoothing.forecast(H)", fc)
    show(name + " residuals y - fittedvalues", resid)
show("hw_add ETSModel.forecast(H)", ets('add', S_ADD))
show("hw_add_damped ETSModel.forecast(H)", ets('add', S_ADD, damped=True))

# The default initialisation of the Java models ("simple", fpp2 section 7.6) is statsmodels'
# private _initialization_simple; print it so the Java heuristic can be checked against it.
from statsmodels.tsa.exponential_smoothing.initialization import _initialization_simple
for seasonal in ('add', 'mul'):
    lvl, trd, seas = _initialization_simple(Y, trend='add', seasonal=seasonal, seasonal_periods=M)
    show(f"simple init trend=add seasonal={seasonal}: level, trend, seasonals...", [lvl, trd, *seas])
lvl, trd, _ = _initialization_simple(Y, trend='add')
show("simple init trend=add, no season: level, trend", [lvl, trd])


# Fitted smoothing parameters with the initial states held at the simple initialisation: the Java
# fitter must reach an SSE no worse than this. statsmodels 0.13.5's own fit() re-estimates 'known'
# initial states (they cannot be pinned), so we minimise statsmodels' SSE for fixed initial states
# with scipy's L-BFGS-B from a 5^k grid of starts, bounds [0, 1].
import itertools
from scipy.optimize import minimize


def fitted(trend, seasonal, l0, b0=None, s0=None):
    model = ExponentialSmoothing(Y, trend=trend, seasonal=seasonal, seasonal_periods=M if seasonal else None,
                                 initialization_method='known', initial_level=l0, initial_trend=b0,
                                 initial_seasonal=s0)
    names = ['smoothing_level'] + (['smoothing_trend'] if trend else []) + (['smoothing_seasonal'] if seasonal else [])

    def sse(x):
        return model.fit(optimized=False, **dict(zip(names, x))).sse

    best = None
    for start in itertools.product([0.05, 0.25, 0.5, 0.75, 0.95], repeat=len(names)):
        r = minimize(sse, start, method='L-BFGS-B', bounds=[(0, 1)] * len(names))
        if best is None or r.fun < best.fun:
            best = r
    return [best.fun, *best.x]


for seasonal in ('add', 'mul'):
    lvl, trd, seas = _initialization_simple(Y, trend='add', seasonal=seasonal, seasonal_periods=M)
    show(f"fitted hw_{seasonal}: sse, alpha, beta, gamma", fitted('add', seasonal, lvl, trd, seas))
show("fitted ses (l0 = y0): sse, alpha", fitted(None, None, Y[0]))
show("fitted holt (l0 = y0, b0 = y1 - y0): sse, alpha, beta", fitted('add', None, Y[0], Y[1] - Y[0]))
