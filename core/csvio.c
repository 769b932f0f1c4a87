/* core/csvio.c — CSV import/export through libcsv in strict mode. */
#include "core/csvio.h"
#include "core/hxl.h"
#include "core/clock.h"
#include "core/internal.h"
#include "core/sanitize.h"
#include "core/strbuf.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* libcsv grows its field buffer without bound; this realloc refuses past
 * a hard ceiling so a hostile file with one gigantic field cannot exhaust
 * memory. Fields between 64 KiB and the ceiling are rejected politely by
 * the field callback instead. */
#define LIBCSV_BUFFER_CEILING (4 * CORE_CSV_MAX_FIELD)
/* Fields in one record: far more than any sheet has columns. */
#define CSV_MAX_FIELDS 1024
#define CSV_MAX_FIELDS_TEXT "1024"

static void *bounded_realloc(void *p, size_t n)
{
    return n > LIBCSV_BUFFER_CEILING ? NULL : realloc(p, n);
}

int core_csv_put(FILE *out, const char *s, size_t n)
{
    int quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
    for (size_t i = 0; !quote && i < n; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote)
        return fwrite(s, 1, n, out) == n ? 0 : -1;
    return csv_fwrite(out, s, n) == 0 ? 0 : -1;
}

/* ---- import ------------------------------------------------------------ */

#define NORM_SIZE (CORE_CSV_MAX_FIELD + 64)

/* The observations columns a buffered row keeps (region_code .. note). */
#define BULK_COLS 8
#define BULK_ABSENT UINT32_MAX
/* Rows buffered before they are sorted by key and inserted: about 2 MB. */
#define BULK_CHUNK 16384

/* Codes to ids, sorted by code for bsearch. */
typedef struct code_id {
    char *code;
    int64_t id;
} code_id;

/* The bulk path for observations: codes resolved in memory, validated rows
 * buffered in chunks and inserted in key order with one statement and ids
 * from a counter, the secondary index rebuilt after a large load. Rows
 * that exist already go through the full upsert, which compares and audits
 * them. */
typedef struct bulk_row {
    int64_t rid, iid, line;
    uint32_t seq;            /* place in the chunk, in file order */
    uint32_t off[BULK_COLS]; /* normalised value in the arena, or BULK_ABSENT */
    const char *at, *source; /* the rest of the key, set for sorting */
} bulk_row;

typedef struct bulk {
    sqlite3_stmt *ins;
    code_id *regions, *indicators;
    int nregions, nindicators;
    int64_t next_id;
    int rebuild;             /* indexes dropped: create them at the end */
    char now[24];
    /* Rows validated but not yet inserted (see bulk_flush). */
    bulk_row *rows;
    int nrows;
    core_sb arena;
} bulk;

typedef struct importer {
    core_db *db;
    const core_table *t;
    const core_import_opts *o;
    core_import_stats *s;
    core_err *err;
    const char *path;       /* sanitised for messages */
    int64_t line;           /* current physical line */
    int64_t rec_line;       /* line where the current record started */
    int64_t fresh_from;     /* observations: the first id this import gives (core_store_upsert) */
    /* current record: fields packed in buf, offsets/lengths in arrays */
    core_sb buf;
    size_t *off, *len;
    int nf, capf;
    char rec_problem[200];  /* a problem seen while reading the record */
    int header_done;
    int header_records;     /* records looked at for a header; -1 gave up */
    int tag_row_may_follow; /* plain header seen: an HXL row may follow */
    char **first;           /* the first record, if it was not a header */
    int nfirst;
    int64_t first_line;
    int rec_bad;            /* the current row failed a check */
    int map[64];            /* header position -> column index or CORE_HXL_* */
    int nhead;
    int fatal;              /* stop: header or parse error, or db failure */
    core_status fatal_status;
    FILE *rejects;
    int rejects_header_done;
    char **hdr;             /* raw header names, for the rejects file */
    int64_t col_problems[64 + 1];
    /* Rows whose parent_code names a region not stored yet (a file may
     * list a child before its parent): written at the end (resolve_pending),
     * in file order, with their raw cells kept for the rejects file. */
    struct pending {
        char **vals, **cells;
        size_t *lens;
        int ncells, done, queued;
        int next_same;   /* next pending row with the same code, or -1 */
        int next_waiter; /* next row deferred for the same parent, or -1 */
        int64_t line;
    } *def;
    int ndef, capdef;
    struct waitkey *keys;   /* the codes pending rows have or wait for */
    size_t capkeys, nkeys;
    char norm[32];
    char *norm_buf;         /* the per-column buffers below, one block */
    char *normv[64];        /* each value as the validator normalised it */
    bulk bulk;              /* fast path for observations (see bulk_open) */
} importer;

static void report(importer *im, int64_t line, const char *col, const char *msg)
{
    im->s->problems++;
    int ci = im->t ? core_table_col(im->t, col ? col : "") : -1;
    im->col_problems[ci >= 0 && ci < 64 ? ci : 64]++;
    int cap = im->o && im->o->max_reported > 0 ? im->o->max_reported : 20;
    if (im->s->problems > cap || !im->o || !im->o->report)
        return;
    /* Composed whole, then sanitised: a line cut to fit never ends inside
     * a character (whose lead byte alone would reach the terminal). */
    core_sb raw = {0};
    if (col && *col)
        core_sb_addf(&raw, "%s:%lld: %s: %s", im->path, (long long)line, col, msg);
    else
        core_sb_addf(&raw, "%s:%lld: %s", im->path, (long long)line, msg);
    char line_txt[900];
    core_sanitize_into(line_txt, sizeof line_txt, core_sb_str(&raw));
    core_sb_free(&raw);
    im->o->report(im->o->report_ctx, line_txt);
}

/* Stop the import: memory ran out (nothing is saved). */
static void out_of_memory(importer *im)
{
    im->fatal = 1;
    im->fatal_status = CORE_ENOMEM;
}

static void fatal(importer *im, int64_t line, const char *msg)
{
    report(im, line, NULL, msg);
    im->fatal = 1;
    if (!im->fatal_status)
        im->fatal_status = CORE_EDATA;
}

static void on_field(void *s, size_t n, void *data)
{
    importer *im = data;
    if (im->fatal)
        return;
    if (im->nf >= CSV_MAX_FIELDS) { /* bounds a record's memory, as the field limit bounds a field's */
        fatal(im, im->rec_line, "a row has more than " CSV_MAX_FIELDS_TEXT " fields");
        return;
    }
    if (im->nf == im->capf) {
        int cap = im->capf ? im->capf * 2 : 32;
        size_t *o = realloc(im->off, sizeof *o * (size_t)cap), *l;
        if (o)
            im->off = o;
        l = o ? realloc(im->len, sizeof *l * (size_t)cap) : NULL;
        if (!o || !l) {
            out_of_memory(im);
            return;
        }
        im->len = l;
        im->capf = cap;
    }
    /* Checked per field, not per line: a record may end with a lone CR
     * in the middle of what getline() returned as one line. */
    if (!im->rec_problem[0] && n) {
        long bad_at;
        if (memchr(s, '\0', n))
            snprintf(im->rec_problem, sizeof im->rec_problem, "contains a NUL byte");
        else if ((bad_at = core_utf8_invalid_at(s, n)) >= 0)
            snprintf(im->rec_problem, sizeof im->rec_problem,
                     "invalid UTF-8 in field %d at byte %ld (if the file is Latin-1, convert it with "
                     "iconv -f latin1 -t utf-8, or import with --encoding latin1)",
                     im->nf + 1, bad_at + 1);
    }
    if (n > CORE_CSV_MAX_FIELD) {
        if (!im->rec_problem[0])
            snprintf(im->rec_problem, sizeof im->rec_problem, "field %d is %zu bytes, over the %d KiB limit",
                     im->nf + 1, n, CORE_CSV_MAX_FIELD / 1024);
        n = 0;
    }
    im->off[im->nf] = im->buf.len;
    im->len[im->nf] = n;
    core_sb_addn(&im->buf, s ? (const char *)s : "", n);
    core_sb_addn(&im->buf, "", 1); /* keep each field NUL-terminated */
    if (im->buf.oom)
        out_of_memory(im);
    im->nf++;
}

static const char *field(importer *im, int i) { return im->buf.s + im->off[i]; }

