#!/usr/bin/env python3
"""Validate vigil's demo CSVs and print the alert picture at the reference time.

Re-reads every sample-data/*.csv with Python's csv module and checks what
vigil's importer accepts (SPEC section 2) plus the rules of the demo data set:
headers, enumerations, ranges, date formats, reference integrity in file
order, unique keys, the stock rules, and the reference-date convention.
Then computes the SPEC section 3 alerts as they stand at REF_NOW.

    python3 sample-data/check.py        # exit 0 if everything holds
"""

import csv
import datetime as dt
import io
import os
import re
import sys

REF_DATE = dt.date(2026, 11, 20)
REF_NOW = dt.datetime(2026, 11, 20, 23, 59, 59)      # end of the reference day
# levels must not depend on the time of day the demo is opened: observations
# are stamped 03:00-08:59Z, so any "now" from 09:00Z on gives the same picture
STABLE_FROM = dt.datetime(2026, 11, 20, 9, 0, 0)

TABLES = ["regions", "indicators", "observations", "partners", "resources",
          "movements", "activities"]

COLUMNS = {
    "regions": ["code", "name", "parent_code", "population"],
    "indicators": ["code", "name", "risk_factor", "unit", "direction",
                   "aggregate", "window_days", "amber", "red"],
    "observations": ["region_code", "indicator_code", "observed_at", "value",
                     "source", "verification", "sensitive", "note"],
    "partners": ["name", "acronym", "kind", "sectors", "region_code",
                 "contact_name", "phone", "email", "trust", "last_contact",
                 "sensitive", "notes"],
    "resources": ["code", "name", "category", "unit", "region_code", "site",
                  "quantity", "minimum", "owner", "status", "expiry"],
    "movements": ["resource_code", "delta", "reason", "at", "note"],
    "activities": ["code", "title", "kind", "region_code", "lead_partner",
                   "status", "start_date", "end_date", "target", "reached",
                   "outcome", "notes"],
}
REQUIRED = {
    "regions": ["code", "name"],
    "indicators": ["code", "name", "risk_factor"],
    "observations": ["region_code", "indicator_code", "observed_at", "value"],
    "partners": ["name", "kind"],
    "resources": ["code", "name", "category", "unit", "quantity"],
    "movements": ["resource_code", "delta", "reason"],
    "activities": ["code", "title", "kind", "status"],
}
ENUMS = {
    ("indicators", "direction"): {"up", "down"},
    ("indicators", "aggregate"): {"latest", "sum", "max", "mean"},
    ("observations", "verification"): {"unverified", "verified", "disputed"},
    ("observations", "sensitive"): {"0", "1"},
    ("partners", "kind"): {"local_ngo", "cso", "community_leader", "faith_group",
                           "un_agency", "regional_org", "government", "media",
                           "academic", "other"},
    ("partners", "sensitive"): {"0", "1"},
    ("resources", "category"): {"medical", "food", "water", "shelter", "vehicle",
                                "fuel", "comms", "personnel", "other"},
    ("resources", "status"): {"available", "reserved", "deployed", "damaged",
                              "expired"},
    ("movements", "reason"): {"received", "dispatched", "transfer", "lost",
                              "found", "damaged", "expired", "correction"},
    ("activities", "kind"): {"dialogue", "truth_commission", "community_court",
                             "training", "memorialisation", "reparations",
                             "land_restitution", "trauma_healing", "other"},
    ("activities", "status"): {"planned", "ongoing", "completed", "postponed",
                               "cancelled"},
}
UNIQUE = {
    "regions": ["code"], "indicators": ["code"], "partners": ["name"],
    "resources": ["code"], "activities": ["code"],
    "observations": ["region_code", "indicator_code", "observed_at", "source"],
    "movements": ["resource_code", "at", "delta", "reason"],
}

RE_INT = re.compile(r"^-?[0-9]+$")
RE_UINT = re.compile(r"^[0-9]+$")
RE_NUM = re.compile(r"^-?[0-9]+(\.[0-9]{1,2})?$")
RE_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
RE_TS = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
RE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
RE_PHONE = re.compile(r"^\+999 [0-9]{2} 555 [0-9]{4}$")
RE_EMAIL = re.compile(r"^[a-z0-9.]+@[a-z0-9-]+\.(example|test)$")
RE_SECTORS = re.compile(r"^[a-z_]+(;[a-z_]+)*$")

