#!/usr/bin/env python3
"""Generate vigil's demo data set (sample-data/*.csv).

Everything here is invented: the Republic of Varsenia, its regions, its
communities (Vesh and Aldari), every person, organisation, phone number and
e-mail address.  Only generic UN-style office types are named generically.

The data is written as if "today" were REF_DATE (2026-11-20); `vigil init
--demo` shifts every date so that REF_DATE becomes the actual current day.

Python 3 standard library only.  Deterministic: the same script always writes
byte-identical files (fixed seed, no dependence on the clock, locale or hash
order).  After writing, it runs check.py over the files and prints the
amber/red picture at the reference time.

    python3 sample-data/generate.py            # write the CSVs, check, summary
    python3 sample-data/generate.py --quiet    # only problems and the summary
"""

import csv
import datetime as dt
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True            # leave no __pycache__ in sample-data/
import check  # noqa: E402  (sibling module: validation and alert summary)

SEED = 20261120
REF_DATE = check.REF_DATE                 # 2026-11-20, "today" in the data
HISTORY_DAYS = 120                        # observations: REF-119 .. REF
MOVEMENT_DAYS = 90                        # movements: REF-89 .. REF

COLUMNS = check.COLUMNS

# ---------------------------------------------------------------------------
# helpers

def day(k):
    """The date k days before REF_DATE."""
    return REF_DATE - dt.timedelta(days=k)


def ts(k, minute_of_day):
    d = day(k)
    t = dt.datetime(d.year, d.month, d.day) + dt.timedelta(minutes=minute_of_day)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def fmt_num(v):
    """A number as written in the CSV: integer, or up to two decimals."""
    if isinstance(v, int):
        return str(v)
    s = "%.2f" % v
    s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def write_csv(name, rows):
    cols = COLUMNS[name]
    path = os.path.join(HERE, name + ".csv")
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(cols)
        for r in rows:
            missing = set(cols) - set(r)
            extra = set(r) - set(cols)
            if missing or extra:
                raise SystemExit("%s: row %r: missing %s extra %s"
                                 % (name, r, sorted(missing), sorted(extra)))
            w.writerow(["" if r[c] is None else str(r[c]) for c in cols])
    return path


# ---------------------------------------------------------------------------
# regions
#
# role drives the observation story:
#   E1 / E2 / E3   escalating in the last 3 weeks (strong / moderate / onset)
#   host           receives people displaced from Upper Kessa
#   drought        staple prices rising after a failed harvest
#   past           had a flare-up in August-September that has subsided
#   spill          mild spill-over from Tovreth, stays below amber
#   calm           background noise only

REGIONS = [
    # code, name, parent, population, role
    ("XV01", "Castavel Capital District", "", 1850000, "calm"),
    ("XV02", "Sellamar", "", 920000, "calm"),
    ("XV03", "Upper Kessa", "", 610000, "E2"),
    ("XV0301", "Kessa Falls", "XV03", 95000, "E3"),
    ("XV04", "Lower Kessa", "", 780000, "host"),
    ("XV05", "Tovreth", "", 540000, "E1"),
    ("XV0501", "Varrow", "XV05", 72000, "spill"),
    ("XV06", "Orbanne", "", 430000, "drought"),
    ("XV07", "Mirrowan", "", 350000, "past"),
    ("XV08", "Halvadin", "", 290000, "calm"),
    ("XV09", "Qasreel", "", 180000, "calm"),
    ("XV10", "Embrith", "", 1120000, "calm"),
]
ROLE = {r[0]: r[4] for r in REGIONS}

# day (days before REF) on which each role's escalation starts
START = {"E1": 21, "E2": 17, "E3": 12, "host": 16, "drought": 45, "spill": 14}


def esc(k, role):
    """Escalation factor 0..1 at k days before REF for a region role."""
    if role == "past":
        return math.exp(-((k - 65) / 9.0) ** 2)
    s = START.get(role)
    if s is None or k >= s:
        return 0.0
    return ((s - k) / s) ** 0.8


# ---------------------------------------------------------------------------
# indicators
#
# gen: count   -> daily/periodic event counts (dithered, lognormal noise)
#      level   -> a standing level with gaussian noise
#      weekly  -> designed weekly tallies of rare events
#      curfew  -> designed curfew regimes
# freq: daily, every2, twice (twice a week), weekly

