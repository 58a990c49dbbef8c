"""The daf_butler side of the conversion benchmark.

argv: repo_root gen2_root n formatter

Reads the first ``n`` raws of the generated HSC-like Gen2 repository's ``registry.sqlite3`` (the same
files the benchmark converts), creates a repository, inserts the HSC records they need (instrument,
104 detectors, 5 physical filters, day_obs, group and exposure per visit, with the exposure timespan),
registers ``raw`` and ``HSC/raw/all`` and times ONE ``Butler.ingest(*FileDataset(...),
transfer="direct")`` of the raw files (DATAID_TYPE_RUN ids, ``formatter`` as our side writes).
Prints one JSON line: seconds, datasets, setupSeconds, maxrssKiB, version.
"""

import json
import os
import resource
import sqlite3
import sys
import time

import lsst.daf.butler
from astropy.time import Time
from lsst.daf.butler import Butler, DatasetRef, DatasetType, FileDataset, Timespan
from lsst.daf.butler._dataset_ref import DatasetIdGenEnum

root, gen2_root, n, formatter = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
INSTRUMENT = "HSC"
RUN = "HSC/raw/all"
BANDS = {"HSC-G": "g", "HSC-R": "r", "HSC-I": "i", "HSC-Z": "z", "HSC-Y": "y"}

db = sqlite3.connect(os.path.join(gen2_root, "registry.sqlite3"))
rows = db.execute("SELECT visit, ccd, filter, field, dateObs, pointing, taiObs, expTime FROM raw ORDER BY visit, ccd LIMIT ?", (n,)).fetchall()
db.close()

Butler.makeRepo(root)
butler = Butler.from_config(root, writeable=True, run=RUN)
reg = butler.registry
t_setup = time.perf_counter()
reg.insertDimensionData("instrument", {"name": INSTRUMENT, "visit_max": 21474800, "visit_system": 0, "exposure_max": 21474800, "detector_max": 200, "class_name": "lsst.obs.subaru.HyperSuprimeCam"})
reg.insertDimensionData("physical_filter", *[{"instrument": INSTRUMENT, "name": f, "band": b} for f, b in BANDS.items()])
reg.insertDimensionData("detector", *[{"instrument": INSTRUMENT, "id": d, "full_name": str(d), "purpose": "SCIENCE"} for d in range(112)])
visits = {}
for visit, ccd, flt, field, date_obs, pointing, tai_obs, exp_time in rows:
    visits.setdefault(visit, (flt, date_obs, tai_obs, exp_time))
days = sorted({int(v[1].replace("-", "")) for v in visits.values()})
reg.insertDimensionData("day_obs", *[{"instrument": INSTRUMENT, "id": d} for d in days])
reg.insertDimensionData("group", *[{"instrument": INSTRUMENT, "name": str(v)} for v in visits])
exposures = []
for v, (flt, date_obs, tai_obs, exp_time) in visits.items():
    begin = Time(tai_obs, format="isot", scale="tai")
    end = Time(begin.mjd + exp_time / 86400.0, format="mjd", scale="tai")
    exposures.append({"instrument": INSTRUMENT, "id": v, "obs_id": str(v), "physical_filter": flt, "group": str(v),
                      "day_obs": int(date_obs.replace("-", "")), "exposure_time": exp_time, "dark_time": exp_time,
                      "observation_type": "science", "seq_num": v, "timespan": Timespan(begin, end)})
reg.insertDimensionData("exposure", *exposures)
raw = DatasetType("raw", ("instrument", "detector", "exposure"), "Exposure", universe=butler.dimensions)
reg.registerDatasetType(raw)
reg.registerRun(RUN)
setup_s = time.perf_counter() - t_setup

datasets = []
for visit, ccd, flt, field, date_obs, pointing, tai_obs, exp_time in rows:
    p = os.path.join(gen2_root, field, date_obs, f"{pointing:05d}", flt, f"HSC-{visit:07d}-{ccd:03d}.fits")
    ref = DatasetRef(raw, {"instrument": INSTRUMENT, "detector": ccd, "exposure": visit}, run=RUN, id_generation_mode=DatasetIdGenEnum.DATAID_TYPE_RUN)
    datasets.append(FileDataset(path=p, refs=[ref], formatter=formatter))

t0 = time.perf_counter()
butler.ingest(*datasets, transfer="direct")
seconds = time.perf_counter() - t0

print(json.dumps({
    "seconds": seconds,
    "datasets": len(rows),
    "setupSeconds": setup_s,
    "maxrssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "version": lsst.daf.butler.__version__,
}))