MAX_OBS_BYTES = 4 * 1024 * 1024


def parse_date(s):
    return dt.datetime.strptime(s, "%Y-%m-%d").date()


def parse_ts(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")


def read_table(directory, name, problems):
    """Rows of one CSV as dicts (with '_line' = physical line number)."""
    path = os.path.join(directory, name + ".csv")
    with open(path, "rb") as f:
        raw = f.read()
    where = name + ".csv"
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(where + ": starts with a BOM")
    if b"\r" in raw:
        problems.append(where + ": contains CR (line endings must be LF)")
    if b"\x00" in raw:
        problems.append(where + ": contains NUL")
    if not raw.endswith(b"\n"):
        problems.append(where + ": does not end with a newline")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append("%s: invalid UTF-8: %s" % (where, e))
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    header = None
    for rec in reader:
        if header is None:
            header = rec
            if header != COLUMNS[name]:
                problems.append("%s: header %r, expected %r"
                                % (where, header, COLUMNS[name]))
                return []
            continue
        line = reader.line_num
        if len(rec) != len(header):
            problems.append("%s:%d: %d fields, expected %d"
                            % (where, line, len(rec), len(header)))
            continue
        row = dict(zip(header, rec))
        row["_line"] = line
        for col, val in zip(header, rec):
            if len(val.encode("utf-8")) > 65536:
                problems.append("%s:%d: %s: field over 64 KiB" % (where, line, col))
            if val != val.strip():
                problems.append("%s:%d: %s: leading/trailing blanks" % (where, line, col))
            if any(ord(ch) < 32 and ch != "\n" or 0x7f <= ord(ch) <= 0x9f
                   or 0x200b <= ord(ch) <= 0x200f or 0x202a <= ord(ch) <= 0x202e
                   or 0x2066 <= ord(ch) <= 0x2069 for ch in val):
                problems.append("%s:%d: %s: control/format character" % (where, line, col))
        rows.append(row)
    # the file must be exactly what Python's csv writer makes of these rows
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header or [])
    for r in rows:
        w.writerow([r[c] for c in header])
    if out.getvalue() != text:
        problems.append(where + ": not in canonical RFC 4180 form "
                        "(minimal quoting, LF)")
    return rows


def load(directory, problems=None):
    problems = [] if problems is None else problems
    return {name: read_table(directory, name, problems) for name in TABLES}


# ---------------------------------------------------------------------------
# SPEC section 3: indicator alerts

def aggregate(kind, values):
    """values: list of (observed_at, value) in the window."""
    if not values:
        return None
    if kind == "latest":
        return max(values)[1]
    vs = [v for _, v in values]
    if kind == "sum":
        return sum(vs)
    if kind == "max":
        return max(vs)
    if kind == "mean":
        return sum(vs) / len(vs)
    raise ValueError(kind)


def level_of(ind, agg):
    amber, red = float(ind["amber"]), float(ind["red"])
    if agg is None:
        return None
    if ind["direction"] == "down":
        return "red" if agg <= red else "amber" if agg <= amber else ""
    return "red" if agg >= red else "amber" if agg >= amber else ""


def levels_from(tables, now):
    """{(region, indicator): (level, aggregate)} for every pair with at least
    one non-disputed observation in its window ending at `now`."""
    inds = {i["code"]: i for i in tables["indicators"]}
    windows = {}
    for o in tables["observations"]:
        if o["verification"] == "disputed":
            continue
        ind = inds.get(o["indicator_code"])
        if ind is None:
            continue
        t = parse_ts(o["observed_at"])
        wd = int(ind["window_days"] or 7)
        if now - dt.timedelta(days=wd) < t <= now:
            windows.setdefault((o["region_code"], o["indicator_code"]), []).append(
                (t, float(o["value"])))
    out = {}
    for key, vals in windows.items():
        ind = inds[key[1]]
        agg = aggregate(ind["aggregate"] or "latest", vals)
        out[key] = (level_of(ind, agg), agg)
    return out


def indicator_levels(directory, now):
    return levels_from(load(directory), now)


# ---------------------------------------------------------------------------

