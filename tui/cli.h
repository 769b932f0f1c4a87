/* tui/cli.h — the command line: argument parsing and the subcommands that
 * do not open the dashboard (SPEC §1). */
#ifndef VIGIL_TUI_CLI_H
#define VIGIL_TUI_CLI_H

typedef struct cli_opts {
    const char *db;          /* --db, else $VIGIL_DB, else ./vigil.db    */
    int read_only;           /* --read-only                              */
    int no_color;            /* --no-color                               */
    int demo;                /* init --demo                              */
    int dry_run;             /* import --dry-run                         */
    const char *rejects;     /* import --rejects FILE                    */
    const char *encoding;    /* import --encoding ENC                    */
    const char *output;      /* export -o FILE                           */
    int include_sensitive;   /* export --include-sensitive               */
    int hxl;                 /* export --hxl                             */
    int all;                 /* alerts --all                             */
    const char *format;      /* alerts --format text|csv|json            */
    const char *note;        /* ack --note TEXT                          */
    const char *panel;       /* snapshot --panel NAME                    */
    const char *size;        /* snapshot --size COLSxROWS                */
    int help, version;
    const char *cmd;         /* subcommand, NULL for the dashboard       */
    const char *pos[4];      /* positional arguments after the command   */
    int npos;
} cli_opts;

/* Parse argv into o. Options may come before or after positionals.
 * Returns 0, or 64 after printing a usage error to stderr. */
int cli_parse(int argc, char **argv, cli_opts *o);

/* Run the subcommand in o->cmd; returns the process exit code. */
int cli_run(const cli_opts *o);

/* Print msg (printf-style) to stderr prefixed "vigil: ", sanitised. */
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Locate sample-data/ ($VIGIL_SAMPLE_DIR, ./sample-data, next to the
 * binary, or the installed share dir). Returns a static-lifetime path
 * in buf, or NULL. */
const char *cli_sample_dir(char *buf, unsigned bufsz);

#endif