/* Write a row to the rejects file with its reason: the pending row p's
 * kept cells, or the current record's when p is NULL. */
static int write_reject_row(importer *im, const struct pending *p, const char *reason)
{
    if (!im->rejects)
        return 0;
    if (!im->rejects_header_done) {
        for (int i = 0; i < im->nhead; i++) {
            core_csv_put(im->rejects, im->hdr[i], strlen(im->hdr[i]));
            fputc(',', im->rejects);
        }
        fputs(CORE_REJECTS_COLUMN "\n", im->rejects);
        im->rejects_header_done = 1;
    }
    for (int i = 0; i < (p ? p->ncells : im->nf); i++) {
        if (p)
            core_csv_put(im->rejects, p->cells[i], p->lens[i]);
        else
            core_csv_put(im->rejects, field(im, i), im->len[i]);
        fputc(',', im->rejects);
    }
    core_csv_put(im->rejects, reason, strlen(reason));
    return fputc('\n', im->rejects) == EOF ? -1 : 0;
}

static int write_reject(importer *im, const char *reason) { return write_reject_row(im, NULL, reason); }

/* The current record's cells (pointers into the record buffer). */
static int record_cells(importer *im, const char **out, int max)
{
    int n = im->nf < max ? im->nf : max;
    for (int i = 0; i < n; i++)
        out[i] = field(im, i);
    return n;
}

/* Map a header row to columns: plain column names, or HXL hashtags. With
 * report, say what is wrong (and stop the import); without, only answer
 * whether it would do. Empty cells are columns to ignore. */
static int map_header(importer *im, const char *const *cells, int n, int line, int hxl, int report)
{
    const core_table *t = im->t;
    int seen[64] = {0}, map[64], ok = 1;
    core_sb unknown = {0};
    if (n > 64) {
        if (report)
            fatal(im, line, "the header has more than 64 columns");
        return 0;
    }
    for (int i = 0; i < n; i++) {
        const char *h = cells[i];
        if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0) /* a BOM before the first name */
            h += 3;
        while (*h == ' ')
            h++;
        char name[128];
        snprintf(name, sizeof name, "%s", h);
        for (size_t k = strlen(name); k > 0 && name[k - 1] == ' '; k--)
            name[k - 1] = '\0';
        /* Names match in any case, as hashtags do: "Name" and "KIND" from
         * a spreadsheet are name and kind. */
        char lower[sizeof name];
        for (size_t k = 0; k < sizeof name; k++)
            lower[k] = (char)((name[k] >= 'A' && name[k] <= 'Z') ? name[k] + 32 : name[k]);
        /* A rejects file, once fixed, imports as it is: its reasons are
         * not data. */
        int ignore = !name[0] || !strcmp(lower, CORE_REJECTS_COLUMN);
        int c = ignore ? CORE_HXL_IGNORE : hxl ? core_hxl_map(t, name) : core_table_col(t, lower);
        if (!hxl && c < 0 && !ignore)
            c = CORE_HXL_UNKNOWN;
        map[i] = c;
        if (c == CORE_HXL_UNKNOWN) {
            char q[160];
            core_sanitize_into(q, sizeof q, name);
            core_sb_addf(&unknown, "%s'%s'", unknown.len ? ", " : "", q);
            ok = 0;
        } else if (c >= 0 && seen[c]++) {
            ok = 0;
            if (report) {
                char m[300];
                snprintf(m, sizeof m, "%s '%.100s' appears twice in the header (both mean %s)",
                         hxl ? "hashtag for" : "column", name, t->cols[c].name);
                fatal(im, line, m);
            }
        }
    }
    if (unknown.len && report) {
        char m[900];
        if (hxl)
            snprintf(m, sizeof m, "unknown HXL hashtag(s) %s for table %s", core_sb_str(&unknown), t->name);
        else
            snprintf(m, sizeof m, "unknown column(s) %s for table %s; expected columns: ", core_sb_str(&unknown),
                     t->name);
        for (int i = 0; !hxl && i < t->ncols; i++)
            snprintf(m + strlen(m), sizeof m - strlen(m), "%s%s", i ? "," : "", t->cols[i].name);
        fatal(im, line, m);
    }
    core_sb_free(&unknown);
    for (int c = 0; c < t->ncols; c++)
        if ((t->cols[c].flags & CORE_COLF_REQUIRED) && !seen[c]) {
            ok = 0;
            if (report) {
                char m[200];
                if (hxl && t->cols[c].hxl)
                    snprintf(m, sizeof m, "required column '%s' (%s) is missing from the hashtag row",
                             t->cols[c].name, t->cols[c].hxl);
                else
                    snprintf(m, sizeof m, "required column '%s' is missing from the header", t->cols[c].name);
                fatal(im, line, m);
            }
        }
    /* #adm1+name only checks the p-code beside it: alone, the region
     * would be dropped without a word. */
    int rc = core_table_col(t, "region_code"), named = 0;
    for (int i = 0; i < n; i++)
        named |= map[i] == CORE_HXL_REGION_NAME;
    if (named && rc >= 0 && !seen[rc]) {
        ok = 0;
        if (report)
            fatal(im, line,
                  "#adm1+name is only checked against #adm1+code, which is missing: add the regions' p-codes "
                  "(#adm1+code) or leave the names out");
    }
    if (!ok || !report)
        return ok;
    im->nhead = n;
    memcpy(im->map, map, sizeof map[0] * (size_t)n);
    im->hdr = calloc((size_t)n, sizeof *im->hdr);
    for (int i = 0; im->hdr && i < n; i++)
        im->hdr[i] = strdup(cells[i]);
    im->header_done = 1;
    return 1;
}

/* How many records may stand above an HXL hashtag row (a title, notes, a
 * human header). */
#define HXL_SEARCH_ROWS 25

/* Still looking for the header: a plain header on the first record, or a
 * hashtag row within the first rows. */
static void header_step(importer *im)
{
    const char *cells[64];
    int n = record_cells(im, cells, 64);
    im->header_records++;
    if (core_hxl_is_tag_row(cells, n)) {
        map_header(im, cells, n, im->rec_line, 1, 1);
        return;
    }
    if (im->header_records == 1) {
        if (map_header(im, cells, n, im->rec_line, 0, 0)) {
            map_header(im, cells, n, im->rec_line, 0, 1);
            im->tag_row_may_follow = 1;
            return;
        }
        /* Not a header we know: maybe a preamble; keep it for the report. */
        im->first = calloc((size_t)(n ? n : 1), sizeof *im->first);
        for (int i = 0; im->first && i < n; i++)
            im->first[i] = strdup(cells[i]);
        im->nfirst = n;
        im->first_line = im->rec_line;
    }
    if (im->header_records >= HXL_SEARCH_ROWS)
        im->header_records = -1; /* give up: header_failed() reports */
}

/* No usable header: say what is wrong with the first row. */
static void header_failed(importer *im)
{
    if (!im->first) {
        fatal(im, 1, "the file is empty: expected a header row");
        return;
    }
    if (map_header(im, (const char *const *)im->first, im->nfirst, im->first_line, 0, 1))
        return;
    if (!im->fatal)
        fatal(im, im->first_line, "no header row: expected column names or an HXL hashtag row");
}

/* A region's name given beside its code (#adm1+name) must match. */
static void check_region_name(importer *im, const char *code, const char *name)
{
    static const char SQL[] = "SELECT name FROM regions WHERE code = ?";
    if (!code || !*code || !name || !*name)
        return;
    sqlite3_stmt *st = core_stmt(im->db, SQL, NULL);
    if (!st)
        return;
    /* The code as the validator trims it, whole (a long one is not cut
     * into another region's code). */
    size_t cn;
    const char *cp = core_trim(code, &cn);
    sqlite3_bind_text(st, 1, cp, (int)cn, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *have = (const char *)sqlite3_column_text(st, 0);
        const char *n = name;
        while (*n == ' ')
            n++;
        size_t len = strlen(n);
        while (len && n[len - 1] == ' ')
            len--;
        if (have && (strlen(have) != len || strncasecmp(have, n, len) != 0)) {
            char m[400];
            snprintf(m, sizeof m, "'%.*s' is not the name of region %s (%s)", (int)(len > 100 ? 100 : len), n,
                     cp, have);
            report(im, im->rec_line, "#adm1+name", m);
            im->rec_bad = 1;
        }
    }
    sqlite3_reset(st);
}