INDICATORS = [
    dict(code="STAPLE", name="Sorghum retail price (50 kg bag)", rf=1,
         unit="VSP per 50 kg", direction="up", aggregate="mean", window=14,
         amber=5000, red=6500, freq="twice", gen="level", sd=90, lo=0, hi=None,
         decimals=True, calm=(3800, 4300), fixed={"XV01": 4350},
         peak={"E1": 6400, "E2": 4800, "host": 4500, "drought": 5900,
               "spill": 4550},
         src=("market survey", "partner report")),
    dict(code="HR-VIOL", name="Documented serious human rights violations", rf=2,
         unit="cases", direction="up", aggregate="sum", window=30,
         amber=10, red=25, freq="weekly", gen="count", calm=(0.3, 1.2),
         peak={"E1": 10, "E2": 3, "E3": 2, "past": 3},
         src=("HR field office", "partner report")),
    dict(code="CT-FUNC", name="Courts and police posts functioning", rf=3,
         unit="percent", direction="down", aggregate="latest", window=30,
         amber=60, red=40, freq="weekly", gen="level", sd=2, lo=0, hi=100,
         calm=(72, 90), peak={"E1": 42, "E2": 62, "E3": 70, "spill": 70},
         src=("partner report", "HR field office")),
    dict(code="LAND-DSP", name="Land and property disputes reported", rf=4,
         unit="disputes", direction="up", aggregate="sum", window=30,
         amber=15, red=30, freq="weekly", gen="count", calm=(0.6, 1.6),
         peak={"E1": 13, "E2": 20, "E3": 3, "host": 4},
         src=("community focal point", "partner report")),
    dict(code="ARMS-SZ", name="Weapons seized or reported in illicit circulation",
         rf=5, unit="weapons", direction="up", aggregate="sum", window=30,
         amber=40, red=100, freq="every2", gen="count", calm=(0.4, 1.2),
         peak={"E1": 9, "E2": 3, "E3": 14, "spill": 2, "past": 5},
         src=("police bulletin", "partner report")),
    dict(code="PEACE-CM", name="Local peace committees meeting regularly", rf=6,
         unit="percent", direction="down", aggregate="mean", window=30,
         amber=50, red=30, freq="weekly", gen="level", sd=3, lo=0, hi=100,
         calm=(64, 85), peak={"E1": -15, "E2": 40, "E3": 55, "spill": 60},
         src=("community focal point", "partner report")),
    dict(code="MOB-RPT", name="Armed group mobilisation and recruitment reports",
         rf=7, unit="reports", direction="up", aggregate="sum", window=14,
         amber=5, red=12, freq="daily", gen="count", calm=(0.02, 0.1),
         peak={"E1": 1.8, "E2": 0.8, "E3": 1.2, "spill": 0.15, "past": 0.6},
         src=("field monitor", "community focal point")),
    dict(code="CHECKPT", name="Checkpoints operated by armed groups or militias",
         rf=7, unit="checkpoints", direction="up", aggregate="max", window=14,
         amber=6, red=12, freq="every2", gen="level", sd=0.6, lo=0, hi=None,
         calm=(0.5, 2.4), peak={"E1": 15, "E2": 15.5, "E3": 8, "spill": 4,
                               "past": 7},
         src=("field monitor", "partner report")),
    dict(code="RALLY", name="Inflammatory rallies and speeches", rf=8,
         unit="events", direction="up", aggregate="sum", window=14,
         amber=3, red=6, freq="daily", gen="count", calm=(0.01, 0.04),
         peak={"E1": 0.45, "E2": 0.5, "E3": 0.65, "past": 0.35},
         src=("field monitor", "media monitoring")),
    dict(code="HATE-SP", name="Hate-speech posts flagged by social media monitoring",
         rf=9, unit="posts", direction="up", aggregate="sum", window=7,
         amber=150, red=300, freq="daily", gen="count", calm=(5, 12),
         fixed={"XV01": 14},
         peak={"E1": 75, "E2": 34, "E3": 70, "spill": 15, "host": 13,
               "past": 40},
         src=("media monitoring", "partner report")),
    dict(code="DECREE", name="Discriminatory decrees, ordinances or directives",
         rf=9, unit="instruments", direction="up", aggregate="sum", window=30,
         amber=1, red=3, freq="weekly", gen="weekly",
         recent={"E1": [1, 1, 1], "E2": [0, 1]},
         history={"XV01": {7: 1}, "XV07": {9: 1}, "XV10": {12: 1}},
         src=("legal monitoring", "HR field office")),
    dict(code="DEHUM", name="Public calls for the expulsion or destruction of a group",
         rf=10, unit="statements", direction="up", aggregate="sum", window=30,
         amber=1, red=3, freq="weekly", gen="weekly",
         recent={"E1": [2, 1, 1], "E2": [1], "E3": [1, 1]},
         history={"XV07": {9: 1, 10: 1}, "XV05": {13: 1}},
         src=("media monitoring", "field monitor")),
    dict(code="CIV-KILL", name="Civilians killed in attacks on communities", rf=11,
         unit="persons", direction="up", aggregate="sum", window=7,
         amber=5, red=15, freq="daily", gen="count", calm=(0.02, 0.09),
         peak={"E1": 2.5, "E2": 0.9, "E3": 0.3, "spill": 0.15, "past": 0.5},
         events={("XV05", 3): 9, ("XV03", 4): 2, ("XV07", 62): 4},
         src=("field monitor", "partner report")),
    dict(code="IDP-ARR", name="New arrivals of internally displaced persons", rf=11,
         unit="persons", direction="up", aggregate="sum", window=7,
         amber=1500, red=5000, freq="daily", gen="count", calm=(10, 65),
         peak={"E1": 1000, "E2": 330, "E3": 120, "host": 400, "spill": 90,
               "past": 150},
         src=("displacement tracking", "partner report")),
    dict(code="CURFEW", name="Curfew hours imposed on one community", rf=12,
         unit="hours per day", direction="up", aggregate="max", window=7,
         amber=8, red=14, freq="weekly", gen="curfew",
         regimes={"E1": [(15, 10), (9, 12), (4, 16)],
                  "E2": [(10, 6), (6, 10)],
                  "E3": [(5, 6)],
                  "past": [(70, 6), (58, 0)]},
         src=("community focal point", "field monitor")),
    dict(code="SCH-CLOSE", name="Schools closed because of insecurity", rf=13,
         unit="schools", direction="up", aggregate="latest", window=14,
         amber=5, red=15, freq="weekly", gen="level", sd=0.7, lo=0, hi=None,
         calm=(0, 1.4), peak={"E1": 12, "E2": 9, "E3": 3, "spill": 2,
                              "past": 4},
         src=("education cluster", "partner report")),
    dict(code="AID-ATT", name="Attacks on aid workers, convoys or premises", rf=14,
         unit="incidents", direction="up", aggregate="sum", window=30,
         amber=2, red=4, freq="weekly", gen="weekly",
         recent={"E1": [2, 1, 1, 1], "E2": [1, 1]},
         history={"XV08": {8: 1}, "XV05": {10: 1}, "XV03": {14: 1}},
         src=("access working group", "partner report")),
    dict(code="ACCESS", name="Days with humanitarian access in the past week",
         rf=14, unit="days", direction="down", aggregate="latest", window=7,
         amber=4, red=2, freq="twice", gen="level", sd=0.35, lo=0, hi=7,
         calm=(6.5, 7.3), peak={"E1": 0, "E2": 3, "E3": 5, "spill": 5.5,
                                "past": 4},
         src=("access working group", "partner report")),
]
IND = {i["code"]: i for i in INDICATORS}

# What the data is designed to show at the reference time (region ->
# {indicator: level}); anything not listed must be below amber.  The generator
# compares the computed picture with this and fails on any difference.
EXPECTED = {
    "XV05": dict(**{c: "red" for c in (
        "HATE-SP", "MOB-RPT", "CHECKPT", "CIV-KILL", "IDP-ARR", "CURFEW",
        "DEHUM", "AID-ATT", "ACCESS", "DECREE")},
        **{c: "amber" for c in (
            "STAPLE", "HR-VIOL", "CT-FUNC", "ARMS-SZ", "PEACE-CM", "RALLY",
            "SCH-CLOSE", "LAND-DSP")}),
    "XV03": dict(CHECKPT="red", **{c: "amber" for c in (
        "HATE-SP", "MOB-RPT", "RALLY", "CIV-KILL", "IDP-ARR", "CURFEW",
        "DECREE", "DEHUM", "AID-ATT", "ACCESS", "LAND-DSP", "SCH-CLOSE")}),
    "XV0301": dict(**{"HATE-SP": "red"}, **{c: "amber" for c in (
        "RALLY", "MOB-RPT", "CHECKPT", "DEHUM", "ARMS-SZ")}),
    "XV04": {"IDP-ARR": "amber"},
    "XV06": {"STAPLE": "amber"},
}


def schedule(freq, rng):
    """Days-before-REF on which a region reports an indicator (oldest first)."""
    if freq == "daily":
        ks = list(range(HISTORY_DAYS))
    elif freq == "every2":
        o = rng.randrange(2)
        ks = list(range(o, HISTORY_DAYS, 2))
    elif freq == "twice":                 # e.g. Monday and Thursday
        o = rng.randrange(3)
        ks, k, step = [], o, 3
        while k < HISTORY_DAYS:
            ks.append(k)
            k += step
            step = 7 - step
    elif freq == "weekly":
        o = rng.randrange(7)
        ks = list(range(o, HISTORY_DAYS, 7))
    else:
        raise ValueError(freq)
    return sorted(ks, reverse=True)


def gen_count(ind, code, role, ks, rng):
    lo, hi = ind["calm"]
    base = ind.get("fixed", {}).get(code, rng.uniform(lo, hi))
    peak = ind["peak"].get(role, base)
    acc = rng.random()
    out = []
    sigma = 0.35
    for k in ks:
        lam = base + (peak - base) * esc(k, role)
        acc += lam * rng.lognormvariate(-sigma * sigma / 2, sigma)
        n = int(acc)
        acc -= n
        n += ind.get("events", {}).get((code, k), 0)
        out.append((k, n))
    return out


def gen_level(ind, code, role, ks, rng):
    lo, hi = ind["calm"]
    base = ind.get("fixed", {}).get(code, rng.uniform(lo, hi))
    peak = ind["peak"].get(role, base)
    out = []
    drift = 0.0
    for k in ks:
        drift = 0.6 * drift + rng.gauss(0, ind["sd"] * 0.5)
        v = base + (peak - base) * esc(k, role) + drift + rng.gauss(0, ind["sd"] * 0.6)
        if ind["lo"] is not None:
            v = max(ind["lo"], v)
        if ind["hi"] is not None:
            v = min(ind["hi"], v)
        if ind.get("decimals"):
            v = round(v * 4) / 4.0        # prices quoted to the quarter
        else:
            v = int(round(v))
        out.append((k, v))
    return out


