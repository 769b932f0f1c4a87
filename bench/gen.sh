#!/usr/bin/env bash
# bench/gen.sh — build the big benchmark database the way users do: write
# CSV files (awk), then load them with `vigil import`, so every row goes
# through core's validation, audit trail and alert evaluation.
#
#   bench/gen.sh [DB]            default DB: /tmp/vigil-bench/big.db
#
# Environment: VIGIL (binary, default build/vigil), OBS (observations,
# default 1000000), NROWS (partners/resources/activities, default 10000),
# BENCH_NOW (the pinned "now", default 2026-11-20T12:00:00Z), REUSE_CSV=1
# to reuse the CSV files of a previous run (they stay in DIR/csv).
#
# Shape: 50 regions (10 provinces, 40 districts), 15 indicators over the 14
# risk factors (factor 7 has two) with thresholds, and one report per
# region x indicator per day over the last ceil(OBS/750) days (1334 days,
# about 3.7 years, for 1M): a 7-day window holds ~7 reports, a 30-day window
# ~30. Ten regions heat up over the last 120 days, so the current matrix
# has a realistic handful of amber and red cells. Rows come in the order a
# feed delivers them: day by day.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
VIGIL=${VIGIL:-$root/build/vigil}
DB=${1:-/tmp/vigil-bench/big.db}
OBS=${OBS:-1000000}
NROWS=${NROWS:-10000}
export VIGIL_NOW=${BENCH_NOW:-2026-11-20T12:00:00Z}
END_DATE=${VIGIL_NOW%%T*}