/* Shift a normalisable date or timestamp by days (demo loader). */
static const char *shift_date(importer *im, const core_column *c, const char *v)
{
    if (!im->o || !im->o->date_shift_days || !v || !*v)
        return v;
    if (c->type != CORE_COL_DATE && c->type != CORE_COL_TIMESTAMP)
        return v;
    time_t t;
    if (core_parse_ts(v, &t) != 0)
        return v; /* the validator will say what is wrong */
    t += (time_t)im->o->date_shift_days * 86400;
    if (c->type == CORE_COL_DATE)
        core_format_date(t, im->norm);
    else
        core_format_ts(t, im->norm);
    return im->norm;
}

/* A load this large rebuilds the secondary index afterwards (one sort)
 * instead of updating it row by row. */
#define BULK_REBUILD_BYTES (16LL * 1024 * 1024)
/* Page cache during an import (KiB): enough to keep the pages being
 * filled resident. The 1M-row benchmark peaks at about 42 MiB with 16 MiB
 * here and the chunk buffer (a 24 MiB cache was 5-10% faster for 17 MiB
 * more). */
#define IMPORT_CACHE_KIB 16384

static int code_cmp(const void *a, const void *b)
{
    return strcmp(((const code_id *)a)->code, ((const code_id *)b)->code);
}

static int load_codes(importer *im, const char *sql, code_id **out, int *n)
{
    sqlite3_stmt *st = NULL;
    int cap = 0;
    *out = NULL;
    *n = 0;
    if (sqlite3_prepare_v2(im->db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*n == cap) {
            void *p = realloc(*out, sizeof **out * (size_t)(cap = cap ? cap * 2 : 64));
            if (!p)
                break;
            *out = p;
        }
        (*out)[*n].code = strdup((const char *)sqlite3_column_text(st, 0));
        (*out)[*n].id = sqlite3_column_int64(st, 1);
        (*n)++;
    }
    sqlite3_finalize(st);
    qsort(*out, (size_t)*n, sizeof **out, code_cmp);
    return 0;
}

static int64_t code_lookup(const code_id *m, int n, const char *code)
{
    code_id key = {(char *)code, 0};
    const code_id *hit = n ? bsearch(&key, m, (size_t)n, sizeof *m, code_cmp) : NULL;
    return hit ? hit->id : 0;
}

static void bulk_open(importer *im, int64_t file_bytes)
{
    static const char INS[] =
        "INSERT INTO observations(region_id, indicator_id, observed_at, source, value, verification, sensitive,"
        " note, id, version, updated_at, updated_by) VALUES (?,?,?,?,?,?,?,?,?,1,?,?)";
    bulk *b = &im->bulk;
    if (load_codes(im, "SELECT code, id FROM regions", &b->regions, &b->nregions) != 0 ||
        load_codes(im, "SELECT code, id FROM indicators", &b->indicators, &b->nindicators) != 0)
        return;
    b->next_id = im->fresh_from;
    if (file_bytes >= BULK_REBUILD_BYTES &&
        sqlite3_exec(im->db->h, "DROP INDEX observations_id", NULL, NULL, NULL) ==
            SQLITE_OK)
        b->rebuild = 1;
    if (sqlite3_prepare_v3(im->db->h, INS, -1, SQLITE_PREPARE_PERSISTENT, &b->ins, NULL) != SQLITE_OK)
        b->ins = NULL;
    core_format_ts(core_now(), b->now);
}

/* Rebuild what bulk_open dropped (in the same transaction, so a failed or
 * killed import leaves the indexes as they were). */
static core_status bulk_close(importer *im, int keep)
{
    bulk *b = &im->bulk;
    core_status st = CORE_OK;
    sqlite3_finalize(b->ins);
    b->ins = NULL;
    if (b->rebuild && keep) {
        int rc = sqlite3_exec(im->db->h,
                              "CREATE UNIQUE INDEX observations_id ON observations(id)",
                              NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            st = core_sqlite_err(im->db, rc, "rebuilding indexes", im->err);
    }
    free(b->rows);
    core_sb_free(&b->arena);
    for (int i = 0; i < b->nregions; i++)
        free(b->regions[i].code);
    for (int i = 0; i < b->nindicators; i++)
        free(b->indicators[i].code);
    free(b->regions);
    free(b->indicators);
    memset(b, 0, sizeof *b);
    return st;
}

static void upsert_row(importer *im, const char *const *vals);
static int bulk_flush(importer *im);
static int report_unknown_refs(importer *im, const char *const *vals, int from);

/* Keep a validated observation row for bulk_flush. Returns 1 when kept,
 * 0 when a reference is unknown (the caller's full upsert reports it), -1
 * when the import must stop. */
static int bulk_add(importer *im, const char *const *vals)
{
    bulk *b = &im->bulk;
    int64_t rid = vals[0] ? code_lookup(b->regions, b->nregions, im->normv[0]) : 0;
    int64_t iid = vals[1] ? code_lookup(b->indicators, b->nindicators, im->normv[1]) : 0;
    if (!rid || !iid)
        return 0;
    if (!b->rows && !(b->rows = malloc(sizeof *b->rows * BULK_CHUNK))) {
        out_of_memory(im);
        return -1;
    }
    bulk_row *r = &b->rows[b->nrows];
    r->rid = rid;
    r->iid = iid;
    r->line = im->rec_line;
    r->seq = (uint32_t)b->nrows;
    for (int c = 0; c < BULK_COLS; c++) {
        if (!vals[c]) {
            r->off[c] = BULK_ABSENT;
            continue;
        }
        r->off[c] = (uint32_t)b->arena.len;
        core_sb_addn(&b->arena, im->normv[c], strlen(im->normv[c]) + 1);
    }
    if (b->arena.oom) {
        out_of_memory(im);
        return -1;
    }
    if (++b->nrows == BULK_CHUNK || b->arena.len > (1u << 30))
        return bulk_flush(im);
    return 1;
}

/* Column c of a buffered row: its normalised value, or the column's
 * default when the file has no such column. */
static const char *bulk_val(const bulk *b, const bulk_row *r, const core_table *t, int c)
{
    if (r->off[c] != BULK_ABSENT)
        return b->arena.s + r->off[c];
    return t->cols[c].def ? t->cols[c].def : "";
}

/* Primary-key order (region, indicator, observed_at, source), then file
 * order among rows with the same key, so that a later row still wins. */
static int bulk_row_cmp(const void *pa, const void *pb)
{
    const bulk_row *x = pa, *y = pb;
    if (x->rid != y->rid)
        return x->rid < y->rid ? -1 : 1;
    if (x->iid != y->iid)
        return x->iid < y->iid ? -1 : 1;
    int c = strcmp(x->at, y->at);
    if (!c)
        c = strcmp(x->source, y->source);
    if (!c)
        c = x->seq < y->seq ? -1 : x->seq > y->seq;
    return c;
}

/* Insert the buffered rows in primary-key order. Feeds list observations
 * by time across every region and indicator; in key order each insert
 * lands next to the previous one, which made the load a fifth faster
 * (bench/import_floor.c). All of it is inside the import's transaction, so
 * all or nothing still holds. A row whose key exists already goes through
 * the full upsert, which compares and audits it, reported at its own line.
 * Returns 1, or -1 when the import must stop. */
static int bulk_flush(importer *im)
{
    bulk *b = &im->bulk;
    const core_table *t = im->t;
    for (int i = 0; i < b->nrows; i++) { /* the arena no longer moves */
        b->rows[i].at = bulk_val(b, &b->rows[i], t, 2);
        b->rows[i].source = bulk_val(b, &b->rows[i], t, 4);
    }
    qsort(b->rows, (size_t)b->nrows, sizeof *b->rows, bulk_row_cmp);
    sqlite3_stmt *st = b->ins;
    int res = 1;
    int64_t rec_line = im->rec_line;
    for (int i = 0; i < b->nrows && !im->fatal; i++) {
        const bulk_row *r = &b->rows[i];
        sqlite3_bind_int64(st, 1, r->rid);
        sqlite3_bind_int64(st, 2, r->iid);
        sqlite3_bind_text(st, 3, bulk_val(b, r, t, 2), -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, bulk_val(b, r, t, 4), -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 5, strtod(bulk_val(b, r, t, 3), NULL));
        sqlite3_bind_text(st, 6, bulk_val(b, r, t, 5), -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 7, bulk_val(b, r, t, 6)[0] == '1');
        const char *note = bulk_val(b, r, t, 7);
        if (note[0])
            sqlite3_bind_text(st, 8, note, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 8);
        sqlite3_bind_int64(st, 9, b->next_id);
        sqlite3_bind_text(st, 10, b->now, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 11, im->db->actor, -1, SQLITE_STATIC);
        /* A plain INSERT seeks the key once; a row that exists already
         * fails its own statement only (the transaction goes on). */
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc == SQLITE_DONE) {
            b->next_id++;
            im->s->inserted++;
            im->db->dirty_tables |= 1u << CORE_T_OBSERVATIONS;
        } else if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
            const char *vals[BULK_COLS];
            for (int c = 0; c < BULK_COLS; c++)
                vals[c] = r->off[c] == BULK_ABSENT ? NULL : b->arena.s + r->off[c];
            im->rec_line = r->line;
            upsert_row(im, vals);
        } else {
            im->fatal = 1;
            im->fatal_status = core_sqlite_err(im->db, rc, "importing", im->err);
        }
    }
    if (im->fatal)
        res = -1;
    im->rec_line = rec_line;
    b->nrows = 0;
    core_sb_reset(&b->arena);
    return res;
}