def gen_weekly(ind, code, role, ks, rng):
    recent = ind["recent"].get(role, [])
    hist = ind["history"].get(code, {})
    out = []
    # ks is oldest first; week index 0 is the most recent report
    n = len(ks)
    for i, k in enumerate(ks):
        w = n - 1 - i
        v = recent[w] if w < len(recent) else hist.get(w, 0)
        out.append((k, v))
    return out


def gen_curfew(ind, code, role, rng):
    """Without a curfew the focal point sends a weekly 'no curfew' (0) report;
    while a curfew is in force it reports the hours daily."""
    regimes = sorted(ind["regimes"].get(role, []), reverse=True)
    weekly = set(schedule("weekly", rng))
    out = []
    hours = 0
    for k in range(HISTORY_DAYS - 1, -1, -1):
        for start, h in regimes:
            if k == start:
                hours = h
        if hours > 0 or k in weekly:
            out.append((k, hours))
    return out


# notes for observations that tell the story (region, indicator, k) -> note
STORY = {
    ("XV05", "CIV-KILL", 3): ("Harrow Lane attack, Tovreth town: 9 killed incl. 3 "
                              "children. Names and witness contacts held by the HR "
                              "field office; do not share.", 1),
    ("XV05", "CIV-KILL", 16): ("Killing of an Aldari militia commander at the "
                               "cattle market; reprisals feared.", 0),
    ("XV05", "HATE-SP", 15): ("Spike after video of the market killing circulated, "
                              "many posts name Vesh neighbourhoods.", 0),
    ("XV05", "CURFEW", 15): ("Provincial order: dusk-to-dawn curfew for Vesh "
                             "quarters only; Aldari quarters exempt.", 0),
    ("XV05", "CURFEW", 4): ("Curfew extended to 16 h; markets closed to Vesh "
                            "traders.", 0),
    ("XV05", "MOB-RPT", 4): ("Trucks with armed young men seen moving from Dorrel "
                             "ranch toward Harrow Lane, 40-60 men.", 1),
    ("XV05", "IDP-ARR", 2): ("Families arriving at the Sisters of the Open Door "
                             "compound, mostly women and children.", 0),
    ("XV03", "CHECKPT", 1): ("New militia checkpoints on the Kessa valley road; "
                             "IDs checked, Vesh passengers taken off buses.", 0),
    ("XV03", "CURFEW", 6): ("Curfew for Vesh villages raised to 10 h by district "
                            "commissioner.", 0),
    ("XV0301", "HATE-SP", 1): ("Coordinated posts calling Kessa Falls Vesh "
                               "\"vermin\"; several accounts new this month.", 0),
    ("XV0301", "RALLY", 4): ("Rally at the Falls bridge; speaker listed Vesh shop "
                             "owners by name.", 1),
    ("XV04", "IDP-ARR", 1): ("Arrivals from Upper Kessa at the Lower Kessa "
                             "reception centre; shelter full.", 0),
    ("XV06", "STAPLE", 2): ("Third consecutive rise; failed short-rains harvest "
                            "and traders hoarding.", 0),
    ("XV07", "HATE-SP", 65): ("August flare-up around the Mirrowan by-election.", 0),
}

# disputed extra reports (region, indicator, k, value, source, note)
DISPUTED = [
    ("XV09", "CIV-KILL", 2, 12, "media monitoring",
     "Viral post claims 12 killed near the Qasreel ferry; field monitor and two "
     "partners found no evidence."),
    ("XV02", "CHECKPT", 1, 15, "partner report",
     "Figure from a party spokesperson; field monitor counted 2 on the same road."),
    ("XV05", "CT-FUNC", 0, 95, "government statement",
     "Provincial administration says all courts and police posts operate normally."),
    ("XV05", "ACCESS", 0, 7, "government statement",
     "Governor's office states there are no access restrictions."),
    ("XV10", "HATE-SP", 1, 420, "partner report",
     "Bot-network burst, mostly duplicated posts; not confirmed by the monitoring "
     "desk."),
    ("XV05", "CIV-KILL", 3, 0, "government statement",
     "Provincial police deny any deaths in Harrow Lane."),
    ("XV04", "IDP-ARR", 5, 9000, "media monitoring",
     "Newspaper figure, appears to count the whole camp population."),
]

ALT_NOTES = [
    "Figures confirmed by two independent sources.",
    "Partial report; two villages unreachable.",
    "Reported by phone, written report to follow.",
    "Count includes one incident from the previous day.",
    "Monitor could not travel; reported by community focal point.",
]

SENSITIVE_NOTES = [
    "Source is a serving official; protect identity.",
    "Informant asked not to be named, fears reprisals.",
    "Details from a survivor interview; held by the HR field office.",
]


DISPUTE_NOTES = [
    "Second source gives a different figure; under review.",
    "Count contested by the partner who filed it.",
    "Could not be confirmed by any other source.",
]
SENSITIVE_INDICATORS = {"CIV-KILL", "HR-VIOL", "MOB-RPT", "DEHUM", "RALLY",
                        "AID-ATT"}


def gen_observations(rng):
    rows = []
    used_story = set()
    for code, name, parent, pop, role in REGIONS:
        for ind in INDICATORS:
            r = random.Random("%d/%s/%s" % (SEED, code, ind["code"]))
            if ind["gen"] == "curfew":
                series = gen_curfew(ind, code, role, r)
            else:
                ks = schedule(ind["freq"], r)
                series = {"count": gen_count, "level": gen_level,
                          "weekly": gen_weekly}[ind["gen"]](ind, code, role, ks, r)
            base_min = r.randrange(3 * 60 + 10, 7 * 60)
            # story notes land on the nearest day this pair is reported
            story_at = {}
            for (sc, si, sk), val in STORY.items():
                if sc == code and si == ind["code"]:
                    near = min((k for k, _ in series), key=lambda k: (abs(k - sk), k))
                    story_at[near] = val
                    used_story.add((sc, si, sk))
            for k, v in series:
                minute = min(8 * 60 + 59, max(3 * 60, base_min + r.randint(-40, 40)))
                source = ind["src"][0]
                if r.random() < 0.08:
                    source = ind["src"][1]
                # verification: fresh reports mostly unverified, older verified
                u = r.random()
                if k <= 3:
                    ver = "verified" if u < 0.15 else "unverified"
                elif k <= 14:
                    ver = "verified" if u < 0.5 else "unverified"
                else:
                    ver = ("verified" if u < 0.72 else
                           "unverified" if u < 0.975 or k <= 30 else "disputed")
                sensitive, note = 0, ""
                story = story_at.get(k)
                if story:
                    note, sensitive = story
                    if ver == "disputed":
                        ver = "unverified"
                elif ver == "disputed":
                    note = r.choice(DISPUTE_NOTES)
                elif ind["code"] in SENSITIVE_INDICATORS and v and r.random() < 0.03:
                    sensitive, note = 1, r.choice(SENSITIVE_NOTES)
                elif r.random() < 0.01:
                    note = r.choice(ALT_NOTES)
                rows.append(dict(region_code=code, indicator_code=ind["code"],
                                 observed_at=ts(k, minute), value=fmt_num(v),
                                 source=source, verification=ver,
                                 sensitive=sensitive, note=note))
    if used_story != set(STORY):
        raise SystemExit("story notes not placed: %s" % sorted(set(STORY) - used_story))
    for code, icode, k, v, source, note in DISPUTED:
        rows.append(dict(region_code=code, indicator_code=icode,
                         observed_at=ts(k, 8 * 60 + 30), value=fmt_num(v),
                         source=source, verification="disputed", sensitive=0,
                         note=note))
    rows.sort(key=lambda r: (r["observed_at"], r["region_code"],
                             r["indicator_code"], r["source"]))
    return rows


