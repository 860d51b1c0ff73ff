/* gongkai.c - main: the command line is cli.c's (cmd.h). */
#include "cmd.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