static void do_row(importer *im)
{
    const core_table *t = im->t;
    im->s->rows++;
    if (im->rec_problem[0]) {
        report(im, im->rec_line, NULL, im->rec_problem);
        im->s->rejected++;
        write_reject(im, im->rec_problem);
        return;
    }
    /* A row may be short of trailing columns that are ignored anyway, or
     * carry extra empty cells (spreadsheets do both); anything else is a
     * ragged row. */
    int ragged = 0;
    for (int i = im->nf; i < im->nhead; i++)
        ragged |= im->map[i] != CORE_HXL_IGNORE;
    for (int i = im->nhead; i < im->nf; i++)
        ragged |= im->len[i] != 0;
    if (ragged) {
        char m[120];
        snprintf(m, sizeof m, "expected %d fields as in the header, found %d", im->nhead, im->nf);
        report(im, im->rec_line, NULL, m);
        im->s->rejected++;
        write_reject(im, m);
        return;
    }
    const char *vals[64] = {0};
    const char *region_name = NULL;
    char shifted[64][32];
    im->rec_bad = 0;
    for (int i = 0; i < im->nf && i < im->nhead; i++) {
        int c = im->map[i];
        const char *v = field(im, i);
        if (c == CORE_HXL_REGION_NAME)
            region_name = v;
        if (c < 0)
            continue;
        const char *sv = shift_date(im, &t->cols[c], v);
        if (sv != v) {
            snprintf(shifted[c], sizeof shifted[c], "%s", sv);
            sv = shifted[c];
        }
        vals[c] = sv;
    }
    if (region_name)
        check_region_name(im, vals[core_table_col(t, "region_code")], region_name);
    /* Report every bad value of the row, not only the first, and then
     * its unknown references. */
    int bad = im->rec_bad;
    char first_reason[600] = "";
    const char *valid[64] = {0};
    for (int c = 0; c < t->ncols; c++) {
        char msg[400];
        if (!vals[c])
            continue;
        if (core_validate_value(&t->cols[c], vals[c], im->normv[c], NORM_SIZE, msg, sizeof msg) == CORE_OK) {
            valid[c] = im->normv[c];
            continue;
        }
        report(im, im->rec_line, t->cols[c].name, msg);
        if (!bad++)
            snprintf(first_reason, sizeof first_reason, "%s: %s", t->cols[c].name, msg);
    }
    if (bad)
        report_unknown_refs(im, valid, 0);
    if (bad) {
        im->s->rejected++;
        write_reject(im, first_reason[0] ? first_reason : "#adm1+name: does not match the region code");
        return;
    }
    if (im->bulk.ins && bulk_add(im, vals) != 0)
        return; /* kept for bulk_flush, or stopped */
    upsert_row(im, vals);
}

/* Run one savepoint statement of --rejects mode; on failure stop the
 * import (nothing is saved) and return its status. */
