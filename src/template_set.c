/*
 * template_set.c - a checked set of templates held in memory
 * (template.h): what the daemon renders from, so that a template edited
 * with a mistake reaches no mail before a reload accepts it.
 */
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "xmalloc.h"

struct tset_file {
	char	*path;		/* as read, for errors */
	char	*text;		/* NULL: no such file */
	size_t	 len;
	struct template_parsed *parsed;	/* of text, once */
};

struct template_set {
	char		*dir;
	size_t		 n;	/* template_nnames() */
	struct tset_file *zh;	/* [n] */
	struct tset_file *en;	/* [n]; text NULL when not shipped */
};

void
template_set_free(struct template_set *ts)
{
	size_t i;

	if (ts == NULL)
		return;
	for (i = 0; i < ts->n; i++) {
		template_parsed_free(ts->zh[i].parsed);
		template_parsed_free(ts->en[i].parsed);
		free(ts->zh[i].path);
		free(ts->zh[i].text);
		free(ts->en[i].path);
		free(ts->en[i].text);
	}
	free(ts->zh);
	free(ts->en);
	free(ts->dir);
	free(ts);
}

const char *
template_set_dir(const struct template_set *ts)
{
	return ts->dir;
}

/* Reads and checks one file of the set; 1 when it does not exist. */
static int
tset_read(const char *dir, const char *name, const char *lang,
    struct tset_file *f, char **errp)
{
	int r;

	f->path = template_path(dir, name, lang);
	if ((r = template_read(f->path, 1, &f->text, &f->len, errp)) != 0)
		return r;
	if (template_check_text(f->path, name, lang, f->text, f->len,
	    errp) == -1)
		return -1;
	/* parsed here, not at every mail */
	return (f->parsed = template_parse(f->path, f->text, f->len,
	    errp)) == NULL ? -1 : 0;
}

struct template_set *
template_set_load(const char *dir, char **errp)
{
	struct template_set *ts;
	size_t i;

	/* Everything at fault, named; then what is read is checked again,
	 * so that a file changed in between is not taken unchecked. */
	if (template_check(dir, errp) == -1)
		return NULL;
	ts = xcalloc(1, sizeof(*ts));
	ts->dir = xstrdup(dir);
	ts->n = template_nnames();
	ts->zh = xcalloc(ts->n, sizeof(*ts->zh));
	ts->en = xcalloc(ts->n, sizeof(*ts->en));
	for (i = 0; i < ts->n; i++) {
		if (tset_read(dir, template_name(i), "zh", &ts->zh[i],
		    errp) != 0 ||
		    tset_read(dir, template_name(i), "en", &ts->en[i],
		    errp) == -1) {
			if (errp != NULL && *errp == NULL)
				*errp = xasprintf("%s: changed while read",
				    ts->zh[i].path);
			template_set_free(ts);
			return NULL;
		}
	}
	return ts;
}

int
template_set_render(const struct template_set *ts, const char *name,
    const char *lang, const struct template_var *vars, size_t nvars,
    char **subject, char **body, char **errp)
{
	const struct tset_file *f;
	size_t i;

	*subject = *body = NULL;
	for (i = 0; i < ts->n; i++)
		if (name != NULL && strcmp(template_name(i), name) == 0)
			break;
	if (i == ts->n) {
		if (errp != NULL)
			*errp = xasprintf("template %s: not a template name",
			    name != NULL ? name : "(null)");
		return -1;
	}
	if (lang != NULL && strcmp(lang, "en") == 0 && ts->en[i].text != NULL)
		f = &ts->en[i];
	else if (lang != NULL && (strcmp(lang, "en") == 0 ||
	    strcmp(lang, "zh") == 0))
		f = &ts->zh[i];
	else {
		if (errp != NULL)
			*errp = xasprintf("template %s: language %s is not zh "
			    "or en", name, lang != NULL ? lang : "(null)");
		return -1;
	}
	return template_render_parsed(f->parsed, vars, nvars, subject, body,
	    errp);
}
