/*
 * summary.h - a short, inert summary of text a stranger wrote, for mail
 * the office sends back to them (the acknowledgment), so that the office
 * cannot be used to reflect a forged sender's text and links to a victim.
 *
 * One paragraph: every run of white space or control characters becomes
 * one space, the ends are trimmed.  Defanged: a scheme "http://" becomes
 * "hxxp://" ("https" "hxxps", "ftp" "fxp", any other "://" "[://]"), a
 * dot between a letter or digit and a letter becomes "[.]" (domains,
 * addresses; "1.5" stays), and "@" between two non-space characters
 * becomes "[@]".  Then cut to max_chars characters, "…" marking a cut.
 * Pure and bounded: reads at most what the summary needs of the input.
 * Invalid UTF-8 is skipped.  The result is the caller's to free.
 */
#ifndef GK_SUMMARY_H
#define GK_SUMMARY_H

#include <stddef.h>

char	*summary_inert(const char *text, size_t max_chars);

#endif