static core_status savepoint(importer *im, const char *sql)
{
    int rc = sqlite3_exec(im->db->h, sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return CORE_OK;
    im->fatal = 1;
    im->fatal_status = core_sqlite_err(im->db, rc, "importing", im->err);
    return im->fatal_status;
}

/* Insert or update one validated row through the store (which compares,
 * audits and checks references), reporting a refusal at im->rec_line (the
 * pending row p's cells go to the rejects file, or the current record's
 * when p is NULL). With CORE_UPSERT_DEFER_SELF_REF in flags, a row whose
 * parent is not stored yet is left unwritten and *deferred set. */
/* Report each reference of the row from column `from` on that names no
 * record (not one to a row of the same table, which may come later in the
 * file), so that a row's problems come in one pass: a row refused for
 * another reason, or for its first unknown reference, is not refused again
 * for the next once that is fixed. vals[c] is NULL for a column not given
 * or not valid. Returns the count reported. */
static int report_unknown_refs(importer *im, const char *const *vals, int from)
{
    const core_table *t = im->t;
    int n = 0;
    for (int c = from; c < t->ncols; c++) {
        const core_column *col = &t->cols[c];
        if (col->type != CORE_COL_REF || col->ref == t->id || !vals[c])
            continue;
        size_t len;
        const char *v = core_trim(vals[c], &len);
        char key[NORM_SIZE];
        if (!len || len >= sizeof key)
            continue;
        memcpy(key, v, len);
        key[len] = '\0';
        int64_t id = 0;
        core_err e;
        if (core_row_find(im->db, col->ref, key, &id, &e) != CORE_ENOTFOUND)
            continue;
        char q[200], msg[400];
        core_sanitize_into(q, sizeof q, key);
        snprintf(msg, sizeof msg, "'%s' is not a known %s (add it first)", q, core_table_get(col->ref)->noun);
        report(im, im->rec_line, col->name, msg);
        n++;
    }
    return n;
}

static void store_row(importer *im, const char *const *vals, unsigned flags, const struct pending *p,
                      int *deferred)
{
    const core_table *t = im->t;
    core_field_error fe = {-1, ""};
    core_err e = {0};
    core_upsert_result res = CORE_UPSERT_UNCHANGED;
    *deferred = 0;
    int sp = im->o->rejects_path != NULL; /* rejects mode, dry run or not */
    core_status st = CORE_OK;
    if (sp && (st = savepoint(im, "SAVEPOINT import_row")) != CORE_OK)
        return;
    st = core_store_upsert(im->db, t, vals, flags, im->fresh_from, &res, deferred, &fe, &e);
    if (st == CORE_OK) {
        if (sp && savepoint(im, "RELEASE import_row") != CORE_OK)
            return;
        if (*deferred)
            return;
        im->s->inserted += res == CORE_UPSERT_INSERTED;
        im->s->updated += res == CORE_UPSERT_UPDATED;
        im->s->unchanged += res == CORE_UPSERT_UNCHANGED;
        return;
    }
    /* A refused row's partial writes must go, or the import stops: they
     * would be committed with the good rows. */
    if (sp && (savepoint(im, "ROLLBACK TO import_row") != CORE_OK || savepoint(im, "RELEASE import_row") != CORE_OK))
        return;
    if (st == CORE_EDATA) {
        const char *col = fe.col >= 0 ? t->cols[fe.col].name : NULL;
        report(im, im->rec_line, col, fe.col >= 0 ? fe.msg : e.msg);
        if (fe.col >= 0 && t->cols[fe.col].type == CORE_COL_REF) /* and the row's other unknown references */
            report_unknown_refs(im, vals, fe.col + 1);
        im->s->rejected++;
        char reason[1200];
        snprintf(reason, sizeof reason, "%s%s%s", col ? col : "", col ? ": " : "", fe.col >= 0 ? fe.msg : e.msg);
        write_reject_row(im, p, reason);
        return;
    }
    /* Busy, I/O, disk full: stop, nothing is saved. */
    im->fatal = 1;
    im->fatal_status = st;
    *im->err = e;
}

/* A code that pending rows have (their key, column 0) or wait for (their
 * parent_code), found by hash: a file of tens of thousands of regions
 * listed children first stays linear. */
struct waitkey {
    char *code;  /* trimmed; NULL: a free slot */
    int first;   /* the first pending row with this code not yet written, or -1 */
    int last;    /* the last pending row with this code, or -1 */
    int nwaiting;/* pending rows with this code not yet written */
    int waiters; /* rows deferred until this code is stored (next_waiter), or -1 */
};

static size_t code_hash(const char *s, size_t n)
{
    size_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* The entry for code (trimmed), or NULL when it has none; with create, a
 * new entry is made (NULL and the import stopped when memory runs out). */
static struct waitkey *wait_key(importer *im, const char *code, int create)
{
    if (!code)
        return NULL;
    size_t n;
    const char *c = core_trim(code, &n);
    if (create && (im->nkeys + 1) * 2 > im->capkeys) { /* grow: at most half full */
        size_t cap = im->capkeys ? im->capkeys * 2 : 64;
        struct waitkey *nk = calloc(cap, sizeof *nk);
        if (!nk) {
            out_of_memory(im);
            return NULL;
        }
        for (size_t i = 0; i < im->capkeys; i++) {
            if (!im->keys[i].code)
                continue;
            size_t j = code_hash(im->keys[i].code, strlen(im->keys[i].code)) & (cap - 1);
            while (nk[j].code)
                j = (j + 1) & (cap - 1);
            nk[j] = im->keys[i];
        }
        free(im->keys);
        im->keys = nk;
        im->capkeys = cap;
    }
    if (!im->capkeys)
        return NULL;
    size_t j = code_hash(c, n) & (im->capkeys - 1);
    for (; im->keys[j].code; j = (j + 1) & (im->capkeys - 1))
        if (strlen(im->keys[j].code) == n && !memcmp(im->keys[j].code, c, n))
            return &im->keys[j];
    if (!create)
        return NULL;
    struct waitkey *k = &im->keys[j];
    if (!(k->code = strndup(c, n))) {
        out_of_memory(im);
        return NULL;
    }
    k->first = k->last = k->waiters = -1;
    k->nwaiting = 0;
    im->nkeys++;
    return k;
}

/* Keep the current row (its values and raw cells) for resolve_pending. */
static void pend_row(importer *im, const char *const *vals)
{
    if (im->ndef == im->capdef) {
        int cap = im->capdef ? im->capdef * 2 : 16;
        void *np = realloc(im->def, sizeof *im->def * (size_t)cap);
        if (!np) {
            out_of_memory(im);
            return;
        }
        im->def = np;
        im->capdef = cap;
    }
    int idx = im->ndef;
    struct pending *p = &im->def[idx];
    memset(p, 0, sizeof *p);
    p->next_same = p->next_waiter = -1;
    p->line = im->rec_line;
    p->vals = calloc((size_t)im->t->ncols, sizeof *p->vals);
    p->cells = calloc((size_t)im->nf + 1, sizeof *p->cells);
    p->lens = calloc((size_t)im->nf + 1, sizeof *p->lens);
    int ok = p->vals && p->cells && p->lens;
    for (int c = 0; ok && c < im->t->ncols; c++)
        ok = !vals[c] || (p->vals[c] = strdup(vals[c]));
    for (int i = 0; ok && i < im->nf; i++, p->ncells++) {
        p->lens[i] = im->len[i];
        ok = (p->cells[i] = strndup(field(im, i), im->len[i])) != NULL;
    }
    im->ndef++; /* freed with the others even when half made */
    if (!ok) {
        out_of_memory(im);
        return;
    }
    struct waitkey *k = wait_key(im, p->vals[0], 1);
    if (!k)
        return;
    if (k->last >= 0)
        im->def[k->last].next_same = idx;
    k->last = idx;
    if (k->first < 0)
        k->first = idx;
    k->nwaiting++;
}

/* A pending row not yet written, among the first `before`, whose key
 * (column 0, regions.code) is `key`. Rows with one code are written in
 * file order, so the first one not written is the one to ask about. */
static int pending_key_waits(importer *im, const char *key, int before)
{
    const struct waitkey *k = wait_key(im, key, 0);
    return k && k->nwaiting > 0 && k->first < before;
}

/* A row from the file: to the store, or kept for the end when its parent
 * is not stored yet — or when an earlier row with its key is, so that the
 * later row still wins. */
static void upsert_row(importer *im, const char *const *vals)
{
    int deferred = 0;
    if (!pending_key_waits(im, vals[0], im->ndef))
        store_row(im, vals, CORE_UPSERT_DEFER_SELF_REF, NULL, &deferred);
    else
        deferred = 1;
    if (deferred && !im->fatal)
        pend_row(im, vals);
}

static void on_record(int c, void *data)
{
    importer *im = data;
    (void)c;
    if (!im->fatal) {
        if (!im->header_done) {
            header_step(im);
            if (im->header_records < 0)
                header_failed(im);
        } else if (im->tag_row_may_follow) {
            /* Hashtags may sit under the plain names: not data. Only a row
             * whose every hashtag means a column is one; "#7,#Seven Hills"
             * is a region. */
            const char *cells[64] = {0};
            int n = record_cells(im, cells, 64);
            im->tag_row_may_follow = 0;
            int hashtags = core_hxl_is_tag_row(cells, n);
            for (int i = 0; hashtags && i < n; i++)
                hashtags = core_hxl_map(im->t, cells[i]) != CORE_HXL_UNKNOWN;
            if (!hashtags)
                do_row(im);
        } else {
            do_row(im);
        }
    }
    im->nf = 0;
    core_sb_reset(&im->buf);
    im->rec_problem[0] = '\0';
}

/* Rows ready to be written, lowest line first (a binary min-heap). */
typedef struct ready {
    int *v;
    int n, cap;
} ready;

static void ready_push(importer *im, ready *h, int i)
{
    if (im->def[i].queued || im->def[i].done)
        return;
    if (h->n == h->cap) {
        int cap = h->cap ? h->cap * 2 : 64;
        int *nv = realloc(h->v, sizeof *nv * (size_t)cap);
        if (!nv) {
            out_of_memory(im);
            return;
        }
        h->v = nv;
        h->cap = cap;
    }
    im->def[i].queued = 1;
    int j = h->n++;
    for (; j && h->v[(j - 1) / 2] > i; j = (j - 1) / 2)
        h->v[j] = h->v[(j - 1) / 2];
    h->v[j] = i;
}

static int ready_pop(importer *im, ready *h)
{
    if (!h->n)
        return -1;
    int top = h->v[0], last = h->v[--h->n], j = 0;
    for (;;) {
        int c = 2 * j + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && h->v[c + 1] < h->v[c])
            c++;
        if (h->v[c] >= last)
            break;
        h->v[j] = h->v[c];
        j = c;
    }
    if (h->n)
        h->v[j] = last;
    im->def[top].queued = 0;
    return top;
}

/* Pending row i is settled (written or refused): the next row with its
 * code becomes ready, and so do the rows waiting for that code as their
 * parent once it is stored. */
static void pend_settled(importer *im, ready *h, int i, int stored)
{
    struct pending *p = &im->def[i];
    p->done = 1;
    struct waitkey *k = wait_key(im, p->vals[0], 0);
    if (!k)
        return;
    k->nwaiting--;
    if (k->first == i) {
        int j = p->next_same;
        while (j >= 0 && im->def[j].done)
            j = im->def[j].next_same;
        k->first = j;
    }
    if (k->first >= 0)
        ready_push(im, h, k->first);
    if (!stored)
        return;
    for (int w = k->waiters; w >= 0; w = im->def[w].next_waiter)
        if (!pending_key_waits(im, im->def[w].vals[0], w))
            ready_push(im, h, w);
    k->waiters = -1; /* woken; one deferred again waits again */
}

/* Write the rows whose parent came later in the file, lowest line first
 * as each becomes writable (a parent may itself have waited); what is left
 * names a parent that is nowhere and is refused like any bad value
 * (reported, and to the rejects file with its own cells). Each row is tried
 * once, and again only when a row with its parent's code is stored. */
static void resolve_pending(importer *im)
{
    int64_t rec_line = im->rec_line;
    int pc = core_table_col(im->t, "parent_code");
    ready h = {0};
    int left = 0;
    for (int i = 0; i < im->ndef; i++) {
        left += !im->def[i].done;
        if (!pending_key_waits(im, im->def[i].vals[0], i))
            ready_push(im, &h, i);
    }
    while (left > 0 && !im->fatal) {
        for (int i; !im->fatal && (i = ready_pop(im, &h)) >= 0;) {
            struct pending *p = &im->def[i];
            if (p->done) /* refused while it waited in the heap */
                continue;
            int deferred;
            im->rec_line = p->line;
            store_row(im, (const char *const *)p->vals, CORE_UPSERT_DEFER_SELF_REF, p, &deferred);
            if (!deferred) {
                pend_settled(im, &h, i, 1);
                left--;
                continue;
            }
            struct waitkey *k = pc >= 0 ? wait_key(im, p->vals[pc], 1) : NULL;
            if (!k) /* nothing to wait for: refused below */
                continue;
            p->next_waiter = k->waiters;
            k->waiters = i;
        }
        if (im->fatal || !left)
            break;
        /* Stuck: refuse every row whose parent is nowhere (not even among
         * the rows still waiting), in file order — or, in a cycle, the
         * first — and go on, since a good row may have waited behind one. */
        int refused = 0;
        for (int pass = 0; pass < 2 && !refused && !im->fatal; pass++) {
            for (int i = 0; i < im->ndef && !im->fatal && !(pass && refused); i++) {
                struct pending *p = &im->def[i];
                if (p->done || pending_key_waits(im, p->vals[0], i) ||
                    (!pass && pc >= 0 && pending_key_waits(im, p->vals[pc], im->ndef)))
                    continue;
                int deferred;
                int64_t rejected = im->s->rejected;
                im->rec_line = p->line;
                store_row(im, (const char *const *)p->vals, 0, p, &deferred);
                pend_settled(im, &h, i, !im->fatal && im->s->rejected == rejected);
                left--;
                refused++;
            }
        }
    }
    free(h.v);
    im->rec_line = rec_line;
}

static void importer_free(importer *im)
{
    for (int i = 0; im->first && i < im->nfirst; i++)
        free(im->first[i]);
    free(im->first);
    free(im->norm_buf);
    core_sb_free(&im->buf);
    free(im->off);
    free(im->len);
    for (int i = 0; im->hdr && i < im->nhead; i++)
        free(im->hdr[i]);
    free(im->hdr);
    for (int i = 0; i < im->ndef; i++) {
        struct pending *p = &im->def[i];
        for (int c = 0; p->vals && c < im->t->ncols; c++)
            free(p->vals[c]);
        for (int c = 0; p->cells && c < p->ncells; c++)
            free(p->cells[c]);
        free(p->vals);
        free(p->cells);
        free(p->lens);
    }
    free(im->def);
    for (size_t i = 0; i < im->capkeys; i++)
        free(im->keys[i].code);
    free(im->keys);
}

/* Latin-1 to UTF-8, into sb. Bytes 0x80-0x9F are read as Windows-1252
 * (curly quotes, the euro sign, dashes), as web browsers read every file
 * labelled Latin-1 (WHATWG Encoding Standard): a spreadsheet saved "as
 * Latin-1" on Windows is Windows-1252, and true ISO 8859-1 text never uses
 * those bytes (they are C1 control codes). The five bytes Windows-1252
 * leaves undefined stay the control codes they are in ISO 8859-1. */
static void latin1_to_utf8(const char *s, size_t n, core_sb *sb)
{
    static const unsigned short CP1252[32] = {
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    };
    core_sb_reset(sb);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned cp = c >= 0x80 && c <= 0x9F ? CP1252[c - 0x80] : c;
        if (cp < 0x80) {
            core_sb_addn(sb, (const char *)&s[i], 1);
        } else if (cp < 0x800) {
            char u[2] = {(char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F))};
            core_sb_addn(sb, u, 2);
        } else {
            char u[3] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F))};
            core_sb_addn(sb, u, 3);
        }
    }
}

