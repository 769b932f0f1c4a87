# tests/stress/gen_observations.awk — a large observations CSV for the
# stress tests, all rows valid and distinct:
#
#   awk -v rows=300000 -v year=2020 -v regions="XV01 XV02" -v inds="A B" \
#       -f gen_observations.awk > obs.csv
#
# Row i is dated year-MM-DDTHH:MM:00Z with a distinct minute (up to
# 483,840 rows per year), so the key (region, indicator, observed_at,
# source) never repeats; regions and indicators cycle through the lists.
# The dates lie far in the past, outside every alert window.
BEGIN {
    nr = split(regions, R, " ")
    ni = split(inds, I, " ")
    if (nr == 0 || ni == 0 || rows > 483840) { print "gen_observations.awk: bad arguments" > "/dev/stderr"; exit 2 }
    print "region_code,indicator_code,observed_at,value,source,verification,sensitive,note"
    for (i = 0; i < rows; i++) {
        mi = i % 60; h = int(i / 60) % 24; d = int(i / 1440) % 28 + 1; m = int(i / 40320) % 12 + 1
        printf "%s,%s,%d-%02d-%02dT%02d:%02d:00Z,%d,stress,unverified,0,\n", \
            R[i % nr + 1], I[int(i / nr) % ni + 1], year, m, d, h, mi, i % 97
    }
}
