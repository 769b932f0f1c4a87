#!/bin/bash
# tests/fuzz/make_corpus.sh — (re)write the seed corpus in tests/fuzz/corpus/.
#
# Each seed is one byte choosing the table and options (see fuzz_import.c)
# followed by a CSV file: slices of sample-data/, field-office messes
# (HXL, BOM, CRLF, Latin-1, ragged rows, broken quoting) and the hostile
# escape corpus. Run from anywhere; the files are committed.
set -eu
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
OUT=$SRCDIR/tests/fuzz/corpus
S=$SRCDIR/sample-data
mkdir -p "$OUT"
export LC_ALL=C

# seed NAME BYTE: the first byte (octal-free decimal), then stdin.
seed() {
    { printf "\\$(printf '%03o' "$2")"; cat; } >"$OUT/$1"
}

# Table ids: 0 regions 1 indicators 2 observations 3 partners 4 resources
# 5 movements 6 activities. Flags: 8 latin1, 16 rejects, 32 hxl export,
# 64 dry run, 128 twice.
seed sample-regions 0 <"$S/regions.csv"
head -8 "$S/indicators.csv" | seed sample-indicators 1
head -15 "$S/observations.csv" | seed sample-observations 2
head -6 "$S/partners.csv" | seed sample-partners 3
head -8 "$S/resources.csv" | seed sample-resources 4
head -10 "$S/movements.csv" | seed sample-movements 5
head -6 "$S/activities.csv" | seed sample-activities 6
head -6 "$S/partners.csv" | seed sample-partners-twice-hxl $((3 + 32 + 128))
head -8 "$S/resources.csv" | seed sample-resources-rejects $((4 + 16))
head -10 "$S/movements.csv" | seed sample-movements-dry $((5 + 64))

printf 'code,name,parent_code,population\nXR11,Child,XR10,5\nXR10,Parent,,10\nXR12,Loop,XR12,\nXR13,Bad parent,NOPE,-1\n' |
    seed regions-parents 0
printf 'code,name,risk_factor,unit,direction,aggregate,window_days,amber,red\nI9,Up,3,n,up,sum,7,5,10\nI8,Down,4,%%,DOWN,Mean,30,3,1\nI7,Wrong,15,n,sideways,median,0,10,5\n' |
    seed indicators-mixed $((1 + 16))
printf 'region_code,indicator_code,observed_at,value,source,verification,sensitive,note\nXR01,IND1,2026-11-19T10:00:00+02:00,12,radio,verified,0,\nXR01,IND1,2026-11-19 09:30,3.5e0,,disputed,1,"two\nlines"\nXR02,IND2,2026-11-18T00:00:00.123Z,0.5,ngo,unverified,no,x\nXR01,NOPE,19/11/2026,1,,,,\n' |
    seed observations-times 2
printf 'name,acronym,kind,sectors,region_code,contact_name,phone,email,trust,last_contact,sensitive,notes\nA,,cso,protection;health,XR01,Ana,+999 (20) 555-0100,a@b.example,5,2026-10-01,1,\n"B, Inc",B,Media,;;protection; ,,,,,1,,0,"quote "" inside"\nC,,spy,,,,123,not-an-email,9,2026-13-40,maybe,\n' |
    seed partners-fields $((3 + 16))
printf 'code,name,category,unit,region_code,site,quantity,minimum,owner,status,expiry\nRES1,Kits,medical,kits,XR01,Depot,3,5,P1,available,2026-11-25\nRES2,Fuel,fuel,litres,,,"1,000",,,reserved,\nRES3,Water,water,l,XR02,,0,0,P1,expired,2026-01-01\n' |
    seed resources-counts $((4 + 128))
printf 'resource_code,delta,reason,at,note\nRES1,-4,dispatched,2026-11-21T08:00:00Z,out\nRES1,+2,received,2026-11-10T00:00:00Z,before the count\nRES1,-100,lost,,\nRES1,0,found,2026-11-22T00:00:00Z,\nNOPE,1,received,,\n' |
    seed movements-ledger 5
printf 'code,title,kind,region_code,lead_partner,status,start_date,end_date,target,reached,outcome,notes\nA1,Talks,dialogue,XR01,P1,ongoing,2026-01-01,2026-10-01,10,20,,\nA2,Court,community_court,,,planned,2026-12-01,2026-11-01,-5,,,\nA3,Fund,reparations,XR02,NOPE,done,,,,,"multi\r\nline",\n' |
    seed activities-rules $((6 + 16))