# ---------------------------------------------------------------------------
# partners

SENSITIVE_CONTACT_NOTE = "Contact only through the duty officer; never by name on open channels."

PARTNERS = [
    # name, acronym, kind, sectors, region, contact, trust, days_since_contact,
    # sensitive, notes
    ("Kessa Valley Protection Network", "KVPN", "local_ngo",
     "protection;early_warning", "XV03", "Maren Tolvik", 4, 2, 0,
     "Runs 14 community monitors in Upper Kessa, daily SMS reports."),
    ("Safe Testimony Network", "STN", "local_ngo",
     "protection;legal_aid;mhpss", "XV05", "Iona Brevik", 5, 1, 1,
     "Supports survivors and witnesses giving testimony. Never share safe-house "
     "locations, not even with government partners."),
    ("Tovreth Women's Mediation Circle", "TWMC", "local_ngo",
     "mediation;protection;gbv", "XV05", "Aselle Dunmar", 5, 4, 0,
     "Mediators trusted by both Vesh and Aldari market women."),
    ("Sellamar Relief Association", "SRA", "local_ngo",
     "food_security;shelter;logistics", "XV02", "Piet Corvanne", 4, 9, 0,
     "Port warehouse, 2 trucks, volunteers on call."),
    ("Orbanne Water and Livelihoods Trust", "OWLT", "local_ngo",
     "wash;livelihoods", "XV06", "Halima Restow", 3, 38, 0,
     "Borehole repair teams; slow to report, chase by phone."),
    ("Lower Kessa Displacement Response Committee", "LKDRC", "local_ngo",
     "shelter;protection;coordination", "XV04", "Jonah Vellis", 4, 1, 0,
     "Manages the reception centre at the old cotton gin."),
    ("Halvadin Health Volunteers", "HHV", "local_ngo", "health", "XV08",
     "Dr Teodor Amsel", 3, 52, 0,
     "Volunteer nurses, good coverage of the hill villages."),
    ("Varsenian Lantern Society", "VLS", "local_ngo", "health;logistics", "XV10",
     "Nadia Korrin", 4, 12, 0,
     "First aid and ambulance service, neutral emblem respected so far."),
    ("Citizens' Observatory for Peace", "COP", "cso",
     "early_warning;human_rights;research", "XV01", "Lev Aramov", 4, 3, 0,
     "Runs the rumour-tracking hotline, shares weekly trend notes."),
    ("Varsenian Bar Association Legal Aid Desk", "VBA-LAD", "cso",
     "legal_aid;human_rights", "XV01", "Clara Menzoni", 4, 20, 0,
     "Pro bono lawyers for detainees; can attend hearings at 24 h notice."),
    ("Youth for Common Ground", "YCG", "cso", "peacebuilding;education", "XV10",
     "Sami Ostrander", 3, 6, 0,
     "Youth clubs in 9 schools, sports and arts programmes."),
    ("Mirrowan Traders' Peace Forum", "MTPF", "cso", "mediation;livelihoods",
     "XV07", "Gideon Farrow", 3, 47, 0,
     "Helped defuse the August market dispute, quieter since."),
    ("Elder Ombar Haskel", "", "community_leader", "mediation", "XV05",
     "Ombar Haskel", 4, 2, 1,
     "Aldari elder; has spoken against reprisals and received threats. Meet "
     "only at the mission compound."),
    ("Chief Selene Davorra", "", "community_leader", "mediation;protection",
     "XV03", "Selene Davorra", 3, 5, 1,
     "Vesh chief of the upper valley villages, reachable via KVPN."),
    ("Council of Kessa Falls Elders", "CKFE", "community_leader", "mediation",
     "XV0301", "Bartholomew Ise", 3, 8, 1,
     "Mixed council, 7 members; two Aldari members stopped attending in "
     "November."),
    ("Headwoman Irit Vasko", "", "community_leader", "mediation;livelihoods",
     "XV09", "Irit Vasko", 4, 33, 0,
     "Leads the grazing-route agreements between herders and farmers."),
    ("Interfaith Council of Varsenia", "ICV", "faith_group", "mediation;mhpss",
     "XV01", "Rev. Amara Solt", 5, 7, 0,
     "Can convene all faith leaders within 48 h, holds the national mediator "
     "roster."),
    ("Sisters of the Open Door Mission", "SODM", "faith_group",
     "health;shelter;mhpss", "XV05", "Sister Magdalen Orrey", 5, 1, 0,
     "Compound in Tovreth town sheltering displaced families, about 600 "
     "people."),
    ("Varrow United Congregations", "VUC", "faith_group", "mhpss;protection",
     "XV0501", "Pastor Eli Wenning", 3, 61, 0,
     "Prefers calls after 18:00.\nSays: \"Do not send staff without a local "
     "escort.\""),
    ("UN Human Rights Field Office", "HRFO", "un_agency",
     "human_rights;protection;early_warning", "XV01", "Ines Halloran", 5, 0, 0,
     "Lead on documentation; secure upload for witness material."),
    ("UN Humanitarian Coordination Office", "HCO", "un_agency",
     "coordination;logistics", "XV01", "Mateo Varga-Lund", 5, 1, 0,
     "Chairs the access working group, owns the central stock."),
    ("UN Refugee and IDP Protection Unit", "RPU", "un_agency",
     "protection;shelter", "XV04", "Soraya Keldani-Tann", 4, 3, 0,
     "Registration at Lower Kessa reception centre."),
    ("UN Child Protection Programme", "CPP", "un_agency",
     "protection;education", "XV03", "Hugo Laskaris", 4, 11, 0,
     "Tracks school closures and child recruitment reports."),
    ("UN Food Assistance Programme", "FAP", "un_agency",
     "food_security;logistics", "XV02", "Ngozi Ferreira-Hale", 4, 15, 0,
     "Runs the market price survey, twice a week."),
    ("UN Peace Mission Civil Affairs Section", "CAS", "un_agency",
     "mediation;early_warning", "XV05", "Tomasz Irgens", 4, 0, 0,
     "Team of 6 in Tovreth, armoured vehicle on request."),
    ("Meridian States Union Early Warning Unit", "MSU-EWU", "regional_org",
     "early_warning;research", "", "Adaeze Kolvard", 4, 26, 0,
     "Regional desk outside the country; weekly call on Tuesdays."),
    ("Meridian Ceasefire Monitoring Mission", "MCMM", "regional_org",
     "early_warning;protection", "XV05", "Col. Rafe Osterman", 3, 9, 0,
     "Patrols limited to daylight, can verify checkpoint reports."),
    ("Ministry of Interior Peace and Cohesion Directorate", "MOI-PCD",
     "government", "coordination", "XV01", "Director Viktor Sallas", 3, 18, 0,
     "Formal channel for early-warning letters, replies slowly."),
    ("National Commission for Truth and Reconciliation", "NCTR", "government",
     "transitional_justice", "XV01", "Commissioner Lena Oduya-Marsh", 4, 22, 0,
     "Runs the truth hearings and the reparations fund."),
    ("Upper Kessa Provincial Administration", "UKPA", "government",
     "coordination", "XV03", "Secretary Dorn Hallet", 2, 40, 0,
     "District commissioner signed the curfew order, engage through the "
     "Ministry."),
    ("Tovreth Provincial Police Command", "TPPC", "government", "security",
     "XV05", "Supt. Karel Wintrop", 1, 12, 0,
     "Some units implicated in checkpoint abuses; never share witness data."),
    ("Embrith Civil Protection Directorate", "ECPD", "government",
     "logistics;coordination", "XV10", "Marta Ilves", 4, 27, 0,
     "Fuel and generators in emergencies, paperwork heavy."),
    ("Radio Kessa Community FM", "RKFM", "media", "media;early_warning", "XV03",
     "Abel Sunderby", 4, 5, 0,
     "Broadcasts in Vesh and Aldari, produces the peace radio drama."),
    ("The Castavel Ledger", "", "media", "media", "XV01", "Petra Lindqvist-Oro", 3,
     44, 0, "National daily; careful with casualty figures, checks with us."),
    ("Open Signal Fact-Check Desk", "OSFD", "media", "media;research", "XV01",
     "Yusuf Talbrenn", 4, 2, 0,
     "Supplies the hate-speech monitoring counts, daily at 07:00."),
    ("Castavel University Centre for Conflict Studies", "CCS", "academic",
     "research;early_warning", "XV01", "Prof. Ilse Marrek", 4, 35, 0,
     "Data analysis support, students help with media monitoring."),
    ("Embrith Institute of Social Research", "EISR", "academic", "research",
     "XV10", "Dr Omar Pellegrin", 3, 90, 0,
     "Survey teams for perception studies; last survey in August."),
    ("Sellamar Truckers' Cooperative", "STC", "other", "logistics", "XV02",
     "Ruben Castellane", 3, 14, 0,
     "Trucks on contract, drivers will not cross militia checkpoints."),
    ("Northline Logistics Ltd", "", "other", "logistics", "XV01",
     "Fenna Drossel", 3, 21, 0, "Fuel supplier, 72 h delivery, cash only."),
    ("Qasreel Solar Cooperative", "QSC", "other", "energy;livelihoods", "XV09",
     "Tamsin Okoro-Vale", 3, 75, 0,
     "Solar lanterns and chargers, repairs in Qasreel town."),
]
PARTNER_NAMES = [p[0] for p in PARTNERS]