case "$DB" in
    /tmp/*) ;;
    *) echo "gen.sh: put the database under /tmp (got $DB)" >&2; exit 64 ;;
esac
[ -x "$VIGIL" ] || { echo "gen.sh: $VIGIL not built; run make" >&2; exit 66; }

dir=$(dirname "$DB")
csv=$dir/csv
mkdir -p "$csv"
if [ -z "${REUSE_CSV:-}" ] || [ ! -s "$csv/observations.csv" ]; then
    rm -f "$csv"/*.csv
    REUSE_CSV=
fi

# Peak RSS of a command: GNU time when present, else a /proc poller.
TIME_BIN=
if /usr/bin/time -v true >/dev/null 2>&1; then TIME_BIN=/usr/bin/time; fi
# run_measured LABEL CMD... : prints "LABEL: N s, peak RSS K KiB"
run_measured() {
    local label=$1; shift
    local tf=$dir/.time.$$ t0 t1 secs rss
    t0=$(date +%s.%N)
    if [ -n "$TIME_BIN" ]; then
        "$TIME_BIN" -v -o "$tf" "$@" >>"$log" 2>&1 || { tail -5 "$log" >&2; return 1; }
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
    else
        "$@" >>"$log" 2>&1 & local pid=$! peak=0 v
        while kill -0 "$pid" 2>/dev/null; do
            v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
            [ "${v:-0}" -gt "$peak" ] && peak=$v
            sleep 0.05
        done
        wait "$pid" || { tail -5 "$log" >&2; return 1; }
        rss=$peak
    fi
    t1=$(date +%s.%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
    rm -f "$tf"
    echo "$label	$secs	$rss"
}

gen_csv() {
awk -v OBS="$OBS" -v NROWS="$NROWS" -v END_DATE="$END_DATE" -v OUT="$csv" '
# days since 1970-01-01 <-> civil date (Howard Hinnant)
function days_from_civil(y, m, d,   era, yoe, doy, doe) {
    y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
    doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
}
function civil(z,   era, doe, yoe, y, doy, mp, d, m) {
    z += 719468; era = int((z >= 0 ? z : z - 146096) / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
    m = mp + (mp < 10 ? 3 : -9); y += (m <= 2)
    return sprintf("%04d-%02d-%02d", y, m, d)
}
function pick(arr, n) { return arr[int(rand() * n) + 1] }
function q(s) { return "\"" s "\"" }
BEGIN {
    srand(20261120)
    split(END_DATE, e, "-"); LAST = days_from_civil(e[1] + 0, e[2] + 0, e[3] + 0)

    # ---- regions: 10 provinces XB01..XB10, 4 districts each (XB0101..)
    nprov = split("Castavel Sellamar Kessa Orrin Tovreth Lowmere Varn Halden Brisk Dunmore", prov, " ")
    f = OUT "/regions.csv"
    print "code,name,parent_code,population" > f
    nr = 0
    for (p = 1; p <= 10; p++) {
        code = sprintf("XB%02d", p); region[++nr] = code
        print code "," prov[p] " Province,," int(400000 + rand() * 1500000) > f
        for (k = 1; k <= 4; k++) {
            dc = sprintf("XB%02d%02d", p, k); region[++nr] = dc
            print dc "," prov[p] " District " k "," code "," int(40000 + rand() * 300000) > f
        }
    }
    close(f)

    # ---- indicators: code|name|rf|unit|dir|agg|window|amber|red|base|hot|noise|int
    i = 0
    ind[++i] = "STAPLE|Sorghum retail price (50 kg bag)|1|VSP per 50 kg|up|mean|14|5000|6500|4000|6800|300|1"
    ind[++i] = "HR-VIOL|Documented serious human rights violations|2|cases|up|sum|30|10|25|0.15|1.2|0.4|1"
    ind[++i] = "CT-FUNC|Courts and police posts functioning|3|percent|down|latest|30|60|40|85|30|5|1"
    ind[++i] = "LAND-DSP|Land and property disputes reported|4|disputes|up|sum|30|15|30|0.2|1.3|0.5|1"
    ind[++i] = "ARMS-SZ|Weapons seized or reported in illicit circulation|5|weapons|up|sum|30|40|100|0.5|4|1.5|1"
    ind[++i] = "PEACE-CM|Local peace committees meeting regularly|6|percent|down|mean|30|50|30|80|35|6|1"
    ind[++i] = "MOB-RPT|Armed group mobilisation and recruitment reports|7|reports|up|sum|14|5|12|0.05|1|0.3|1"
    ind[++i] = "CHECKPT|Checkpoints operated by armed groups or militias|7|checkpoints|up|max|14|6|12|1|13|1|1"
    ind[++i] = "RALLY|Inflammatory rallies and speeches|8|events|up|sum|14|3|6|0.03|0.6|0.2|1"
    ind[++i] = "HATE-SP|Hate-speech posts flagged by social media monitoring|9|posts|up|sum|7|150|300|8|50|4|1"
    ind[++i] = "DEHUM|Public calls for the expulsion or destruction of a group|10|statements|up|sum|30|1|3|0|0.15|0.05|1"
    ind[++i] = "CIV-KILL|Civilians killed in attacks on communities|11|persons|up|sum|7|5|15|0.1|2.5|0.4|1"
    ind[++i] = "CURFEW|Curfew hours imposed on one community|12|hours per day|up|max|7|8|14|2|15|1|1"
    ind[++i] = "SCH-CLOSE|Schools closed because of insecurity|13|schools|up|latest|14|5|15|1|18|1|1"
    ind[++i] = "ACCESS|Days with humanitarian access in the past week|14|days|down|latest|7|4|2|7|1|0.5|1"
    ni = i
    f = OUT "/indicators.csv"
    print "code,name,risk_factor,unit,direction,aggregate,window_days,amber,red" > f
    for (i = 1; i <= ni; i++) {
        split(ind[i], a, "|")
        icode[i] = a[1]; base[i] = a[10]; hot[i] = a[11]; noise[i] = a[12]
        print a[1] "," q(a[2]) "," a[3] "," q(a[4]) "," a[5] "," a[6] "," a[7] "," a[8] "," a[9] > f
    }
    close(f)

    # regions heating up: 5 strongly, 5 moderately
    for (r = 1; r <= nr; r++) heat[r] = 0
    for (r = 3; r <= nr; r += 10) heat[r] = 1.0
    for (r = 7; r <= nr; r += 10) heat[r] = 0.55

    nsrc = split("field monitor|partner SMS|media monitoring|UN sitrep", src, "|")
    nnote = split("Reported by two independent monitors.|Figures from the district commissioner, not yet confirmed.|Night-time incidents, road blocked; monitors could not reach the site.|Follow-up visit planned.", note, "|")

    # ---- observations: day by day, every region x indicator
    per = nr * ni
    ndays = int((OBS + per - 1) / per)
    first = LAST - ndays + 1
    f = OUT "/observations.csv"
    print "region_code,indicator_code,observed_at,value,source,verification,sensitive,note" > f
    n = 0
    for (d = first; d <= LAST && n < OBS; d++) {
        date = civil(d)
        ramp = (d > LAST - 120) ? (d - (LAST - 120)) / 120 : 0
        for (r = 1; r <= nr && n < OBS; r++) {
            h = heat[r] * ramp
            for (i = 1; i <= ni && n < OBS; i++) {
                v = base[i] + (hot[i] - base[i]) * h + (rand() + rand() + rand() - 1.5) * 2 * noise[i]
                if (v < 0) v = 0
                if (icode[i] == "ACCESS" && v > 7) v = 7
                if (icode[i] == "CT-FUNC" || icode[i] == "PEACE-CM") { if (v > 100) v = 100 }
                v = (base[i] < 1) ? int(v + 0.5 * rand()) : int(v + 0.5)
                hh = (d == LAST) ? int(rand() * 12) : int(rand() * 24)
                ts = sprintf("%sT%02d:%02d:00Z", date, hh, int(rand() * 60))
                x = rand()
                ver = x < 0.04 ? "disputed" : (x < 0.30 ? "unverified" : "verified")
                sens = rand() < 0.01 ? 1 : 0
                nt = rand() < 0.05 ? q(pick(note, nnote)) : ""
                print region[r] "," icode[i] "," ts "," v "," pick(src, nsrc) "," ver "," sens "," nt > f
                n++
            }
        }
    }
    close(f)

    # ---- partners
    nfirst = split("Amina Baraka Chidi Dalia Emeka Farah Goran Hana Idris Jana Kofi Lina Musa Nadia Omar Petra Rafiq Sana Tomas Uma Vera Yusuf Zara Iona Maren", fn, " ")
    nlast = split("Abara Brevik Chen Dossou Eliasson Fofana Gashi Haddad Ibekwe Jovanovic Kamara Lindqvist Mensah Novak Okafor Petrov Rahimi Sesay Tolvik Umarov Vance Wekesa", ln, " ")
    nkind = split("local_ngo cso community_leader faith_group un_agency regional_org government media academic other", pk, " ")
    nsec = split("protection early_warning legal_aid mhpss health food_security shelter education livelihoods peacebuilding", sec, " ")
    nword = split("Valley River Highland Lakeside Market Border Northern Southern Eastern Western Central Hill Coastal Plains Forest", word, " ")
    norg = split("Protection Network|Peace Committee|Women'"'"'s Mediation Circle|Council of Elders|Youth Forum|Interfaith Council|Legal Aid Clinic|Radio Collective|Relief Society|Monitoring Group|Human Rights Desk|Teachers'"'"' Union", org, "|")
    f = OUT "/partners.csv"
    print "name,acronym,kind,sectors,region_code,contact_name,phone,email,trust,last_contact,sensitive,notes" > f
    for (k = 1; k <= NROWS; k++) {
        nm = pick(word, nword) " " pick(org, norg) " " sprintf("%05d", k)
        pname[k] = nm
        s1 = pick(sec, nsec); s2 = pick(sec, nsec)
        secs = (s1 == s2) ? s1 : s1 ";" s2
        cn = pick(fn, nfirst) " " pick(ln, nlast)
        lc = rand() < 0.05 ? "" : civil(LAST - int(rand() * rand() * 60))
        nts = rand() < 0.3 ? q("Weekly call on " pick(sec, nsec) "; prefers SMS, reliable in the rainy season.") : ""
        print q(nm) ",P" k "," pick(pk, nkind) "," secs "," region[int(rand() * nr) + 1] "," cn \
              "," sprintf("+999 2%d 555 %04d", k % 10, k % 10000) "," sprintf("contact%05d@partner%d.example", k, k % 97) \
              "," int(rand() * 5) + 1 "," lc "," (rand() < 0.1 ? 1 : 0) "," nts > f
    }
    close(f)

    # ---- resources
    nres = split("medical|Emergency trauma kits|kits;medical|Cholera treatment kits|kits;food|Sorghum (50 kg bags)|bags;food|High-energy biscuits|cartons;water|Water bladders (10 m3)|bladders;water|Purification tablets|boxes;shelter|Family tents|tents;shelter|Tarpaulins|sheets;vehicle|Pick-up trucks|vehicles;fuel|Diesel|litres;comms|Satellite phones|handsets;comms|HF radios|sets;personnel|Protection monitors on standby|people;other|Solar lanterns|units", res, ";")
    nst = split("available available available available reserved deployed damaged", rst, " ")
    f = OUT "/resources.csv"
    print "code,name,category,unit,region_code,site,quantity,minimum,owner,status,expiry" > f
    for (k = 1; k <= NROWS; k++) {
        split(res[int(rand() * nres) + 1], a, "|")
        qty = int(rand() * 500)
        mn = rand() < 0.8 ? int(rand() * 60) : ""
        ex = (a[1] == "medical" || a[1] == "food" || a[1] == "water") ? civil(LAST - 30 + int(rand() * 900)) : ""
        rg = region[int(rand() * nr) + 1]
        print sprintf("RES-%05d", k) "," a[2] "," a[1] "," a[3] "," rg "," q(rg " warehouse " (k % 7 + 1)) \
              "," qty "," mn "," q(pname[int(rand() * NROWS) + 1]) "," pick(rst, nst) "," ex > f
    }
    close(f)

    # ---- activities
    nak = split("dialogue truth_commission community_court training memorialisation reparations land_restitution trauma_healing other", ak, " ")
    nti = split("Intercommunal dialogue|Elders'"'"' dialogue on the market|Truth-telling hearings|Community court sessions|Paralegal training|Memorial day preparations|Reparations registration|Land restitution mapping|Trauma healing circles|Radio peace messages", ti, "|")
    f = OUT "/activities.csv"
    print "code,title,kind,region_code,lead_partner,status,start_date,end_date,target,reached,outcome,notes" > f
    for (k = 1; k <= NROWS; k++) {
        sd = LAST - 600 + int(rand() * 700)
        ed = sd + 7 + int(rand() * 120)
        x = rand()
        if (sd > LAST) st = x < 0.9 ? "planned" : "postponed"
        else if (ed >= LAST) st = x < 0.85 ? "ongoing" : (x < 0.95 ? "postponed" : "cancelled")
        else st = x < 0.8 ? "completed" : (x < 0.87 ? "cancelled" : (x < 0.95 ? "ongoing" : "postponed"))
        tg = 20 + int(rand() * 500)
        rc = (st == "planned") ? "" : int(tg * rand())
        oc = (st == "completed") ? q("Held as planned; follow-up agreed with " pick(org, norg) ".") : ""
        rg = region[int(rand() * nr) + 1]
        print sprintf("ACT-%05d", k) "," q(pick(ti, nti) ", " rg) "," pick(ak, nak) "," rg "," q(pname[int(rand() * NROWS) + 1]) \
              "," st "," civil(sd) "," civil(ed) "," tg "," rc "," oc "," > f
    }
    close(f)
}'
}

if [ -z "${REUSE_CSV:-}" ]; then
    t0=$(date +%s.%N)
    gen_csv
    t1=$(date +%s.%N)
    echo "csv: wrote $(($(wc -l <"$csv/observations.csv") - 1)) observations and the other tables in" \
         "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s under $csv"
fi

rm -f "$DB" "$DB-wal" "$DB-shm"
"$VIGIL" init --db "$DB" >/dev/null

results=$dir/gen-results.tsv
log=$dir/gen.log
: >"$log"
printf 'step\tseconds\tpeak_rss_kib\trows\n' >"$results"
for t in regions indicators partners resources activities observations; do
    rows=$(($(wc -l <"$csv/$t.csv") - 1))
    line=$(run_measured "import $t" "$VIGIL" import "$t" "$csv/$t.csv" --db "$DB")
    printf '%s\t%s\n' "$line" "$rows" >>"$results"
done

echo
printf '%-22s %9s %14s %10s %12s\n' step seconds "peak RSS MiB" rows "rows/s"
awk -F'\t' 'NR > 1 {printf "%-22s %9.2f %14.1f %10d %12.0f\n", $1, $2, $3 / 1024, $4, ($2 > 0 ? $4 / $2 : 0)}' "$results"
echo
echo "database: $DB ($(du -h "$DB" | cut -f1)); VIGIL_NOW=$VIGIL_NOW"
"$VIGIL" check --db "$DB" 2>&1 | sed 's/^/  /'