# HXL: hashtags as the header, under the names, after a title.
printf '#adm1+code,#adm1+name,#population\nXR21,Twenty-one,100\n' | seed hxl-only-tags 0
printf 'Region,Name\n#adm1+code,#adm1+name\nXR01,North\nXR02,Wrong name\n' | seed hxl-under-names $((0 + 32))
printf 'Field report 3W\nOrganisation,Type,Sector\n#org+name,#org+type,#sector\nNew NGO,local_ngo,health\n' |
    seed hxl-title 3
printf '#ORG +Name,#org+TYPE,#contact+email,#unknown+tag\nX,cso,x@y.example,1\n' | seed hxl-unknown 3
printf '#item+code,#item+name,#item+type,#item+unit,#item+quantity,#loc\nH1,Tents,shelter,pcs,4,Camp\n' | seed hxl-items 4
printf '#activity+code,#activity+name,#activity+type,#status,#date+start,#date+end,#targeted,#reached\nH2,X,training,ongoing,2026-01-01,2026-02-01,5,6\n' |
    seed hxl-activities $((6 + 32))
printf '#adm1+code,#indicator+code,#date,#indicator+value,#meta+source\nXR01,IND1,2026-11-19,9,hxl\n' | seed hxl-observations 2

# Encodings, line endings, broken files.
printf '\xef\xbb\xbfcode,name\r\nXR31,CRLF and BOM\r\nXR32,"quoted\r\nbreak"\r\n' | seed bom-crlf 0
printf 'name,kind,notes\nCaf\xe9 Soci\xe9t\xe9,cso,na\xefve \xa9\n' | seed latin1 $((3 + 8))
printf 'name,kind,notes\nCaf\xe9 Soci\xe9t\xe9,cso,not latin1 this time\n' | seed invalid-utf8 3
printf 'code,name\nXR41,"never closed\nXR42,x\n' | seed unterminated 0
printf 'code,name\nXR43,a"b\nXR44,"c"d\n' | seed bad-quotes 0
printf 'code,name\nXR45\nXR46,b,c\nXR47,d,,\n' | seed ragged 0
printf 'code,name,colour\nXR48,x,red\n' | seed unknown-column 0
printf 'code,name,code\nXR49,x,y\n' | seed duplicate-column 0
printf '' | seed empty 0
printf 'code,name\n' | seed header-only 0
printf 'code,name\nXR50,nul\000byte\n' | seed nul 0
printf 'code,name\n#7,#Seven Hills\nXR51,After\n' | seed hash-first-row $((0 + 128))

# The escape corpus.
printf 'name,acronym,kind,contact_name,notes\n"A\033]0;PWN\007",B\033[6n,cso,"\302\233x\342\200\256y","\033]8;;http://x/\033\\l\033]8;;\033\\ \033]52;c;QQ==\007 \033P$qm\033\\ \033[21t \033[201~ \177\001\r\n"\n"e\314\201\314\201\314\201",\342\201\246i\342\201\251,media,\342\200\213,\n' |
    seed escapes-partners $((3 + 32))
printf 'code,name\n"R\033[2J\033[H",\342\200\256rlo\342\200\254\nXR61,"\342\200\213\342\200\214\342\200\215\357\273\277"\n' | seed escapes-regions 0
printf 'code,name,category,unit,site,quantity\n"\033]0;x\007",\302\205nel,other,\t,\033[31mred,1\n' | seed escapes-resources 4
printf 'resource_code,delta,reason,at,note\nRES1,1,found,2026-12-01T00:00:00Z,"\033]0;t\007\r\n\302\234"\n' | seed escapes-movements 5
printf 'code,title,kind,status,outcome,notes\n"A\033[6n","\033P+q544e\033\\",other,planned,"\302\2336n","\342\201\247x"\n' |
    seed escapes-activities 6
printf 'code,name,risk_factor,unit\n"\033[21t",\342\200\256,2,"\033]52;c;QQ==\007"\n' | seed escapes-indicators 1
printf 'region_code,indicator_code,observed_at,value,source,note\nXR01,IND1,2026-11-19T00:00:00Z,1,"\033]0;s\007","\302\237\033[201~"\n' |
    seed escapes-observations 2
printf 'name,kind\n"%%s%%n%%x\\\\'"'"'; DROP TABLE partners; --",cso\n"100%% _sure_",other\n' | seed sql-partners 3
# Found by this fuzzer (fixed): a record after a bare CR slipped invalid
# UTF-8 past the per-line check. A CR-only (old Mac) file, and the
# minimised crash, with --rejects.
printf 'code,name\rXR71,Caf\x8e Bar\rXR72,Ni\xf1o\r' | seed cr-only-macroman 0
printf 'code,name,category,unit,,site,quantity,\rR,),medical,t,,"\x8a",2' | seed cr-record-invalid-utf8 $((4 + 16))
ls "$OUT" | wc -l
