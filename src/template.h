/*
 * template.h - the text of every mail gongkai writes, rendered from
 * templates/NAME.LANG.txt; an unknown or unsupplied variable is an error,
 * never an empty string.  Pure apart from reading the template files: no
 * clock, no network, no global state.
 *
 * Files.  templates/NAME.LANG.txt, LANG "zh" or "en", UTF-8, LF line
 * ends (a CR, a NUL or invalid UTF-8 is an error; a leading byte-order
 * mark is skipped).  Line 1 is "Subject: TEXT", line 2 is blank, the body
 * is the rest.  NAME is one of the names of the template table in
 * template.c (template_name()); answers are answer_TYPE with ':' written
 * '_' (answer_withhold_state-secret, template_answer_name()).  A name
 * without an English file is rendered in Chinese when English is asked
 * for.  templates/README.md says the same for the people who edit them.
 *
 * Syntax, the whole of it:
 *	{{var}}			the value of var
 *	{{#var}}...{{/var}}	the text between, only when var is non-empty
 *	{{^var}}...{{/var}}	the text between, only when var is empty
 *	{{{{			a literal "{{" (nothing else is special)
 * A variable name is [a-z0-9_]+ and must be in the variable table of
 * template.c (template_var_name()), in every part of the file, rendered
 * or not.  A tag lies within one line; sections may span lines, nest up
 * to TEMPLATE_MAX_DEPTH deep, and close in the part they opened in (the
 * subject or the body).  A line that holds one section tag and nothing
 * else but blanks is removed whole, its line end included, so that
 *	{{#remedy}}
 *	{{remedy}}
 *	{{/remedy}}
 * leaves no blank line behind when remedy is empty.  "Empty" means not
 * supplied, NULL, or only blanks (space, tab, CR, LF).  Values are
 * inserted as they are, never read as template text.
 *
 * Values.  vars[0..nvars-1] are the caller's (name, value) pairs; a name
 * outside the table, or a name given twice, is an error (a caller's bug).
 * A {{var}} that is rendered must be supplied with a non-NULL value ("" is
 * allowed and prints nothing); inside a section that is not rendered, and
 * in a section test, an unsupplied variable is simply empty.  In the
 * body, CR LF and lone CR in a value become LF.  The subject is one line:
 * every line break or control character of the rendered subject (CR, LF,
 * tab, U+0085, U+2028, U+2029, C0 and C1 controls) becomes a space, runs
 * of spaces become one, and it is cut to TEMPLATE_SUBJECT_MAX characters
 * on a character boundary ("…" marks a cut).  So a value holding
 * "\r\nBcc: x" can never add a header.  Dates are written by the caller
 * (template_format_date()).  Subjects of case mail carry the case tag
 * [{{case_id}}] themselves, first, so that a cut never loses it: the mail
 * composer must not add a second one.
 *
 * Mail that asks for a command (TEMPLATE_F_TOKEN) opens its body with the
 * line TEMPLATE_MARKER, gives the reply instructions in a sentence (never
 * a keyword alone on a line) and ends with the line
 * "回复码：{{token_code}}"; pass TEMPLATE_MARKER and the lines of the sent
 * body to quote_authored().
 *
 * Errors.  Functions that can fail return 0, or -1 with *errp set to one
 * line the caller frees: "FILE:LINE: what is wrong" for a fault in a
 * template (FILE is the path as opened), "FILE: reason" when a file
 * cannot be read, "template NAME: what is wrong" for a caller's fault.
 * errp may be NULL.  On failure *subject and *body are left NULL.
 *
 * All memory belongs to the caller: every char * returned is malloc'd
 * (free() it); const char * are static.  Out of memory aborts.
 */
#ifndef GK_TEMPLATE_H
#define GK_TEMPLATE_H

#include <stddef.h>

#define TEMPLATE_SUBJECT_MAX	200		/* characters, rendered */
#define TEMPLATE_MAX_FILE	(256 * 1024)	/* bytes in one template file */
#define TEMPLATE_MAX_OUTPUT	(32 * 1024 * 1024) /* bytes of one body */
#define TEMPLATE_MAX_DEPTH	8		/* nested sections */
#define TEMPLATE_MAX_NAME	64		/* bytes in NAME */

/* The first body line of mail that asks for a command (quote.h marker). */
#define TEMPLATE_MARKER	"—— 请在此线以上回复 / Reply above this line ——"

/* template_flags(): what a template is. */
#define TEMPLATE_F_EN		0x01	/* ships an English version */
#define TEMPLATE_F_ANSWER	0x02	/* a 答复书, answer_TYPE */
#define TEMPLATE_F_REMEDY	0x04	/* a remedy clause (remedy.h): 60日,
					   15日, {{reconsideration_body}} */
#define TEMPLATE_F_TOKEN	0x08	/* asks for a command: marker first,
					   回复码 last */
#define TEMPLATE_F_CLAUSE	0x10	/* includes {{remedy_clause}}: an
					   answer or a closing notice */
#define TEMPLATE_F_DOCUMENT	0x20	/* an official document (document.h),
					   also sent as PDF */
#define TEMPLATE_F_REPORT	0x40	/* a section of the annual report
					   (report.h): no mail; its subject
					   is the section's heading */

