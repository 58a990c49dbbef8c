"""The daf_butler side of the registry-insert benchmark.

argv: repo_root files_dir n_datasets detectors formatter [db_url]

Creates a repository (SQLite, or ``db_url``), inserts the same DemoCam-like dimension records as
test/bench/registry-insert-worker.ts (1 instrument, ``detectors`` detectors, 2 physical filters, one
day_obs, one group per exposure, ceil(n / detectors) exposures), registers ``raw`` (instrument,
detector, exposure; Exposure) and the RUN ``DemoCam/raw/all``, creates ``n`` empty files
``files_dir/<exposure>/<detector>.fits`` and times ONE ``Butler.ingest(*FileDataset(...),
transfer="direct")`` of all of them (refs resolved with DATAID_TYPE_RUN ids, ``formatter`` the same
class name our side writes). Prints one JSON line: seconds, datasets, maxrss_kib, version.
"""

import json
import os
import resource
import sys
import time

from lsst.daf.butler import Butler, Config, DatasetRef, DatasetType, FileDataset
from lsst.daf.butler._dataset_ref import DatasetIdGenEnum
import lsst.daf.butler

root, files_dir, n, detectors, formatter = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
db_url = sys.argv[6] if len(sys.argv) > 6 else None
INSTRUMENT = "DemoCam"
RUN = "DemoCam/raw/all"
EXPOSURE0 = 2020010200000
n_exposures = -(-n // detectors)

Butler.makeRepo(root, config=Config({"registry": {"db": db_url}}) if db_url else None)
butler = Butler.from_config(root, writeable=True, run=RUN)
reg = butler.registry

t_setup = time.perf_counter()
reg.insertDimensionData("instrument", {"name": INSTRUMENT, "visit_max": 10**8, "visit_system": 0, "exposure_max": 10**14, "detector_max": 1000, "class_name": "lsst.obs.demo.DemoCam"})
reg.insertDimensionData("physical_filter", {"instrument": INSTRUMENT, "name": "demo-r", "band": "r"}, {"instrument": INSTRUMENT, "name": "demo-g", "band": "g"})
reg.insertDimensionData("detector", *[{"instrument": INSTRUMENT, "id": d, "full_name": f"D{d:03d}", "purpose": "SCIENCE"} for d in range(detectors)])
reg.insertDimensionData("day_obs", {"instrument": INSTRUMENT, "id": 20200102})
reg.insertDimensionData("group", *[{"instrument": INSTRUMENT, "name": f"g{e}"} for e in range(n_exposures)])
reg.insertDimensionData("exposure", *[
    {"instrument": INSTRUMENT, "id": EXPOSURE0 + e, "day_obs": 20200102, "group": f"g{e}",
     "physical_filter": "demo-r" if e % 2 == 0 else "demo-g", "obs_id": f"DM_O_{e:07d}", "seq_num": e,
     "exposure_time": 30.0, "dark_time": 30.5, "observation_type": "science"}
    for e in range(n_exposures)
])
raw = DatasetType("raw", ("instrument", "detector", "exposure"), "Exposure", universe=butler.dimensions)
reg.registerDatasetType(raw)
reg.registerRun(RUN)
setup_s = time.perf_counter() - t_setup

datasets = []
for i in range(n):
    e, d = divmod(i, detectors)
    p = os.path.join(files_dir, str(EXPOSURE0 + e), f"{d}.fits")
    if d == 0:
        os.makedirs(os.path.dirname(p), exist_ok=True)
    if not os.path.exists(p):
        open(p, "wb").close()
    ref = DatasetRef(raw, {"instrument": INSTRUMENT, "detector": d, "exposure": EXPOSURE0 + e}, run=RUN, id_generation_mode=DatasetIdGenEnum.DATAID_TYPE_RUN)
    datasets.append(FileDataset(path=p, refs=[ref], formatter=formatter))

t0 = time.perf_counter()
butler.ingest(*datasets, transfer="direct")
seconds = time.perf_counter() - t0

check = butler.find_dataset("raw", {"instrument": INSTRUMENT, "detector": 0, "exposure": EXPOSURE0}, collections=RUN)
print(json.dumps({
    "seconds": seconds,
    "datasets": n,
    "setupSeconds": setup_s,
    "maxrssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "version": lsst.daf.butler.__version__,
    "firstId": str(check.id) if check else None,
}))
