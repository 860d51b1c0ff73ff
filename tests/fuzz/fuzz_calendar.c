/*
 * fuzz_calendar.c - the working-day calendar file (calendar.h): the input
 * is parsed as a data file (named 2026.conf when its first byte is odd,
 * so that the YYYY.conf rule is tried too), and a calendar that loads is
 * asked the questions the program asks of it, around the years it holds.
 */
#include "fuzz.h"
#include "calendar.h"

static void
ask(const struct calendar *cal)
{
	size_t i;
	int d, y, out, n, prov, known;
	char buf[CALENDAR_DATE_LEN];

	for (i = 0; i < calendar_nyears(cal) && i < 4; i++) {
		y = calendar_year(cal, i);
		if (calendar_date_make(y, 1, 1, &d) == -1)
			abort();	/* a year with data is a valid year */
		(void)calendar_is_workday(cal, d, &known);
		(void)calendar_day_name(cal, d);
		(void)calendar_add(cal, d - 3, 20, &out, &prov);
		(void)calendar_add(cal, d + 300, 60, &out, &prov);
		(void)calendar_count(cal, d - 10, d + 380, &n, &prov);
		(void)calendar_count(cal, d + 380, d - 10, &n, &prov);
		(void)calendar_next_workday(cal, d + 120, &out, &prov);
		(void)calendar_prev_workday(cal, d + 40, &out, &prov);
		(void)calendar_missing_year(cal, d - 400, d + 400);
		(void)calendar_date_format(d, buf);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct calendar *cal;
	char *err = NULL;
	const char *name = size > 0 && (data[0] & 1) ? "2026.conf" :
	    "fuzz.conf";
	char *s;
	int d;

	cal = calendar_parse(name, (const char *)data, size, &err);
	if ((cal == NULL) != (err != NULL))
		abort();
	if (cal != NULL)
		ask(cal);
	calendar_free(cal);
	free(err);
	/* The date syntax alone, as the command line reads it. */
	s = fuzz_str(data, size < 16 ? size : 16);
	(void)calendar_date_parse(s, &d);
	free(s);
	return 0;
}
