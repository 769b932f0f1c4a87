/* tui/app.c — the dashboard. */
#include "tui/cli.h"

int app_main(const cli_opts *o);

int app_main(const cli_opts *o)
{
    (void)o;
    cli_errorf("the dashboard is not built yet; use the subcommands (vigil --help)");
    return 64;
}
