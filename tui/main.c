/* tui/main.c — entry point: the dashboard, or a subcommand. */
#include "tui/app.h"
#include "tui/cli.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#ifndef VIGIL_VERSION
#define VIGIL_VERSION "0.1.0"
#endif

static const char USAGE[] =
    "vigil — early-warning and response dashboard for an operations centre\n"
    "\n"
    "usage:\n"
    "  vigil [--db PATH] [--read-only] [--no-color]      open the dashboard\n"
    "  vigil init [--db PATH] [--demo]                   create or migrate the database;\n"
    "                                                    --demo loads the sample data\n"
    "  vigil import TABLE FILE [--dry-run] [--rejects FILE] [--encoding latin1]\n"
    "  vigil export TABLE [-o FILE] [--include-sensitive] [--hxl]\n"
    "  vigil alerts [--all] [--include-sensitive] [--format text|csv|json]\n"
    "                                                    open alerts; exit 0 none, 1 amber, 2 red\n"
    "  vigil ack ALERT_ID --note TEXT                    acknowledge an alert\n"
    "  vigil snapshot [--panel NAME] [--size COLSxROWS]  print one frame of a panel as text\n"
    "  vigil backup DEST                                 consistent online copy\n"
    "  vigil check                                       integrity, schema version, counts\n"
    "  vigil --help | --version\n"
    "\n"
    "tables: regions indicators observations partners resources movements activities\n"
    "        (export also: alerts audit)\n"
    "database: --db PATH, else $VIGIL_DB, else ./vigil.db\n"
    "exit codes: 0 ok, 64 usage, 65 bad data, 66 missing input, 73 cannot create,\n"
    "            74 I/O error, 75 database busy (vigil alerts: 0 ok, 1 amber, 2 red, 3 unknown)\n"
    "See vigil(1).\n";

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    cli_opts o;
    int rc = cli_parse(argc, argv, &o);
    if (rc)
        return o.cmd && !strcmp(o.cmd, "alerts") ? 3 : rc; /* monitoring: UNKNOWN */
    if (o.help) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (o.version) {
        printf("vigil %s\n", VIGIL_VERSION);
        return 0;
    }
    if (!o.cmd)
        return app_main(&o);
    if (!strcmp(o.cmd, "snapshot"))
        return app_snapshot(&o);
    return cli_run(&o);
}
