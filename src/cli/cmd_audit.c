/* dockguard audit (being built). */
#include "cli/cli.h"

int cmd_audit(int argc, char **argv)
{
    (void)argc; (void)argv;
    cli_error("audit", "not built yet");
    return DG_EXIT_ERROR;
}
