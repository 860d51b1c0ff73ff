/*
 * fuzz_config.c - the configuration file (config.h).  config.c has no
 * entry point for bytes in memory, so the input is written to gongkai.conf
 * in a private temporary folder (made once, with a password file "pw" and
 * a 0600 secret file "secret" beside it, so that a configuration can load
 * whole) and config_load() reads it, with and without
 * CONFIG_SECRET_MAY_BE_MISSING.
 *
 * The configuration names files that config_load() opens (password
 * files, the secret, a time zone): an input with a '/' other than in
 * "://" is skipped, so that the fuzzer reads only files of that folder
 * and the time zone database, never a device or a FIFO elsewhere (a
 * configuration is the operator's, not an attacker's).
 */
#include <sys/stat.h>

#include <stdio.h>
#include <unistd.h>

#include "fuzz.h"
#include "config.h"

static char *dir, *conf;

/* The folder and what is in it, at exit. */
static void
cleanup(void)
{
	const char *names[] = { "gongkai.conf", "pw", "secret" };
	char *p;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		p = g_build_filename(dir, names[i], NULL);
		(void)unlink(p);
		g_free(p);
	}
	(void)rmdir(dir);
}

static void
setup(void)
{
	char *p;
	FILE *fp;

	if (dir != NULL)
		return;
	dir = g_dir_make_tmp("gk-fuzz-config-XXXXXX", NULL);
	if (dir == NULL)
		abort();
	conf = g_build_filename(dir, "gongkai.conf", NULL);
	p = g_build_filename(dir, "pw", NULL);
	if (!g_file_set_contents(p, "password\n", -1, NULL))
		abort();
	g_free(p);
	p = g_build_filename(dir, "secret", NULL);
	if ((fp = fopen(p, "w")) == NULL)
		abort();
	fputs("0123456789abcdef0123456789abcdef0123456789abcdef", fp);
	fclose(fp);
	if (chmod(p, 0600) == -1)
		abort();
	g_free(p);
	atexit(cleanup);
}

/* 1 when every '/' of the input belongs to a "://". */
static int
paths_local(const uint8_t *data, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '/' && !(i >= 1 && data[i - 1] == ':' &&
		    i + 1 < size && data[i + 1] == '/') &&
		    !(i >= 2 && data[i - 2] == ':' && data[i - 1] == '/'))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *cfg;
	char *err = NULL;
	FILE *fp;
	int flags;

	if (!paths_local(data, size))
		return 0;
	setup();
	/* stdio, not g_file_set_contents(): that one fsyncs every input */
	if ((fp = fopen(conf, "w")) == NULL ||
	    fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	for (flags = 0; flags <= CONFIG_SECRET_MAY_BE_MISSING; flags++) {
		cfg = config_load(conf, flags, &err);
		if ((cfg == NULL) == (err == NULL))
			abort();
		if (cfg != NULL)
			(void)config_division(cfg,
			    cfg->office.default_division);
		config_free(cfg);
		free(err);
		err = NULL;
	}
	return 0;
}