def slug(s):
    out = []
    for ch in s.lower():
        if ch.isalnum():
            out.append(ch)
        elif out and out[-1] != ".":
            out.append(".")
    return "".join(out).strip(".")


# partners without an acronym of their own, or on .test domains
EMAIL_DOMAIN = {
    "Headwoman Irit Vasko": "qasreel-mail.test",
    "The Castavel Ledger": "castavel-ledger.example",
    "Northline Logistics Ltd": "northline.test",
    "Sellamar Truckers' Cooperative": "stc-coop.test",
    "Qasreel Solar Cooperative": "qasreel-solar.test",
}


def gen_partners(rng):
    rows = []
    used_phones = set()
    for i, (name, acr, kind, sectors, region, contact, trust, since, sens,
            notes) in enumerate(PARTNERS):
        while True:
            phone = "+999 %d 555 %04d" % (rng.choice((20, 21, 22, 24, 26, 71)),
                                          rng.randrange(100, 200))
            if phone not in used_phones:
                used_phones.add(phone)
                break
        person = contact.split()
        # drop titles for the mailbox name
        titles = {"dr", "rev.", "prof.", "col.", "supt.", "sister", "pastor",
                  "director", "commissioner", "secretary"}
        person = [w for w in person if w.lower() not in titles]
        local = slug(" ".join(person[-2:]))
        dom = EMAIL_DOMAIN.get(name) or slug(acr).replace(".", "-") + ".example"
        email = "%s@%s" % (local, dom)
        if kind == "community_leader" and sens:
            email = ""                     # reached through intermediaries
        rows.append(dict(name=name, acronym=acr, kind=kind, sectors=sectors,
                         region_code=region, contact_name=contact, phone=phone,
                         email=email, trust=trust,
                         last_contact=day(since).isoformat(), sensitive=sens,
                         notes=notes))
    return rows


# ---------------------------------------------------------------------------
# resources and movements

