"""Writes statsmodels' bundled datasets used by the evaluation set to data/statsmodels-*.csv.

Usage (from bench/eval): /usr/bin/python3 export-statsmodels.py   (Debian python3-statsmodels)
Datasets: macrodata (US quarterly macro data, public domain, US BEA/BLS/Fed), elec_equip
(euro-area electrical equipment index, monthly) (licences: see each dataset's COPYRIGHT in statsmodels).
"""
import csv

import statsmodels.api as sm
from statsmodels.datasets import elec_equip


def write(name, dataset, freq, dates, values):
    with open(f"data/statsmodels-{name}.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["date", "value", "freq", "dataset"])
        for d, v in zip(dates, values):
            w.writerow([d, repr(float(v)), freq, dataset])


macro = sm.datasets.macrodata.load_pandas().data
qdates = [f"{int(y)}-{3 * (int(q) - 1) + 1:02d}-01" for y, q in zip(macro["year"], macro["quarter"])]
for col in ["realgdp", "realcons", "realinv", "cpi", "unemp", "m1"]:
    write(f"macro_{col}", "macrodata", "quarterly", qdates, macro[col])

elec = elec_equip.load().data
write("elec_equip", "elec_equip", "monthly", [d.strftime("%Y-%m-01") for d in elec.index], elec.iloc[:, 0])
