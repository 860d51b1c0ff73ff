/* test_publish.c - the website's files: a page with its text escaped and
 * its attachments copied under safe, unique names; a column's index; an
 * Atom feed that libxml2 parses, with one entry an item; modes 0644 and
 * 0755 under a umask of 077; no temporary file left; a second
 * publication replaces the files whole. */
#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "publish.h"

#define OFFICE	"上海市人民政府外事办公室"

static char *
slurp(const char *dir, const char *rel)
{
	char *path = g_build_filename(dir, rel, NULL), *data = NULL;

	if (!g_file_get_contents(path, &data, NULL, NULL))
		g_error("%s: not written", path);
	g_free(path);
	return data;
}

static int
mode_of(const char *dir, const char *rel)
{
	char *path = g_build_filename(dir, rel, NULL);
	struct stat st;

	g_assert_cmpint(stat(path, &st), ==, 0);
	g_free(path);
	return st.st_mode & 07777;
}

/* Files in a folder whose name starts with '.' (GLib's temporaries). */
static int
hidden_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	g_assert_nonnull(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_safe_name(void)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "报告.pdf", "报告.pdf" },
		{ "../../etc/passwd", "_._.._etc_passwd" },
		{ ".htaccess", "_htaccess" },
		{ "a\\b\tc", "a_b_c" },
		{ "", "_" },
		{ NULL, "_" },
	};
	char *s;
	size_t i;
	GString *long_name = g_string_new(NULL);

	for (i = 0; i < G_N_ELEMENTS(cases); i++) {
		s = publish_safe_name(cases[i].in);
		g_assert_cmpstr(s, ==, cases[i].out);
		g_free(s);
	}
	for (i = 0; i < 100; i++)
		g_string_append(long_name, "长");
	s = publish_safe_name(long_name->str);
	g_assert_cmpuint(strlen(s), <=, PUBLISH_NAME_MAX);
	g_assert_true(g_utf8_validate(s, -1, NULL));
	g_free(s);
	g_string_free(long_name, TRUE);
}

static void
test_publish(void)
{
	char *dir = g_dir_make_tmp("test_publish.XXXXXX", NULL);
	char *src = g_build_filename(dir, "src.bin", NULL), *page, *err = NULL;
	struct publish_file files[] = {
		{ "预算.pdf", src },
		{ "../预算.pdf", src },
		{ "预算.pdf", src },
		{ "index.html", src },
	};
	struct publish_item items[2] = {
		{ "GK-2026-0042", "2027年预算<script>alert(1)</script>",
		    "财政预决算", 1764640800,
		    "第一段 & 第二句。\n\n第二段。", files, 4 },
		{ "GK-2026-0041", "旧的一条", "财政预决算", 1764554400,
		    "旧。", NULL, 0 },
	};
	xmlDocPtr x;
	xmlNodePtr root, n;
	int entries = 0;
	mode_t old = umask(077);

	g_assert_nonnull(dir);
	g_assert_true(g_file_set_contents(src, "%PDF-1.5 bytes", -1, NULL));
	g_assert_cmpint(publish_page(dir, OFFICE, &items[0], &err), ==, 0);
	g_assert_null(err);
	page = slurp(dir, "items/GK-2026-0042/index.html");
	g_assert_nonnull(strstr(page, "<h1>2027年预算&lt;script&gt;alert(1)"
	    "&lt;/script&gt;</h1>"));
	g_assert_null(strstr(page, "<script>"));
	g_assert_nonnull(strstr(page, "<p>第一段 &amp; 第二句。</p>\n<p>第二段。"
	    "</p>"));
	g_assert_nonnull(strstr(page, "财政预决算"));
	g_assert_nonnull(strstr(page, "2025-12-02"));
	g_free(page);
	/* the attachments, copied under unique, safe names */
	g_free(page = slurp(dir, "items/GK-2026-0042/预算.pdf"));
	g_free(page = slurp(dir, "items/GK-2026-0042/_._预算.pdf"));
	page = slurp(dir, "items/GK-2026-0042/2-预算.pdf");
	g_assert_cmpstr(page, ==, "%PDF-1.5 bytes");
	g_free(page);
	g_free(page = slurp(dir, "items/GK-2026-0042/2-index.html"));
	g_assert_cmpint(mode_of(dir, "items/GK-2026-0042/index.html"), ==,
	    0644);
	g_assert_cmpint(mode_of(dir, "items/GK-2026-0042"), ==, 0755);
	g_assert_cmpint(mode_of(dir, "items"), ==, 0755);

	g_assert_cmpint(publish_index(dir, OFFICE, "财政预决算", items, 2,
	    &err), ==, 0);
	page = slurp(dir, "columns/财政预决算/index.html");
	g_assert_nonnull(strstr(page, "../../items/GK-2026-0042/"));
	g_assert_true(strstr(page, "GK-2026-0042") < strstr(page,
	    "GK-2026-0041"));
	g_free(page);

	g_assert_cmpint(publish_feed(dir, OFFICE,
	    "https://wsb.example.test/gk", items, 2, &err), ==, 0);
	g_assert_cmpint(mode_of(dir, "feed.atom"), ==, 0644);
	page = slurp(dir, "feed.atom");
	x = xmlReadMemory(page, (int)strlen(page), "feed.atom", "utf-8",
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	g_assert_nonnull(x);
	root = xmlDocGetRootElement(x);
	g_assert_cmpstr((const char *)root->name, ==, "feed");
	for (n = root->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "entry") == 0)
			entries++;
	g_assert_cmpint(entries, ==, 2);
	xmlFreeDoc(x);
	g_assert_nonnull(strstr(page, "<id>https://wsb.example.test/gk/items/"
	    "GK-2026-0042/</id>"));
	g_free(page);

	/* published again: the page replaced whole, nothing left over */
	items[0].title = "2027年预算（更正）";
	g_assert_cmpint(publish_page(dir, OFFICE, &items[0], &err), ==, 0);
	page = slurp(dir, "items/GK-2026-0042/index.html");
	g_assert_nonnull(strstr(page, "（更正）"));
	g_free(page);
	g_assert_cmpint(hidden_files(dir), ==, 0);
	page = g_build_filename(dir, "items/GK-2026-0042", NULL);
	g_assert_cmpint(hidden_files(page), ==, 0);
	g_free(page);

	/* an attachment that is gone: an error, the page not rewritten */
	g_assert_cmpint(g_unlink(src), ==, 0);
	items[0].title = "不应出现";
	g_assert_cmpint(publish_page(dir, OFFICE, &items[0], &err), ==, -1);
	g_assert_nonnull(err);
	g_free(err);
	page = slurp(dir, "items/GK-2026-0042/index.html");
	g_assert_nonnull(strstr(page, "（更正）"));
	g_assert_null(strstr(page, "不应出现"));
	g_free(page);
	umask(old);
	g_free(src);
	page = g_strdup_printf("rm -rf '%s'", dir);
	g_assert_cmpint(system(page), ==, 0);
	g_free(page);
	g_free(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	/* dates on the pages are the office's */
	g_setenv("TZ", "Asia/Shanghai", TRUE);
	g_test_add_func("/publish/safe-name", test_safe_name);
	g_test_add_func("/publish/files", test_publish);
	return g_test_run();
}