# code, name, category, unit, region, site, opening, minimum, owner, status,
# expiry, final quantity, plan
# plan: list of (reason, weight) used for random movements before the
# reconciling last movement
RESOURCES = [
    ("MED-TRAUMA-01", "Emergency trauma kits (50 casualties)", "medical", "kits",
     "XV01", "Castavel central warehouse", 24, 8,
     "UN Humanitarian Coordination Office", "available", "2027-09-30", 14),
    ("MED-TRAUMA-05", "Emergency trauma kits (50 casualties)", "medical", "kits",
     "XV05", "Tovreth hub, former grain store", 6, 6,
     "Sisters of the Open Door Mission", "deployed", "2027-06-30", 2),
    ("MED-PEP-05", "Post-exposure prophylaxis kits", "medical", "kits", "XV05",
     "Sisters of the Open Door clinic", 60, 40,
     "Sisters of the Open Door Mission", "available", "2026-11-27", 28),
    ("MED-ORS-04", "Oral rehydration salts", "medical", "sachets", "XV04",
     "Lower Kessa reception centre", 6000, 2000,
     "Lower Kessa Displacement Response Committee", "expired", "2026-11-12", 0),
    ("MED-ABX-08", "Antibiotic treatment courses", "medical", "courses", "XV08",
     "Halvadin district clinic store", 800, 300, "Halvadin Health Volunteers",
     "available", "2027-03-31", 450),
    ("WAT-TABS-06", "Water purification tablets", "water", "tablets", "XV06",
     "Orbanne borehole depot", 200000, 50000,
     "Orbanne Water and Livelihoods Trust", "available", "2026-12-01", 120000),
    ("WAT-TABS-04", "Water purification tablets", "water", "tablets", "XV04",
     "Lower Kessa reception centre", 50000, 40000,
     "Lower Kessa Displacement Response Committee", "available", "2028-01-31",
     18000),
    ("WAT-JERRY-03", "Jerrycans, 20 L", "water", "jerrycans", "XV03",
     "Upper Kessa field store", 3000, 1000, "UN Refugee and IDP Protection Unit",
     "available", "", 1200),
    ("WAT-BLAD-02", "Water bladders, 10,000 L", "water", "bladders", "XV02",
     "Sellamar port warehouse", 12, 4, "Sellamar Relief Association",
     "reserved", "", 9),
    ("FOOD-HEB-02", "High-energy biscuits", "food", "cartons", "XV02",
     "Sellamar port warehouse", 2400, 800, "UN Food Assistance Programme",
     "available", "2027-02-28", 900),
    ("FOOD-RUTF-06", "Ready-to-use therapeutic food", "food", "cartons", "XV06",
     "Orbanne nutrition centre", 500, 200,
     "Orbanne Water and Livelihoods Trust", "expired", "2026-11-16", 150),
    ("FOOD-PARCEL-04", "Family food parcels (1 month)", "food", "parcels", "XV04",
     "Lower Kessa reception centre", 1500, 500, "UN Food Assistance Programme",
     "available", "2027-05-31", 620),
    ("SHEL-TARP-01", "Tarpaulins 4 x 6 m", "shelter", "pieces", "XV01",
     "Castavel central warehouse", 8000, 2000,
     "UN Humanitarian Coordination Office", "available", "", 4500),
    ("SHEL-TARP-05", "Tarpaulins 4 x 6 m", "shelter", "pieces", "XV05",
     "Tovreth hub, former grain store", 300, 500,
     "Sisters of the Open Door Mission", "available", "", 0),
    ("SHEL-TENT-04", "Family tents", "shelter", "tents", "XV04",
     "Lower Kessa reception centre", 400, 150,
     "UN Refugee and IDP Protection Unit", "deployed", "", 180),
    ("SHEL-BLNK-03", "Blankets", "shelter", "pieces", "XV03",
     "Upper Kessa field store", 5000, 1500, "Kessa Valley Protection Network",
     "available", "", 1800),
    ("VEH-4X4-01", "4x4 field vehicles", "vehicle", "vehicles", "XV01",
     "Castavel motor pool", 12, 6, "UN Humanitarian Coordination Office",
     "available", "", 10),
    ("VEH-4X4-05", "4x4 field vehicles", "vehicle", "vehicles", "XV05",
     "Tovreth hub, former grain store", 4, 3,
     "UN Peace Mission Civil Affairs Section", "deployed", "", 2),
    ("VEH-MOTO-03", "Motorcycles", "vehicle", "motorcycles", "XV03",
     "Upper Kessa field store", 8, 4, "Kessa Valley Protection Network",
     "deployed", "", 7),
    ("VEH-TRUCK-02", "Cargo trucks, 10 t", "vehicle", "trucks", "XV02",
     "Sellamar port warehouse", 6, 4, "Sellamar Truckers' Cooperative",
     "reserved", "", 5),
    ("FUEL-DSL-01", "Diesel", "fuel", "litres", "XV01", "Castavel fuel depot",
     40000, 15000, "Northline Logistics Ltd", "available", "", 22000),
    ("FUEL-DSL-05", "Diesel", "fuel", "litres", "XV05",
     "Tovreth hub, former grain store", 6000, 5000,
     "UN Peace Mission Civil Affairs Section", "available", "", 1800),
    ("COMM-SAT-01", "Satellite phones", "comms", "handsets", "XV01",
     "Castavel operations centre", 20, 10, "UN Humanitarian Coordination Office",
     "available", "", 11),
    ("COMM-SAT-0301", "Satellite phones", "comms", "handsets", "XV0301",
     "Kessa Falls field base", 6, 4, "Kessa Valley Protection Network",
     "deployed", "", 5),
    ("COMM-VHF-05", "VHF handheld radios", "comms", "radios", "XV05",
     "Tovreth hub, former grain store", 30, 20,
     "Meridian Ceasefire Monitoring Mission", "deployed", "", 24),
    ("COMM-AIR-01", "Satellite phone airtime", "comms", "minutes", "XV01",
     "Castavel operations centre", 10000, 3000,
     "UN Humanitarian Coordination Office", "available", "2026-12-31", 5200),
    ("PERS-MED-00", "Trained community mediators (national roster)", "personnel",
     "persons", "", "National roster, on call", 36, 20,
     "Interfaith Council of Varsenia", "available", "", 28),
    ("PERS-MED-05", "Trained community mediators", "personnel", "persons", "XV05",
     "Tovreth town", 6, 10, "Tovreth Women's Mediation Circle", "deployed", "",
     14),
    ("PERS-PMON-03", "Protection monitors", "personnel", "persons", "XV03",
     "Upper Kessa field store", 12, 10, "Kessa Valley Protection Network",
     "deployed", "", 11),
    ("PERS-INT-04", "Interpreters (Vesh and Aldari)", "personnel", "persons",
     "XV04", "Lower Kessa reception centre", 5, 4,
     "UN Refugee and IDP Protection Unit", "available", "", 6),
    ("OTH-DIG-04", "Dignity kits", "other", "kits", "XV04",
     "Lower Kessa reception centre", 1200, 400,
     "Lower Kessa Displacement Response Committee", "available", "", 500),
    ("OTH-FOR-05", "Forensic documentation kits", "other", "kits", "XV05",
     "Mission compound, locked store", 15, 5, "UN Human Rights Field Office",
     "reserved", "", 9),
    ("OTH-GEN-03", "Mobile generators, 20 kVA", "other", "generators", "XV03",
     "Upper Kessa field store", 2, 1, "Upper Kessa Provincial Administration",
     "damaged", "", 1),
    ("OTH-SOLAR-09", "Solar lanterns", "other", "lanterns", "XV09",
     "Qasreel cooperative workshop", 400, 100, "Qasreel Solar Cooperative",
     "available", "", 310),
]

# hand-written movements that carry the story; paired transfers between sites
# (resource, k days before REF, hh:mm, delta, reason, note)
FIXED_MOVES = [
    ("SHEL-TARP-01", 19, "07:40", -1500, "transfer",
     "To Tovreth hub for families sheltering at the mission compound."),
    ("SHEL-TARP-05", 18, "15:10", 1500, "transfer",
     "From Castavel central warehouse, convoy of 3 trucks."),
    ("SHEL-TARP-01", 12, "08:05", -1200, "transfer",
     "To Lower Kessa reception centre."),
    ("SHEL-TARP-05", 3, "16:30", -420, "lost",
     "Convoy stopped at the Dorrel ranch checkpoint, load taken by militia."),
    ("VEH-4X4-05", 9, "11:20", -1, "damaged",
     "Hit by gunfire near Harrow Lane, no injuries; towed to Castavel."),
    ("VEH-4X4-05", 4, "18:45", -1, "lost", "Carjacked at gunpoint on the ring road."),
    ("MED-ORS-04", 8, "09:00", None, "expired",
     "Batch expired 2026-11-12; destroyed under supervision."),
    ("COMM-SAT-0301", 6, "10:15", -1, "damaged", "Dropped in the river crossing."),
    ("PERS-MED-00", 14, "09:00", -8, "dispatched",
     "Deployed to Tovreth for the market dialogue."),
    ("PERS-MED-05", 13, "14:00", 8, "received",
     "From the national roster, for the market dialogue."),
    ("PERS-PMON-03", 10, "12:00", -2, "dispatched",
     "Relocated to Castavel after threats at the Kessa valley checkpoints."),
    ("OTH-GEN-03", 25, "13:30", -1, "damaged", "Burnt out in the depot fire."),
    ("MED-PEP-05", 3, "10:40", -14, "dispatched",
     "To mobile clinic after the Harrow Lane attack."),
    ("FOOD-RUTF-06", 20, "08:15", 40, "found", "Cartons found during warehouse audit."),
    ("WAT-TABS-04", 30, "09:30", -2000, "correction", "Stock count after audit."),
]

REASON_NOTES = {
    "received": ["Delivery from Castavel central warehouse.",
                 "Donation received, waybill on file.",
                 "Pipeline delivery, checked on arrival.",
                 "Replenishment from regional stock."],
    "dispatched": ["Distribution to displaced families.",
                   "Issued to field team.",
                   "Dispatched to partner site on request.",
                   "Distribution at reception centre, lists signed."],
    "lost": ["Missing after convoy delay, under investigation."],
    "found": ["Found during stock count."],
    "damaged": ["Damaged in storage, written off."],
    "correction": ["Stock count correction.", "Recount after inventory check."],
}
CATEGORY_NOTES = {
    "personnel": {"received": ["New team member completed induction."],
                  "dispatched": ["Reassigned to another team."]},
    "vehicle": {"received": ["Returned from the workshop."],
                "dispatched": ["Loaned to a partner for convoy support."]},
    "fuel": {"received": ["Tanker delivery, dipstick checked."],
             "dispatched": ["Issued to vehicles and generators."],
             "damaged": ["Contaminated drum, water in the fuel."],
             "lost": ["Drum missing after night at the depot."]},
    "comms": {"received": ["Returned by field team.",
                           "New stock from Castavel operations centre."],
              "dispatched": ["Issued to field team.",
                             "Issued to partner for a field mission."],
              "damaged": ["Faulty, sent for repair."],
              "lost": ["Not returned by field team, reported lost."]},
    "medical": {"damaged": ["Cold-chain break, written off."]},
    "water": {"damaged": ["Punctured or crushed in transport."]},
    "food": {"damaged": ["Cartons damaged by rain, written off."]},
    "shelter": {"damaged": ["Torn or mouldy, written off."]},
}