core_status core_import(core_db *db, core_table_id tid, const char *path, const core_import_opts *opts,
                        core_import_stats *stats, core_err *err)
{
    static const core_import_opts defaults = {0};
    const core_import_opts *o = opts ? opts : &defaults;
    core_import_stats local = {0};
    core_import_stats *s = stats ? stats : &local;
    memset(s, 0, sizeof *s);
    core_err_clear(err);
    const core_table *t = core_table_get(tid);
    char sp[300];
    core_sanitize_into(sp, sizeof sp, path);
    if (!t || !(t->flags & CORE_TABF_IMPORT))
        return core_err_set(err, CORE_EUSAGE, "cannot import into %s; tables: %s", t ? t->name : "?",
                            core_table_import_names());
    int latin1 = 0;
    if (o->encoding && *o->encoding) {
        if (!strcasecmp(o->encoding, "latin1") || !strcasecmp(o->encoding, "latin-1") ||
            !strcasecmp(o->encoding, "iso-8859-1") || !strcasecmp(o->encoding, "windows-1252") ||
            !strcasecmp(o->encoding, "cp1252"))
            latin1 = 1;
        else if (strcasecmp(o->encoding, "utf-8") && strcasecmp(o->encoding, "utf8"))
            return core_err_set(err, CORE_EUSAGE, "unknown encoding (use utf-8, latin1 or windows-1252)");
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return core_err_set(err, CORE_ENOINPUT, "cannot read %s: %s", sp, strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return core_err_set(err, CORE_ENOINPUT, "%s is a directory", sp);
    }
    int64_t total = sb.st_size;
    if (total > CORE_CSV_MAX_FILE) {
        fclose(f);
        return core_err_set(err, CORE_EDATA, "%s is %lld bytes, over the %lld GiB import limit; split it", sp,
                            (long long)total, CORE_CSV_MAX_FILE >> 30);
    }

    importer im = {0};
    im.norm_buf = malloc((size_t)NORM_SIZE * (size_t)t->ncols);
    if (!im.norm_buf) {
        fclose(f);
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    }
    for (int c = 0; c < t->ncols; c++)
        im.normv[c] = im.norm_buf + (size_t)c * NORM_SIZE;
    im.db = db;
    im.t = t;
    im.o = o;
    im.s = s;
    im.err = err;
    im.path = sp;
    if (o->rejects_path && !o->dry_run) {
        /* Opening it truncates it: never the report being read, nor the
         * database everyone works on. */
        const char *clash = core_same_file(o->rejects_path, path) ? "the file being imported"
                            : core_db_is_own_file(db, o->rejects_path) ? "the database"
                                                                        : NULL;
        if (clash) {
            fclose(f);
            free(im.norm_buf);
            char rp[300];
            core_sanitize_into(rp, sizeof rp, o->rejects_path);
            return core_err_set(err, CORE_EUSAGE, "the rejects file %s is %s; name another file", rp, clash);
        }
        im.rejects = fopen(o->rejects_path, "wb");
        if (!im.rejects) {
            int saved = errno;
            fclose(f);
            free(im.norm_buf);
            errno = saved;
            char rp[300];
            core_sanitize_into(rp, sizeof rp, o->rejects_path);
            return core_err_set(err, CORE_ECANTCREAT, "cannot create %s: %s", rp, strerror(errno));
        }
    }
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_realloc_func(&p, bounded_realloc);
    /* The bulk path resolves every reference itself, under the write lock
     * that keeps anyone from deleting what it refers to; SQLite's own
     * per-row foreign-key lookups would only repeat that work. (The pragma
     * only takes effect outside a transaction, so inside a batch the
     * checks simply stay on.) */
    int fk_off = tid == CORE_T_OBSERVATIONS && !o->rejects_path && db->tx_depth == 0;
    if (fk_off)
        sqlite3_exec(db->h, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    core_status st = core_tx_begin(db, err);
    if (st != CORE_OK) {
        if (fk_off)
            sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
        fclose(f);
        if (im.rejects)
            fclose(im.rejects);
        csv_free(&p);
        free(im.norm_buf);
        return st;
    }
    char cache_sql[64];
    snprintf(cache_sql, sizeof cache_sql, "PRAGMA cache_size = -%d", IMPORT_CACHE_KIB);
    sqlite3_exec(db->h, cache_sql, NULL, NULL, NULL);
    db->inserts_audited_by_import = 1;
    if (tid == CORE_T_OBSERVATIONS) {
        /* Rows from this id up are this file's (core_store_upsert). */
        sqlite3_stmt *m = NULL;
        if (sqlite3_prepare_v2(db->h, "SELECT coalesce(max(id), 0) + 1 FROM observations", -1, &m, NULL) ==
                SQLITE_OK &&
            sqlite3_step(m) == SQLITE_ROW)
            im.fresh_from = sqlite3_column_int64(m, 0);
        sqlite3_finalize(m);
        if (!o->rejects_path)
            bulk_open(&im, total);
    }
    /* Read in blocks, never a whole line: a file with no line break
     * would otherwise be held whole (getline), and libcsv's own buffer
     * is what bounds a field. Line numbers count the breaks seen. */
    enum { READ_BLOCK = 64 * 1024 };
    char *blk = malloc(READ_BLOCK);
    if (!blk)
        out_of_memory(&im);
    int64_t done = 0;
    int line_start = 1;
    size_t have;
    core_sb conv = {0};
    while (!im.fatal && (have = fread(blk, 1, READ_BLOCK, f)) > 0) {
        for (size_t pos = 0; pos < have && !im.fatal;) {
            if (line_start) {
                im.line++;
                if (p.pstate == 0) /* no record open: the next one starts here */
                    im.rec_line = im.line;
                line_start = 0;
            }
            const char *nl = memchr(blk + pos, '\n', have - pos);
            size_t seg = nl ? (size_t)(nl - (blk + pos)) + 1 : have - pos;
            const char *data = blk + pos;
            size_t len = seg;
            pos += seg;
            done += (int64_t)seg;
            if (latin1) {
                latin1_to_utf8(data, len, &conv);
                data = core_sb_str(&conv);
                len = conv.len;
            }
            if (csv_parse(&p, data, len, on_field, on_record, &im) != len && !im.fatal) {
                int e = csv_error(&p);
                if (e == CSV_ENOMEM)
                    fatal(&im, im.line, "a field is far over the 64 KiB limit (or a quote is never closed)");
                else
                    fatal(&im, im.rec_line, "malformed CSV: a quote inside an unquoted field, or text after a "
                                            "closing quote");
            }
            if (nl) {
                line_start = 1;
                if (o->progress && (im.line & 0x3fff) == 0)
                    o->progress(o->progress_ctx, done, total, s->rows);
            }
        }
    }
    if (ferror(f) && !im.fatal)
        fatal(&im, im.line, strerror(errno));
    if (!im.fatal && csv_fini(&p, on_field, on_record, &im) != 0 && !im.fatal)
        fatal(&im, im.rec_line, "unterminated quoted field: a quote opened here is never closed");
    if (!im.fatal && !im.header_done)
        header_failed(&im);
    if (!im.fatal && im.bulk.nrows)
        bulk_flush(&im);
    if (!im.fatal)
        resolve_pending(&im);
    free(blk);
    core_sb_free(&conv);
    csv_free(&p);
    fclose(f);

    int cap_r = o->max_reported > 0 ? o->max_reported : 20;
    if (s->problems > cap_r && o->report) {
        char m[900];
        int off = snprintf(m, sizeof m, "%s: %lld more problem(s) not shown; all %lld by column:", sp,
                           (long long)(s->problems - cap_r), (long long)s->problems);
        for (int c = 0; c <= 64 && off < (int)sizeof m - 40; c++)
            if (im.col_problems[c])
                off += snprintf(m + off, sizeof m - (size_t)off, " %s %lld,",
                                c < t->ncols ? t->cols[c].name : "row", (long long)im.col_problems[c]);
        if (m[off - 1] == ',')
            m[off - 1] = '\0';
        o->report(o->report_ctx, m);
    }

    int keep = !im.fatal && !o->dry_run && (s->problems == 0 || o->rejects_path);
    if (bulk_close(&im, keep) != CORE_OK)
        keep = 0, im.fatal = 1, im.fatal_status = core_err_status(err);
    db->inserts_audited_by_import = 0;
    sqlite3_exec(db->h, "PRAGMA cache_size = -8192", NULL, NULL, NULL);
    core_status audit_st = CORE_OK;
    if (keep && (s->inserted || s->updated)) {
        char summary[200];
        snprintf(summary, sizeof summary, "{\"inserted\":%lld,\"updated\":%lld,\"unchanged\":%lld,\"rejected\":%lld}",
                 (long long)s->inserted, (long long)s->updated, (long long)s->unchanged, (long long)s->rejected);
        audit_st = core_audit(db, "import", t->name, path, summary, err);
        keep = audit_st == CORE_OK;
    }
    if (keep) {
        st = core_tx_commit(db, err);
        s->committed = st == CORE_OK;
    } else {
        core_tx_rollback(db);
        if (audit_st != CORE_OK) /* the import's own audit entry failed */
            st = audit_st;
        else if (im.fatal_status && im.fatal_status != CORE_EDATA)
            st = im.fatal_status;
        else if (im.fatal)
            st = core_err_set(err, CORE_EDATA, "%s: stopped at the problem above; nothing was imported", sp);
        else if (s->problems && !o->rejects_path)
            st = core_err_set(err, CORE_EDATA, "%s: %lld problem(s) in %lld row(s); nothing was imported", sp,
                              (long long)s->problems, (long long)s->rejected);
        else
            st = CORE_OK; /* dry run */
    }
    if (fk_off)
        sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
    if (im.rejects && fclose(im.rejects) != 0 && st == CORE_OK)
        st = core_err_set(err, CORE_EIO, "writing the rejects file failed: %s", strerror(errno));
    importer_free(&im);
    return st;
}

/* ---- export ------------------------------------------------------------ */

static const char AUDIT_SQL[] =
    "SELECT at, actor, action, tbl, row_key, changes FROM audit ORDER BY id";
static const char ALERTS_SQL[] =
    "SELECT id, kind, level, subject, raised_at, acknowledged_by, acknowledged_at, note, cleared_at"
    " FROM alerts ORDER BY id";
/* Without --include-sensitive the audit trail leaves out every entry about
 * a sensitive record, since its before/after values are the record: every
 * entry of a row any entry of which says it is (or was) sensitive (entries
 * about a sensitive row always say so: store.c's changes_json), entries of
 * a partner that is sensitive now, and entries of partner alerts unless
 * the partner is there and not sensitive (an alert's subject names it).
 * The rows that ever were sensitive are found once (NOT IN builds one
 * index), not per entry. Observations (whose label is their key) are
 * checked one by one in C (SENSITIVE_OBS); column 7 says which need it.
 * PARTNER_ALERT_HIDDEN is internal.h's. */
/* SQL: audit changes C record that their row is (or was) sensitive. */
#define MARKED_SENSITIVE(c)                                                                               \
    "(instr(" c ", '\"sensitive\":') AND json_valid(" c ") AND (json_extract(" c ", '$.sensitive[0]') = '1'"  \
    " OR json_extract(" c ", '$.sensitive[1]') = '1'))"
static const char AUDIT_PUBLIC_SQL[] =
    /* Every name a sensitive partner has (or had, by the trail: a reveal
     * is only ever of a sensitive partner, and a rename's entry keeps the
     * old name), found once. */
    "WITH hidden_names(n) AS MATERIALIZED (SELECT name FROM partners WHERE sensitive"
    " UNION SELECT row_key FROM audit WHERE tbl = 'partners' AND (action = 'reveal' OR " MARKED_SENSITIVE("changes") ")"
    " UNION SELECT json_extract(changes, '$.name[0]') FROM audit"
    "   WHERE tbl = 'partners' AND " MARKED_SENSITIVE("changes") ")"
    /* A partner's contact columns are out of every export: so are their
     * values in the trail's changes, whoever the partner. A resource's
     * owner or an activity's lead that is (or was) a sensitive partner is
     * hidden likewise, as the rows naming one are left out. */
    " SELECT a.at, a.actor, a.action, a.tbl, a.row_key,"
    " CASE WHEN a.tbl IN ('resources', 'activities') AND json_valid(a.changes) AND EXISTS (SELECT 1"
    "   FROM hidden_names WHERE n IN (json_extract(a.changes, '$.owner[0]'), json_extract(a.changes, '$.owner[1]'),"
    "   json_extract(a.changes, '$.lead_partner[0]'), json_extract(a.changes, '$.lead_partner[1]')))"
    "   THEN json_replace(a.changes, '$.owner', " HIDDEN_PAIR ", '$.lead_partner', " HIDDEN_PAIR ")"
    "   ELSE " AUDIT_CONTACTS_HIDDEN("a") " END,"
    " a.tbl = 'observations' FROM audit a"
    " WHERE (a.tbl, a.row_key) NOT IN (SELECT tbl, row_key FROM audit WHERE action = 'reveal'"
    "   OR " MARKED_SENSITIVE("changes") ")"
    " AND NOT (a.tbl = 'partners' AND EXISTS (SELECT 1 FROM partners p WHERE p.name = a.row_key AND p.sensitive))"
    " AND NOT (a.tbl = 'alerts' AND EXISTS (SELECT 1 FROM alerts al"
    "   WHERE al.id = CAST(substr(a.row_key, 2) AS INTEGER) AND " PARTNER_ALERT_HIDDEN("al") "))"
    " ORDER BY a.id";
static const char ALERTS_PUBLIC_SQL[] =
    "SELECT al.id, al.kind, al.level, al.subject, al.raised_at, al.acknowledged_by, al.acknowledged_at, al.note,"
    " al.cleared_at FROM alerts al WHERE NOT " PARTNER_ALERT_HIDDEN("al") " ORDER BY al.id";
static const char SENSITIVE_OBS[] =
    "SELECT o.sensitive FROM observations o JOIN regions r ON r.id = o.region_id"
    " JOIN indicators i ON i.id = o.indicator_id"
    " WHERE r.code = ?1 AND i.code = ?2 AND o.observed_at = ?3 AND o.source = ?4";

/* Whether the observation an audit entry names by its label "REGION /
 * INDICATOR / TIME / SOURCE" (store.c's row_label) is sensitive now. */
static int audit_obs_sensitive(core_db *db, const char *label)
{
    const char *part[4];
    size_t len[4];
    const char *p = label;
    for (int i = 0; i < 3; i++) {
        const char *sep = strstr(p, " / ");
        if (!sep)
            return 0;
        part[i] = p;
        len[i] = (size_t)(sep - p);
        p = sep + 3;
    }
    part[3] = p;
    len[3] = strlen(p);
    sqlite3_stmt *st = core_stmt(db, SENSITIVE_OBS, NULL);
    if (!st)
        return 1; /* cannot tell: leave it out */
    for (int i = 0; i < 4; i++)
        sqlite3_bind_text(st, i + 1, part[i], (int)len[i], SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int sensitive = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) != 0 : rc != SQLITE_DONE;
    sqlite3_reset(st);
    return sensitive;
}

/* Whether rows of table tid can be withheld from a public export:
 * it has a sensitive column, or refers to a table whose rows can be. */
static int withholdable(core_table_id tid)
{
    const core_table *t = core_table_get(tid);
    if (core_table_col(t, "sensitive") >= 0)
        return 1;
    for (int i = 0; i < t->ncols; i++)
        if (t->cols[i].type == CORE_COL_REF && t->cols[i].ref != tid && withholdable(t->cols[i].ref))
            return 1;
    return 0;
}

/* SQL: whether row AL (an alias) of table tid stays out of an export
 * without --include-sensitive: it is sensitive, or it names a row that
 * is (a resource owned by a sensitive partner, an activity it leads, and
 * that resource's movements), since the name is what is protected. "0"
 * for tables that cannot be withheld. Depth names the aliases of the
 * subqueries. */
static void withheld_sql(core_sb *sb, core_table_id tid, const char *al, int depth)
{
    const core_table *t = core_table_get(tid);
    int n = 0;
    core_sb_add(sb, "(");
    if (core_table_col(t, "sensitive") >= 0) {
        core_sb_addf(sb, "%s.sensitive", al);
        n++;
    }
    for (int i = 0; i < t->ncols; i++) {
        const core_column *c = &t->cols[i];
        if (c->type != CORE_COL_REF || c->ref == tid || !withholdable(c->ref))
            continue;
        char b[64], sub[16];
        snprintf(sub, sizeof sub, "w%d", depth & 7);
        core_sb_addf(sb, "%sEXISTS (SELECT 1 FROM %s %s WHERE %s.id = %s.%s AND ", n++ ? " OR " : "",
                     core_table_get(c->ref)->name, sub, sub, al, core_store_dbcol(c, b, sizeof b));
        withheld_sql(sb, c->ref, sub, depth + 1);
        core_sb_add(sb, ")");
    }
    core_sb_add(sb, n ? ")" : "0)");
}

core_status core_export(core_db *db, core_table_id tid, FILE *out, unsigned flags, int64_t *rows, core_err *err)
{
    const core_table *t = core_table_get(tid);
    if (!t)
        return core_err_set(err, CORE_EUSAGE, "no such table");
    int sens = (flags & CORE_EXPORT_SENSITIVE) != 0;
    int keep[64];
    for (int i = 0; i < t->ncols; i++)
        keep[i] = sens || !(t->cols[i].flags & CORE_COLF_SENSITIVE);
    core_sb sql = {0};
    int first_col = 0;
    if (tid == CORE_T_AUDIT) {
        core_sb_add(&sql, sens ? AUDIT_SQL : AUDIT_PUBLIC_SQL);
    } else if (tid == CORE_T_ALERTS) {
        core_sb_add(&sql, sens ? ALERTS_SQL : ALERTS_PUBLIC_SQL);
    } else {
        first_col = 4;
        core_sb_add(&sql, core_store_select(db, tid, err));
        if (!sens) {
            core_sb_add(&sql, " WHERE NOT ");
            withheld_sql(&sql, tid, "t", 0);
        }
        const char *sep = " ORDER BY ";
        /* By the unique key; the movement ledger reads in time order, by
         * resource then at (SPEC's order of its key). */
        int at = tid == CORE_T_MOVEMENTS ? core_table_col(t, "at") : -1;
        for (int i = 0; i < t->ncols; i++)
            if ((t->cols[i].flags & CORE_COLF_KEY) && i != at) {
                core_sb_addf(&sql, "%s%d", sep, first_col + i + 1);
                sep = ", ";
                if (at >= 0 && i == 0)
                    core_sb_addf(&sql, ", %d", first_col + at + 1);
            }
    }
    if (sql.oom) {
        core_sb_free(&sql);
        return core_err_set(err, CORE_ENOMEM, "out of memory");
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, core_sb_str(&sql), -1, &st, NULL);
    core_sb_free(&sql);
    if (rc != SQLITE_OK)
        return core_sqlite_err(db, rc, "exporting", err);
    int wrote = 0, ioerr = 0;
    for (int pass = 0; pass < ((flags & CORE_EXPORT_HXL) ? 2 : 1); pass++) {
        wrote = 0;
        for (int i = 0; i < t->ncols; i++) {
            if (!keep[i])
                continue;
            const char *h = pass ? (t->cols[i].hxl ? t->cols[i].hxl : "") : t->cols[i].name;
            if (wrote++)
                ioerr |= fputc(',', out) == EOF;
            ioerr |= core_csv_put(out, h, strlen(h));
        }
        ioerr |= fputc('\n', out) == EOF;
    }
    int64_t n = 0;
    while (!ioerr && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (tid == CORE_T_AUDIT && !sens && sqlite3_column_int(st, 6) &&
            audit_obs_sensitive(db, (const char *)sqlite3_column_text(st, 4)))
            continue;
        wrote = 0;
        for (int i = 0; i < t->ncols; i++) {
            if (!keep[i])
                continue;
            char *v = core_store_value_text(st, first_col + i, &t->cols[i]);
            if (!v) {
                sqlite3_finalize(st);
                return core_err_set(err, CORE_ENOMEM, "out of memory");
            }
            if (wrote++)
                ioerr |= fputc(',', out) == EOF;
            ioerr |= core_csv_put(out, v, strlen(v));
            free(v);
        }
        ioerr |= fputc('\n', out) == EOF;
        n++;
    }
    sqlite3_finalize(st);
    if (ioerr || fflush(out) != 0)
        return core_err_set(err, CORE_EIO, "writing the export failed: %s", strerror(errno));
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return core_sqlite_err(db, rc, "exporting", err);
    if (rows)
        *rows = n;
    return CORE_OK;
}