def check(tables, directory, problems):
    info = []
    P = problems.append

    def loc(t, r, c):
        return "%s.csv:%d: %s" % (t, r["_line"], c)

    # required, enums, uniqueness
    for t in TABLES:
        for r in tables[t]:
            for c in REQUIRED[t]:
                if r[c] == "":
                    P(loc(t, r, c) + ": required field empty")
            for (tt, c), allowed in ENUMS.items():
                if tt == t and r[c] != "" and r[c] not in allowed:
                    P(loc(t, r, c) + ": %r not one of %s" % (r[c], sorted(allowed)))
        seen = {}
        for r in tables[t]:
            key = tuple(r[c] for c in UNIQUE[t])
            if key in seen:
                P("%s.csv:%d: duplicate key %r (first on line %d)"
                  % (t, r["_line"], key, seen[key]))
            seen[key] = r["_line"]

    # regions
    codes = []
    for r in tables["regions"]:
        if not RE_CODE.match(r["code"]):
            P(loc("regions", r, "code") + ": bad p-code")
        if r["parent_code"] and r["parent_code"] not in codes:
            P(loc("regions", r, "parent_code") + ": not a region listed earlier")
        if not RE_UINT.match(r["population"]) or not 50000 <= int(r["population"]) <= 2000000:
            P(loc("regions", r, "population") + ": not an integer 50k-2M")
        codes.append(r["code"])
    regions = set(codes)

    # indicators
    rfs = set()
    aggs = set()
    downs = 0
    for r in tables["indicators"]:
        if not RE_CODE.match(r["code"]):
            P(loc("indicators", r, "code") + ": bad code")
        if not RE_UINT.match(r["risk_factor"]) or not 1 <= int(r["risk_factor"]) <= 14:
            P(loc("indicators", r, "risk_factor") + ": not 1-14")
        else:
            rfs.add(int(r["risk_factor"]))
        if not RE_UINT.match(r["window_days"]) or int(r["window_days"]) < 1:
            P(loc("indicators", r, "window_days") + ": not a positive integer")
        for c in ("amber", "red"):
            if not RE_NUM.match(r[c]):
                P(loc("indicators", r, c) + ": not a number")
        if RE_NUM.match(r["amber"]) and RE_NUM.match(r["red"]):
            a, d = float(r["amber"]), float(r["red"])
            if r["direction"] == "up" and not a < d:
                P(loc("indicators", r, "amber") + ": direction up needs amber < red")
            if r["direction"] == "down" and not a > d:
                P(loc("indicators", r, "amber") + ": direction down needs amber > red")
        aggs.add(r["aggregate"])
        downs += r["direction"] == "down"
    if rfs != set(range(1, 15)):
        P("indicators: risk factors not covered: %s" % sorted(set(range(1, 15)) - rfs))
    if aggs != {"latest", "sum", "max", "mean"}:
        P("indicators: not every aggregate is used: %s" % sorted(aggs))
    if downs < 2:
        P("indicators: fewer than two 'down' indicators")
    indicators = {r["code"]: r for r in tables["indicators"]}

    # observations
    first, last = {}, {}
    latest_overall = None
    for r in tables["observations"]:
        if r["region_code"] not in regions:
            P(loc("observations", r, "region_code") + ": unknown region")
        if r["indicator_code"] not in indicators:
            P(loc("observations", r, "indicator_code") + ": unknown indicator")
        if not RE_NUM.match(r["value"]):
            P(loc("observations", r, "value") + ": not a number with <= 2 decimals")
        if not RE_TS.match(r["observed_at"]):
            P(loc("observations", r, "observed_at") + ": not YYYY-MM-DDTHH:MM:SSZ")
            continue
        t = parse_ts(r["observed_at"])
        if t > REF_NOW:
            P(loc("observations", r, "observed_at") + ": after the reference day")
        if not (3 <= t.hour <= 8):
            P(loc("observations", r, "observed_at") + ": outside 03:00-08:59Z")
        key = (r["region_code"], r["indicator_code"])
        first[key] = min(first.get(key, t), t)
        last[key] = max(last.get(key, t), t)
        latest_overall = max(latest_overall or t, t)
        if r["sensitive"] == "1" and not r["note"]:
            P(loc("observations", r, "note") + ": sensitive row without a note")
    if latest_overall and latest_overall.date() != REF_DATE:
        P("observations: last observation is %s, not on %s" % (latest_overall, REF_DATE))
    for reg in regions:
        for ind in indicators:
            key = (reg, ind)
            if key not in first:
                P("observations: no data for %s x %s" % key)
                continue
            if (REF_DATE - first[key].date()).days < 89:
                P("observations: %s x %s starts only %s" % (reg, ind, first[key].date()))
    size = os.path.getsize(os.path.join(directory, "observations.csv"))
    if size > MAX_OBS_BYTES:
        P("observations.csv: %d bytes, over 4 MB" % size)
    vers = {}
    for r in tables["observations"]:
        vers[r["verification"]] = vers.get(r["verification"], 0) + 1
    info.append("observations by verification: " + ", ".join(
        "%s %d" % kv for kv in sorted(vers.items())) + "; sensitive %d" % sum(
        r["sensitive"] == "1" for r in tables["observations"]))

    # partners
    names = set()
    stale = []
    for r in tables["partners"]:
        names.add(r["name"])
        if r["region_code"] and r["region_code"] not in regions:
            P(loc("partners", r, "region_code") + ": unknown region")
        if r["sectors"] and not RE_SECTORS.match(r["sectors"]):
            P(loc("partners", r, "sectors") + ": not ';'-separated lower-case words")
        if r["phone"] and not RE_PHONE.match(r["phone"]):
            P(loc("partners", r, "phone") + ": not an invented +999 number")
        if r["email"] and not RE_EMAIL.match(r["email"]):
            P(loc("partners", r, "email") + ": not an invented .example/.test address")
        if r["trust"] and (not RE_UINT.match(r["trust"]) or not 1 <= int(r["trust"]) <= 5):
            P(loc("partners", r, "trust") + ": not 1-5")
        if r["last_contact"]:
            if not RE_DATE.match(r["last_contact"]):
                P(loc("partners", r, "last_contact") + ": not YYYY-MM-DD")
            else:
                d = parse_date(r["last_contact"])
                if d > REF_DATE:
                    P(loc("partners", r, "last_contact") + ": in the future")
                age = (REF_DATE - d).days
                if 28 <= age <= 32:
                    P(loc("partners", r, "last_contact")
                      + ": %d days, too close to the 30-day rule" % age)
                if age > 30:
                    stale.append("%s (%d d)" % (r["name"], age))
    kinds = {r["kind"] for r in tables["partners"]}
    if kinds != ENUMS[("partners", "kind")]:
        P("partners: kinds missing: %s" % sorted(ENUMS[("partners", "kind")] - kinds))
    if len(stale) < 3:
        P("partners: fewer than 3 not contacted for 30 days")
    if not any("\n" in r["notes"] and '"' in r["notes"] for r in tables["partners"]):
        P("partners: no note with a line break and quotes")

    # resources
    resources = {}
    for r in tables["resources"]:
        resources[r["code"]] = r
        if not RE_CODE.match(r["code"]):
            P(loc("resources", r, "code") + ": bad code")
        if r["region_code"] and r["region_code"] not in regions:
            P(loc("resources", r, "region_code") + ": unknown region")
        if r["owner"] and r["owner"] not in names:
            P(loc("resources", r, "owner") + ": not an existing partner name")
        for c in ("quantity", "minimum"):
            if r[c] and not RE_UINT.match(r[c]):
                P(loc("resources", r, c) + ": not a non-negative integer")
        if r["expiry"] and not RE_DATE.match(r["expiry"]):
            P(loc("resources", r, "expiry") + ": not YYYY-MM-DD")
    cats = {r["category"] for r in tables["resources"]}
    if cats != ENUMS[("resources", "category")]:
        P("resources: categories missing: %s"
          % sorted(ENUMS[("resources", "category")] - cats))
    stats = {r["status"] for r in tables["resources"]}
    if stats != ENUMS[("resources", "status")]:
        P("resources: statuses missing: %s" % sorted(ENUMS[("resources", "status")] - stats))

    # movements: running balance from the opening quantity, which is the
    # current count (resources.csv) less everything moved since
    qty = {c: int(r["quantity"]) for c, r in resources.items()}
    for r in tables["movements"]:
        if r["resource_code"] in qty and RE_INT.match(r["delta"]):
            qty[r["resource_code"]] -= int(r["delta"])
    hist = {}
    oldest = dt.datetime.combine(REF_DATE - dt.timedelta(days=89), dt.time())
    for r in tables["movements"]:
        if r["resource_code"] not in resources:
            P(loc("movements", r, "resource_code") + ": unknown resource")
            continue
        if not RE_INT.match(r["delta"]) or int(r["delta"]) == 0:
            P(loc("movements", r, "delta") + ": not a non-zero integer")
            continue
        if not RE_TS.match(r["at"]):
            P(loc("movements", r, "at") + ": not YYYY-MM-DDTHH:MM:SSZ")
            continue
        t = parse_ts(r["at"])
        if not oldest <= t <= STABLE_FROM:
            P(loc("movements", r, "at") + ": outside the last 90 days (before 09:00Z "
              "on the reference day)")
        d = int(r["delta"])
        sign = {"received": 1, "found": 1, "dispatched": -1, "lost": -1,
                "damaged": -1, "expired": -1}.get(r["reason"])
        if sign and d * sign < 0:
            P(loc("movements", r, "delta") + ": sign does not fit reason " + r["reason"])
        hist.setdefault(r["resource_code"], []).append((t, d, r["_line"]))
    for code, moves in hist.items():
        q = qty[code]
        for t, d, line in sorted(moves):
            q += d
            if q < 0:
                P("movements.csv:%d: %s goes below zero (%d)" % (line, code, q))
        qty[code] = q
    below, zero = [], []
    for code, r in resources.items():
        if r["minimum"] and qty[code] < int(r["minimum"]):
            below.append("%s %d<%s" % (code, qty[code], r["minimum"]))
        if qty[code] == 0:
            zero.append(code)
    if len(below) < 3:
        P("resources: fewer than 3 end below their minimum")
    if not zero:
        P("resources: none ends at zero")
    expiring, expired = [], []
    for code, r in resources.items():
        if r["expiry"] and RE_DATE.match(r["expiry"]):
            days = (parse_date(r["expiry"]) - REF_DATE).days
            if days < 0:
                expired.append("%s (%s)" % (code, r["expiry"]))
            elif days <= 14:
                expiring.append("%s (%s)" % (code, r["expiry"]))
    if not expired or not expiring:
        P("resources: need both expired and soon-expiring stock")
    reasons = {r["reason"] for r in tables["movements"]}
    if reasons != ENUMS[("movements", "reason")]:
        P("movements: reasons missing: %s" % sorted(ENUMS[("movements", "reason")] - reasons))

    # activities
    overdue, future = [], []
    for r in tables["activities"]:
        if not RE_CODE.match(r["code"]):
            P(loc("activities", r, "code") + ": bad code")
        if r["region_code"] and r["region_code"] not in regions:
            P(loc("activities", r, "region_code") + ": unknown region")
        if r["lead_partner"] and r["lead_partner"] not in names:
            P(loc("activities", r, "lead_partner") + ": not an existing partner name")
        for c in ("target", "reached"):
            if r[c] and not RE_UINT.match(r[c]):
                P(loc("activities", r, c) + ": not a non-negative integer")
        ds = {}
        for c in ("start_date", "end_date"):
            if r[c]:
                if not RE_DATE.match(r[c]):
                    P(loc("activities", r, c) + ": not YYYY-MM-DD")
                    continue
                ds[c] = parse_date(r[c])
                if ds[c] > REF_DATE and r["status"] not in ("planned", "ongoing",
                                                              "postponed"):
                    P(loc("activities", r, c) + ": future date on a %s activity"
                      % r["status"])
                if ds[c] > REF_DATE and c == "start_date" and r["status"] != "planned":
                    P(loc("activities", r, c) + ": future start on a %s activity"
                      % r["status"])
        if len(ds) == 2 and ds["start_date"] > ds["end_date"]:
            P(loc("activities", r, "end_date") + ": before start_date")
        if r["status"] == "completed" and not r["outcome"]:
            P(loc("activities", r, "outcome") + ": completed without an outcome")
        if r["status"] == "planned" and r["reached"]:
            P(loc("activities", r, "reached") + ": planned activity with reached")
        if ("end_date" in ds and ds["end_date"] < REF_DATE
                and r["status"] not in ("completed", "cancelled")):
            overdue.append("%s (%s, ended %s)" % (r["code"], r["status"], r["end_date"]))
        if "start_date" in ds and ds["start_date"] > REF_DATE:
            future.append(r["code"])
    for c in ("kind", "status"):
        got = {r[c] for r in tables["activities"]}
        if got != ENUMS[("activities", c)]:
            P("activities: %s missing: %s" % (c, sorted(ENUMS[("activities", c)] - got)))
    if not any(r["status"] in ("ongoing", "planned") for r in tables["activities"]
               if r["code"] in {o.split()[0] for o in overdue}):
        P("activities: no overdue ongoing/planned activity")
    if not future:
        P("activities: none planned in the future")

    # resource expiry is the only other field allowed after the reference day
    # (checked above for observations, partners, movements, activities)

    info.append("stock below minimum: " + ", ".join(sorted(below)))
    info.append("stock at zero: " + ", ".join(sorted(zero)))
    info.append("expiring within 14 days: " + ", ".join(sorted(expiring)))
    info.append("expired: " + ", ".join(sorted(expired)))
    info.append("partners not contacted for 30 days: " + ", ".join(stale))
    info.append("activities overdue: " + ", ".join(overdue))
    info.append("activities starting after the reference day: " + ", ".join(future))
    return info


