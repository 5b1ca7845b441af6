/* dockguard scan (being built). */
#include "cli/cli.h"

int cmd_scan(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("scan", "not built yet");
    return DG_EXIT_ERROR;
}