# typical movement size as a fraction of opening stock, by category
STEP = {"medical": 0.12, "water": 0.12, "food": 0.1, "shelter": 0.08,
        "vehicle": 0.0, "fuel": 0.1, "comms": 0.08, "personnel": 0.0,
        "other": 0.08}


def move_ts(k, hhmm):
    d = day(k)
    h, m = (int(x) for x in hhmm.split(":"))
    return "%sT%02d:%02d:00Z" % (d.isoformat(), h, m)


def note_for(cat, reason, rng):
    return rng.choice(CATEGORY_NOTES.get(cat, {}).get(reason, REASON_NOTES[reason]))


def random_move(cat, opening, rng, p_out):
    size = max(1, int(round(opening * STEP[cat] * rng.uniform(0.4, 1.6))))
    if size >= 100:
        size = int(round(size, -1 if size < 1000 else -2))
    u = rng.random()
    if u < p_out:
        return "dispatched", -size
    if u < 0.88:
        return "received", size
    if u < 0.93:
        return "correction", rng.choice((-1, 1)) * max(1, size // 10)
    if u < 0.96:
        return "damaged", -max(1, size // 5)
    if u < 0.98:
        return "lost", -max(1, size // 5)
    return "found", max(1, size // 5)


def gen_movements(rng):
    """Stock history after the opening quantity in resources.csv.

    Story movements (FIXED_MOVES) plus random receipts and dispatches, then a
    reconciling receipt or dispatch (and, for an odd remainder, a count
    correction) after everything else so that the resource ends at its
    designed final quantity.  The running balance never goes below zero,
    nothing moves after a write-off, and expired stock is not issued."""
    rows = []
    for (code, name, cat, unit, region, site, opening, minimum, owner, status,
         expiry, final) in RESOURCES:
        fixed = [m for m in FIXED_MOVES if m[0] == code]
        write_off = max([m[1] for m in fixed if m[3] is None] or [-1])
        cutoff = write_off           # no random movement on or after day k
        if expiry and dt.date.fromisoformat(expiry) < REF_DATE:
            cutoff = max(cutoff, (REF_DATE - dt.date.fromisoformat(expiry)).days)
        net = final - opening - sum(m[3] or 0 for m in fixed)
        p_out = 0.72 if net < 0 else 0.45
        for attempt in range(2000):
            moves, used = [], set()
            for (_, k, hhmm, delta, reason, note) in fixed:
                moves.append([move_ts(k, hhmm), delta, reason, note])
                used.add(move_ts(k, hhmm))
            n_random = 0 if STEP[cat] == 0 or opening < 10 else rng.randint(4, 11)
            for _ in range(n_random):
                k = rng.randrange(max(1, cutoff + 1), MOVEMENT_DAYS)
                at = move_ts(k, "%02d:%02d" % (rng.randint(7, 17),
                                               rng.choice((0, 15, 30, 45))))
                if at in used:
                    continue
                used.add(at)
                reason, delta = random_move(cat, opening, rng, p_out)
                moves.append([at, delta, reason, note_for(cat, reason, rng)])
            moves.sort()
            q, ok, high = opening, True, opening
            for m in moves:
                if m[1] is None:          # expired write-off: all that is left
                    m[1] = -q
                q += m[1]
                ok = ok and q >= 0
                high = max(high, q)
            diff = final - q
            if not ok or (diff and write_off >= 0):
                continue
            if abs(diff) > max(0.3 * high, 2) and attempt < 1900:
                continue                  # reconciling movement would look odd
            if diff:
                last = moves[-1][0] if moves else move_ts(MOVEMENT_DAYS, "07:00")
                last_k = (REF_DATE - dt.date.fromisoformat(last[:10])).days
                lo = max(0, cutoff + 1) if cutoff >= 0 else 0
                if last_k <= lo:
                    continue
                k = rng.randrange(lo, last_k)
                hhmm = ("%02d:%02d" % (rng.randint(6, 8), rng.choice((0, 15, 30)))
                        if k == 0 else
                        "%02d:%02d" % (rng.randint(7, 17), rng.choice((0, 30))))
                at = move_ts(k, hhmm)
                reason = "dispatched" if diff < 0 else "received"
                # round figure moved, the odd remainder found at the next count
                unit = 100 if high >= 5000 else 10 if high >= 200 else 1
                main = int(diff / unit) * unit or diff
                moves.append([at, main, reason, note_for(cat, reason, rng)])
                if diff != main:
                    if k <= lo:
                        continue
                    k2 = rng.randrange(lo, k)
                    at2 = move_ts(k2, "%02d:%02d" % (rng.randint(6, 8), 50))
                    moves.append([at2, diff - main, "correction",
                                  rng.choice(REASON_NOTES["correction"])])
            break
        else:
            raise SystemExit("could not build movements for " + code)
        for at, delta, reason, note in moves:
            rows.append(dict(resource_code=code, delta=delta, reason=reason,
                             at=at, note=note))
    rows.sort(key=lambda r: (r["at"], r["resource_code"]))
    return rows


def gen_resources():
    rows = []
    for (code, name, cat, unit, region, site, opening, minimum, owner, status,
         expiry, final) in RESOURCES:
        rows.append(dict(code=code, name=name, category=cat, unit=unit,
                         region_code=region, site=site, quantity=final,
                         minimum=minimum, owner=owner, status=status,
                         expiry=expiry))
    return rows


# ---------------------------------------------------------------------------
# activities

ACTIVITIES = [
    # code, title, kind, region, lead, status, start, end, target, reached,
    # outcome, notes
    ("ACT-001", "Intercommunal dialogue, Tovreth market district", "dialogue",
     "XV05", "Tovreth Women's Mediation Circle", "ongoing", "2026-10-05",
     "2026-11-10", 120, 64, "",
     "Sessions suspended twice after the curfew was extended; extension "
     "requested."),
    ("ACT-002", "Kessa Falls elders' dialogue on the bridge market", "dialogue",
     "XV0301", "Council of Kessa Falls Elders", "planned", "2026-11-01",
     "2026-11-15", 40, "", "",
     "Never started: elders ask for security guarantees first."),
    ("ACT-003", "Truth-telling hearings on the 2011 Orbanne market killings",
     "truth_commission", "XV06", "National Commission for Truth and Reconciliation",
     "completed", "2026-06-02", "2026-07-30", 300, 287,
     "287 testimonies recorded, 41 in closed session; report due in January.",
     ""),
    ("ACT-004", "Regional truth hearings, Upper Kessa", "truth_commission", "XV03",
     "National Commission for Truth and Reconciliation", "postponed",
     "2026-11-10", "2026-12-18", 250, "", "",
     "Postponed after threats against two commissioners."),
    ("ACT-005", "Community court sessions on cattle-raiding cases",
     "community_court", "XV09", "Headwoman Irit Vasko", "completed", "2026-07-06",
     "2026-08-28", 35, 31,
     "31 cases settled, compensation in cattle agreed for 24; 4 referred to "
     "the magistrate.", ""),
    ("ACT-006", "Community court on occupied houses and plots", "community_court",
     "XV04", "Lower Kessa Displacement Response Committee", "ongoing",
     "2026-09-14", "2026-12-20", 150, 58, "",
     "Hearings every Thursday at the reception centre."),
    ("ACT-007", "Early-warning training for community monitors", "training",
     "XV03", "Kessa Valley Protection Network", "completed", "2026-08-17",
     "2026-08-21", 40, 38,
     "38 monitors trained, SMS reporting live in 12 villages.", ""),
    ("ACT-008", "Conflict-sensitive reporting for journalists", "training", "XV01",
     "Open Signal Fact-Check Desk", "completed", "2026-09-08", "2026-09-10",
     25, 27, "27 journalists from 11 outlets; joint style guide adopted.", ""),
    ("ACT-009", "Mediator refresher course", "training", "XV10",
     "Interfaith Council of Varsenia", "planned", "2026-12-07", "2026-12-11",
     30, "", "", "Venue confirmed at the Embrith institute."),
    ("ACT-010", "Human rights briefing for provincial police", "training", "XV05",
     "UN Human Rights Field Office", "cancelled", "2026-10-19", "2026-10-21",
     60, 0, "", "Cancelled: police command withdrew all nominees."),
    ("ACT-011", "Memorial day for the victims of the 2011 market killings",
     "memorialisation", "XV06", "Interfaith Council of Varsenia", "completed",
     "2026-09-21", "2026-09-21", 2000, 3500,
     "About 3,500 attended; first joint ceremony with Aldari leaders.", ""),
    ("ACT-012", "Memory wall at the Kessa Falls bridge", "memorialisation", "XV0301",
     "Youth for Common Ground", "planned", "2027-01-15", "2027-03-31", 200, "",
     "", "Design chosen by a mixed youth jury."),
    ("ACT-013", "Community reparations fund, first disbursement", "reparations",
     "XV06", "National Commission for Truth and Reconciliation", "ongoing",
     "2026-08-01", "2026-10-31", 450, 310, "",
     "Delayed by bank transfer limits in Orbanne."),
    ("ACT-014", "Symbolic reparations ceremony", "reparations", "XV07",
     "Mirrowan Traders' Peace Forum", "cancelled", "2026-09-12", "2026-09-12",
     500, 0, "", "Cancelled during the by-election tensions."),
    ("ACT-015", "Land restitution pilot, Lower Kessa", "land_restitution", "XV04",
     "UN Refugee and IDP Protection Unit", "ongoing", "2026-07-01", "2027-06-30",
     800, 214, "", "Claims register shared with the community court."),
    ("ACT-016", "Land title verification, upper valley villages",
     "land_restitution", "XV03", "Upper Kessa Provincial Administration",
     "postponed", "2026-10-01", "2026-11-05", 300, 22, "",
     "Surveyors withdrawn when checkpoints went up."),
    ("ACT-017", "Trauma healing groups for displaced women", "trauma_healing",
     "XV04", "Sisters of the Open Door Mission", "ongoing", "2026-09-01",
     "2026-12-15", 180, 121, "", "Eight groups of 15, twice weekly."),
    ("ACT-018", "Psychosocial support for survivors and witnesses",
     "trauma_healing", "XV05", "Safe Testimony Network", "ongoing", "2026-10-20",
     "2027-01-31", 60, 23, "", "Locations are not recorded here."),
    ("ACT-019", "School-based trauma healing programme", "trauma_healing", "XV10",
     "Youth for Common Ground", "completed", "2026-05-04", "2026-07-17", 400, 366,
     "366 pupils completed the 10-session programme; teachers continue it.", ""),
    ("ACT-020", "Peace radio drama series \"Two Banks of the Kessa\"", "other",
     "XV03", "Radio Kessa Community FM", "ongoing", "2026-08-01", "2026-11-15",
     52, 42, "", "Episodes 43-52 recorded, broadcast slot lost to the curfew."),
    ("ACT-021", "Rumour-tracking hotline", "other", "XV01",
     "Citizens' Observatory for Peace", "ongoing", "2026-06-01", "2026-12-31",
     5000, 3870, "",
     "Target and reached count calls answered; 212 rumours verified or "
     "debunked so far."),
    ("ACT-022", "Cross-line dialogue, Tovreth and Varrow", "dialogue", "XV0501",
     "UN Peace Mission Civil Affairs Section", "planned", "2026-11-24",
     "2026-11-26", 30, "", "", "Needs mission escort both days."),
    ("ACT-023", "Youth football for peace tournament", "other", "XV10",
     "Youth for Common Ground", "completed", "2026-08-08", "2026-08-30", 16, 16,
     "16 mixed teams, final attended by 1,200; no incidents.", ""),
    ("ACT-024", "Elders' dialogue on grazing routes", "dialogue", "XV09",
     "Headwoman Irit Vasko", "completed", "2026-09-28", "2026-10-02", 45, 52,
     "Seasonal routes and water points agreed, written agreement signed.", ""),
    ("ACT-025", "Early-warning training for Tovreth focal points", "training",
     "XV05", "UN Peace Mission Civil Affairs Section", "planned", "2026-12-01",
     "2026-12-04", 24, "", "", ""),
    ("ACT-026", "Intercommunal dialogue, Mirrowan market", "dialogue", "XV07",
     "Mirrowan Traders' Peace Forum", "planned", "", "", "", "", "",
     "Dates to be agreed with both traders' associations."),
]


def gen_activities():
    rows = []
    for (code, title, kind, region, lead, status, start, end, target, reached,
         outcome, notes) in ACTIVITIES:
        rows.append(dict(code=code, title=title, kind=kind, region_code=region,
                         lead_partner=lead, status=status, start_date=start,
                         end_date=end, target=target, reached=reached,
                         outcome=outcome, notes=notes))
    return rows


# ---------------------------------------------------------------------------

def main(argv):
    quiet = "--quiet" in argv
    rng = random.Random(SEED)
    tables = {
        "regions": [dict(code=c, name=n, parent_code=p, population=pop)
                    for c, n, p, pop, _ in REGIONS],
        "indicators": [dict(code=i["code"], name=i["name"], risk_factor=i["rf"],
                            unit=i["unit"], direction=i["direction"],
                            aggregate=i["aggregate"], window_days=i["window"],
                            amber=fmt_num(i["amber"]), red=fmt_num(i["red"]))
                       for i in INDICATORS],
        "observations": gen_observations(rng),
        "partners": gen_partners(random.Random(SEED + 1)),
        "resources": gen_resources(),
        "movements": gen_movements(random.Random(SEED + 2)),
        "activities": gen_activities(),
    }
    for name in check.TABLES:
        path = write_csv(name, tables[name])
        if not quiet:
            print("wrote %-40s %6d rows" % (os.path.relpath(path), len(tables[name])))

    problems, report = check.run(HERE)
    print(report)
    # compare the computed picture with the designed one
    levels = check.indicator_levels(HERE, check.REF_NOW)
    got = {(r, i): lv for (r, i), (lv, _) in levels.items() if lv}
    want = {(r, i): lv for r, d in EXPECTED.items() for i, lv in d.items()}
    for key in sorted(set(got) | set(want)):
        if got.get(key) != want.get(key):
            problems.append("designed picture differs: %s %s is %s, designed %s"
                            % (key[0], key[1], got.get(key, "none"),
                               want.get(key, "none")))
    if problems:
        for p in problems:
            print("PROBLEM:", p, file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