def summary(tables):
    """The SPEC section 3 indicator alerts at REF_NOW, as text."""
    inds = {i["code"]: i for i in tables["indicators"]}
    regions = [r["code"] for r in tables["regions"]]
    names = {r["code"]: r["name"] for r in tables["regions"]}
    levels = levels_from(tables, REF_NOW)
    lines = ["indicator alerts at %sZ (window: now - window_days < observed_at "
             "<= now, disputed ignored):" % REF_NOW.isoformat()]
    n = {"red": 0, "amber": 0}
    for reg in regions:
        hits = sorted(((lv, ic, agg) for (rc, ic), (lv, agg) in levels.items()
                       if rc == reg and lv),
                      key=lambda x: (x[0] != "red", x[1]))
        if not hits:
            lines.append("  %-7s %-26s -" % (reg, names[reg]))
            continue
        for j, (lv, ic, agg) in enumerate(hits):
            n[lv] += 1
            ind = inds[ic]
            lines.append("  %-7s %-26s %-5s %-9s %s %s=%s (amber %s, red %s, %s)"
                         % (reg if j == 0 else "", names[reg] if j == 0 else "",
                            lv.upper(), ic, ind["aggregate"], ind["window_days"] + "d",
                            ("%.2f" % agg).rstrip("0").rstrip("."), ind["amber"],
                            ind["red"], ind["direction"]))
    red_regions = sorted({rc for (rc, _), (lv, _) in levels.items() if lv == "red"})
    amber_regions = sorted({rc for (rc, _), (lv, _) in levels.items() if lv})
    lines.append("  total: %d red, %d amber; regions with red: %s; regions with "
                 "any alert: %d of %d"
                 % (n["red"], n["amber"], " ".join(red_regions), len(amber_regions),
                    len(regions)))
    return lines, levels


