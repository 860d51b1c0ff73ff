/*
 * extract.h - the text of an attachment, for the secrecy check
 * (secrecy.h, screen.h): plain text in any charset, HTML without its
 * markup, PDF (poppler-glib: every page's text), and the office formats
 * DOCX, XLSX, PPTX, ODT, ODS, ODP (libarchive reads the zip from memory,
 * libxml2 streams the text nodes of the parts that hold text: body,
 * headers, footers, notes, comments, shared strings and sheets, slides,
 * content and styles, document properties).  Sole user of poppler,
 * libarchive and libxml2.
 *
 * Untrusted bytes are parsed only in a child process (sandbox.h) under
 * CPU, memory, output and wall-clock limits; a zip is also bounded in
 * entries and in uncompressed bytes (zip bombs), a PDF in pages.
 *
 * Failure.  Anything whose text cannot be had is "unreadable", with a
 * reason: an unknown type (images, old binary .doc, archives), a corrupt
 * or encrypted file, a PDF without text (a scan), a limit hit, a child
 * that crashed.  The secrecy check treats unreadable as a stop, so a
 * reason here is shown to people; it never quotes the file's bytes.
 *
 * Memory: returned strings are malloc'd and the caller's.
 */
#ifndef GK_EXTRACT_H
#define GK_EXTRACT_H

#include <stddef.h>

struct extract_limits {
	unsigned int	cpu_seconds;	/* of the child */
	size_t		mem_bytes;	/* its address space (not under ASan) */
	unsigned int	wall_ms;	/* killed after this */
	size_t		out_bytes;	/* most text, in bytes */
	size_t		zip_entries;	/* most entries of a zip looked at */
	size_t		zip_part_bytes;	/* most uncompressed bytes per part */
	size_t		zip_total_bytes; /* ... and over all parts read */
	size_t		pdf_pages;	/* most pages of a PDF */
};

/* The defaults: 20 s CPU, 1 GiB, 60 s, 16 MiB of text, 10,000 entries,
 * 64 MiB a part and 256 MiB in all, 5,000 pages. */
extern const struct extract_limits extract_default_limits;

/*
 * Prepares what the child cannot do for itself once it may not open
 * files: the charset converters, libxml2's and poppler's global state.
 * Called once in the parent before the first extraction (extract_text()
 * calls it too; it does its work once).
 */
void	 extract_init(void);

/*
 * What the bytes are, from their magic, then their content type and
 * name: "pdf", "zip" (an office document, decided by its parts), "html",
 * "text"; NULL when none of these (unreadable).
 */
const char *extract_kind(const void *data, size_t len,
	    const char *content_type, const char *filename);

/*
 * The text of an attachment (data, len; content type and name as
 * received, either may be NULL) in a child process under lim (NULL: the
 * defaults).  0 and *textp (valid UTF-8, NUL-terminated), or -1 and
 * *errp: a short reason in English ("unknown type", "corrupt",
 * "encrypted", "no text", "too large when uncompressed", "timeout",
 * "cpu-limit", "memory-limit", "output-too-large", "crashed: signal N").
 */
int	 extract_text(const void *data, size_t len, const char *content_type,
	    const char *filename, const struct extract_limits *lim,
	    char **textp, char **errp);

/*
 * What the child does, in the calling process and without limits beyond
 * lim's size caps: the text of data read as `kind` (extract_kind()'s
 * answer) written to outfd.  0, or a positive code (the child's exit
 * status).  For the fuzz target (tests/fuzz/fuzz_extract.c), which must
 * see the parsers' coverage and crashes in its own process; the program
 * calls extract_text().
 */
int	 extract_run(const char *kind, const void *data, size_t len,
	    const struct extract_limits *lim, int outfd);

#endif
