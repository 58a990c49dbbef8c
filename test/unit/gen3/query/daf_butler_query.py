"""Run query expressions through the real daf_butler (used by daf-butler-semantics.test.ts).

Reads a JSON file {exposures, detectors, physical_filters, bind, where: [...]}, creates a fresh
SQLite repository with those dimension records, and prints, for each expression, the sorted
"exposure/detector" data IDs of ``query().data_ids(["exposure", "detector"]).where(...)`` or the error.
Times are TAI nanoseconds; a bind value {"tai": "..."} is a time.
"""
import json, sys, tempfile, warnings
warnings.simplefilter("ignore")
from lsst.daf.butler import Butler, Timespan
from lsst.daf.butler.time_utils import TimeConverter
conv = TimeConverter()
data = json.load(open(sys.argv[1]))
root = tempfile.mkdtemp()
Butler.makeRepo(root)
butler = Butler.from_config(root, writeable=True)
reg = butler.registry
def ts(b, e):
    if b is None: return None
    return Timespan(conv.nsec_to_astropy(int(b)), conv.nsec_to_astropy(int(e)))
for name in sorted({e["instrument"] for e in data["exposures"]}):
    reg.insertDimensionData("instrument", {"name": name, "visit_max": 10**14, "exposure_max": 10**14, "detector_max": 1000})
reg.insertDimensionData("physical_filter", *data["physical_filters"])
reg.insertDimensionData("detector", *data["detectors"])
days = {(e["instrument"], e["day_obs"]) for e in data["exposures"]}
reg.insertDimensionData("day_obs", *[{"instrument": i, "id": d} for i, d in sorted(days)])
reg.insertDimensionData("group", *[{"instrument": e["instrument"], "name": e["group"]} for e in data["exposures"]])
recs = []
for e in data["exposures"]:
    r = {k: v for k, v in e.items() if k not in ("timespan_begin", "timespan_end", "can_see_sky")}
    r["can_see_sky"] = None if e["can_see_sky"] is None else bool(e["can_see_sky"])
    r["timespan"] = ts(e["timespan_begin"], e["timespan_end"])
    recs.append(r)
reg.insertDimensionData("exposure", *recs)
bind = {
    k: conv.nsec_to_astropy(int(v["tai"])) if isinstance(v, dict) and "tai" in v else v
    for k, v in data["bind"].items()
}
out = []
for where in data["where"]:
    try:
        with butler.query() as q:
            rows = q.data_ids(["exposure", "detector"]).where(where, bind=bind)
            keys = sorted(f"{r['exposure']}/{r['detector']}" for r in rows)
        out.append({"ok": True, "rows": keys})
    except Exception as exc:
        out.append({"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]})
print(json.dumps(out))