def run(directory):
    problems = []
    tables = load(directory, problems)
    if not all(tables[t] for t in TABLES):
        return problems, "\n".join(problems)
    info = check(tables, directory, problems)
    lines, levels = summary(tables)
    # the picture must be the same whatever time of day vigil is opened
    t = STABLE_FROM
    while t <= REF_NOW:
        other = levels_from(tables, t)
        diff = sorted(k for k in set(levels) | set(other)
                      if levels.get(k, ("", 0))[0] != other.get(k, ("", 0))[0])
        if diff:
            problems.append("levels at %s differ from end of day for %s"
                            % (t.time(), diff[:5]))
        t += dt.timedelta(minutes=30)
    # a disputed observation must matter somewhere, so the rule is exercised
    counted = dict(levels)
    tables2 = dict(tables)
    tables2["observations"] = [dict(o, verification="verified")
                               for o in tables["observations"]]
    with_disputed = levels_from(tables2, REF_NOW)
    flips = sorted(k for k in with_disputed
                   if with_disputed[k][0] != counted.get(k, ("", 0))[0])
    counts = ["%s.csv: %d rows, %d bytes" % (t, len(tables[t]), os.path.getsize(
        os.path.join(directory, t + ".csv"))) for t in TABLES]
    report = "\n".join(counts + info + lines + [
        "pairs whose level would change if disputed reports counted: "
        + ", ".join("%s/%s" % k for k in flips)])
    if not flips:
        problems.append("no disputed observation affects a level")
    return problems, report


def main():
    directory = os.path.dirname(os.path.abspath(__file__))
    problems, report = run(directory)
    print(report)
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    if problems:
        print("%d problem(s)" % len(problems), file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