struct template_var {
	const char	*name;
	const char	*value;		/* NULL: not supplied */
};

/*
 * `dir`, here and in template_check(), is a folder or a search path of
 * folders separated by ':' (an override folder first, datadir.h): each
 * NAME.LANG.txt is taken from the first folder that has it.
 *
 * Renders templates/NAME.LANG.txt from `dir` (LANG "zh" or "en"; "en"
 * falls back to "zh" when NAME.en.txt does not exist).  *subject is one
 * line without its end, *body ends as the template does.
 */
int	template_render(const char *dir, const char *name, const char *lang,
	    const struct template_var *vars, size_t nvars, char **subject,
	    char **body, char **errp);

/* The same for a template held in memory; `file` names it in errors. */
int	template_render_text(const char *file, const char *text, size_t len,
	    const struct template_var *vars, size_t nvars, char **subject,
	    char **body, char **errp);

/*
 * A template held in memory, parsed once and rendered many times (the
 * daemon's set): `file` and `text` must outlive it.  NULL with *errp when
 * it does not parse.
 */
struct template_parsed;
struct template_parsed *template_parse(const char *file, const char *text,
	    size_t len, char **errp);
int	template_render_parsed(const struct template_parsed *,
	    const struct template_var *vars, size_t nvars, char **subject,
	    char **body, char **errp);
void	template_parsed_free(struct template_parsed *);

/*
 * What `gongkai check` runs: `dir` holds every template of the table in
 * Chinese, and in English where the table says so; every NAME.LANG.txt
 * in it (including optional English versions) is a known NAME and LANG,
 * parses and uses only known variables; a TEMPLATE_F_TOKEN template opens
 * with TEMPLATE_MARKER and ends with its 回复码 line; a TEMPLATE_F_REMEDY
 * template (a remedy clause) states the periods in force since 2024
 * (60日 and 15日, in English 60 days and 15 days) and the body
 * {{reconsideration_body}}; a TEMPLATE_F_CLAUSE template (every answer,
 * and the closing notices) prints {{remedy_clause}}; no template says
 * "3个月" or "3 months" (the outdated litigation period); and each
 * renders, with every variable its mail is given (all of the table for
 * case mail; for mail about no case, the list of template.c's tvarsets)
 * set to a sample value, and with each of them empty; rendered with the
 * sample values, a TEMPLATE_F_DOCUMENT template holds a document
 * (document_parse()).  Other files (README.md) are ignored.  Every fault found is returned, one a line
 * ("FILE:LINE: what is wrong"), in a fixed order.
 */
int	template_check(const char *dir, char **errp);

/* The same checks for one file's text: `path` names it in errors. */
int	template_check_text(const char *path, const char *name,
	    const char *lang, const char *text, size_t len, char **errp);

/*
 * The path of NAME.LANG.txt in the first folder of the search path
 * `dirs` (folders joined by ':', the override first) that has it; in the
 * last folder when none has it.  The caller frees it.
 */
char	*template_path(const char *dirs, const char *name, const char *lang);

/* Reads `path` whole (at most TEMPLATE_MAX_FILE bytes, a regular file):
 * 0, -1 with *errp, or 1 when it does not exist and `missing_ok`. */
int	template_read(const char *path, int missing_ok, char **bufp,
	    size_t *lenp, char **errp);

/*
 * A loaded set (template_set.c): every template of `dir`, checked as
 * template_check() does and held in memory, so that what the program
 * renders is what was checked, whatever happens to the files later.
 * template_set_load() returns NULL with *errp (every fault, one a line)
 * when the folder does not pass.  template_set_render() is
 * template_render() from the set.
 */
struct template_set;

struct template_set	*template_set_load(const char *dir, char **errp);
void			 template_set_free(struct template_set *);
const char		*template_set_dir(const struct template_set *);
int	template_set_render(const struct template_set *, const char *name,
	    const char *lang, const struct template_var *vars, size_t nvars,
	    char **subject, char **body, char **errp);

/*
 * The shipped template folder, as a string the caller frees:
 * `configured` when it is not NULL; else $GK_SRCDIR/templates when that
 * environment variable names a source tree (as `make check` and the demo
 * do; made absolute); else GK_TEMPLATEDIR, the installed
 * $(pkgdatadir)/templates (datadir.h).  Reads the environment and the
 * file system only.
 */
char	*template_dir(const char *configured);

/* "answer_withhold_state-secret" for "withhold:state-secret"; NULL when
 * the TYPE has no template. */
char	*template_answer_name(const char *type);

/*
 * A date as the templates write it: zh "2026年9月28日", en
 * "28 September 2026"; NULL for an invalid date or language.
 */
char	*template_format_date(int y, int m, int d, const char *lang);

/* The template table: i = 0 .. template_nnames() - 1. */
size_t		 template_nnames(void);
const char	*template_name(size_t i);
int		 template_flags(size_t i);
/* The flags of NAME; -1 if NAME is not in the table. */
int		 template_name_flags(const char *name);

/* The variable table: i = 0 .. template_nvars() - 1. */
size_t		 template_nvars(void);
const char	*template_var_name(size_t i);
const char	*template_var_meaning(size_t i);
/* 1 if `name` is in the variable table. */
int		 template_var_known(const char *name);

#endif
