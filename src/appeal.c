/*
 * appeal.c - reconsideration and lawsuits recorded on an answered case,
 * and table 四 counted from them (appeal.h).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <glib.h>

#include "appeal.h"
#include "store.h"
#include "workflow.h"
#include "xmalloc.h"

const char *const appeal_col_labels[APPEAL_NCOLS] = {
	"结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
};
const char *const appeal_col_keys[APPEAL_NCOLS] = {
	"upheld", "corrected", "other", "pending", "total",
};
const char *const appeal_part_labels[APPEAL_NPARTS] = {
	"行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）",
};
const char *const appeal_part_keys[APPEAL_NPARTS] = {
	"review", "suit_direct", "suit_after_review",
};

static const struct {
	const char	*en;
	const char	*zh;
	enum appeal_kind kind;
} keywords[] = {
	{ "REVIEW-FILED", "复议申请", APPEAL_REVIEW_FILED },
	{ "REVIEW-RESULT", "复议结果", APPEAL_REVIEW_RESULT },
	{ "SUIT-FILED", "起诉", APPEAL_SUIT_FILED },
	{ "SUIT-RESULT", "诉讼结果", APPEAL_SUIT_RESULT },
};

static const struct {
	const char	*en;
	const char	*zh;
	enum appeal_col	 col;
} results[] = {
	{ "upheld", "维持", APPEAL_UPHELD },
	{ "corrected", "纠正", APPEAL_CORRECTED },
	{ "other", "其他", APPEAL_OTHER },
};

/* The event types, [kind-ish][col]; see appeal.h. */
static const char *const review_types[] = {
	"review-upheld", "review-corrected", "review-other",
};
static const char *const suit_types[] = {
	"suit-upheld", "suit-corrected", "suit-other",
};
#define EV_REVIEW_FILED		"review-filed"
#define EV_SUIT_FILED		"suit-filed"
#define EV_SUIT_FILED_AFTER	"suit-filed-after-review"
#define REMEDY_TYPES_JSON						\
	"[\"review-filed\", \"review-upheld\", \"review-corrected\","	\
	" \"review-other\", \"suit-filed\", \"suit-filed-after-review\","	\
	" \"suit-upheld\", \"suit-corrected\", \"suit-other\"]"

static int
result_of(const char *w, enum appeal_col *col)
{
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(results); i++)
		if (strcasecmp(w, results[i].en) == 0 ||
		    strcmp(w, results[i].zh) == 0) {
			*col = results[i].col;
			return 0;
		}
	return -1;
}

int
appeal_parse(int argc, char **argv, struct appeal_cmd *cmd,
    const char **why)
{
	size_t i;
	int first = 1;

	memset(cmd, 0, sizeof(*cmd));
	*why = NULL;
	if (argc < 1)
		return 1;
	for (i = 0; i < G_N_ELEMENTS(keywords); i++)
		if (strcasecmp(argv[0], keywords[i].en) == 0 ||
		    strcmp(argv[0], keywords[i].zh) == 0)
			break;
	if (i == G_N_ELEMENTS(keywords))
		return 1;
	cmd->kind = keywords[i].kind;
	switch (cmd->kind) {
	case APPEAL_REVIEW_RESULT:
	case APPEAL_SUIT_RESULT:
		if (argc < 2) {
			*why = "a result is required: 维持, 纠正 or 其他 "
			    "(upheld, corrected, other)";
			return -1;
		}
		if (result_of(argv[1], &cmd->result) == -1) {
			*why = "unknown result: it must be 维持, 纠正 or 其他 "
			    "(upheld, corrected, other)";
			return -1;
		}
		first = 2;
		break;
	case APPEAL_SUIT_FILED:
		if (argc >= 2 && (strcasecmp(argv[1], "after-review") == 0 ||
		    strcmp(argv[1], "复议后") == 0)) {
			cmd->after_review = 1;
			first = 2;
		}
		break;
	case APPEAL_REVIEW_FILED:
		break;
	}
	cmd->note = argc > first ? g_strjoinv(" ", argv + first) :
	    g_strdup("");
	g_strstrip(cmd->note);
	return 0;
}

void
appeal_cmd_clear(struct appeal_cmd *cmd)
{
	g_free(cmd->note);
	cmd->note = NULL;
}

const char *
appeal_event_type(const struct appeal_cmd *cmd)
{
	switch (cmd->kind) {
	case APPEAL_REVIEW_FILED:
		return EV_REVIEW_FILED;
	case APPEAL_REVIEW_RESULT:
		return review_types[cmd->result];
	case APPEAL_SUIT_FILED:
		return cmd->after_review ? EV_SUIT_FILED_AFTER : EV_SUIT_FILED;
	case APPEAL_SUIT_RESULT:
		return suit_types[cmd->result];
	}
	return NULL;
}

const char *
appeal_done_words(const struct appeal_cmd *cmd)
{
	switch (cmd->kind) {
	case APPEAL_REVIEW_FILED:
		return "a reconsideration (行政复议) is recorded";
	case APPEAL_REVIEW_RESULT:
		return "the reconsideration's result is recorded";
	case APPEAL_SUIT_FILED:
		return cmd->after_review ? "a lawsuit after reconsideration "
		    "(复议后起诉) is recorded" : "a lawsuit (未经复议直接起诉) "
		    "is recorded";
	case APPEAL_SUIT_RESULT:
		return "the lawsuit's result is recorded";
	}
	return "";
}

/* What a case's history holds of remedies. */
struct seen {
	int		 review_filed;
	int		 review_result;
	int		 suit_filed;
	int		 suit_result;
};

static int
prefix(const char *s, const char *p)
{
	return s != NULL && strncmp(s, p, strlen(p)) == 0;
}

static int
seen_event(void *arg, const struct store_event *e)
{
	struct seen *s = arg;

	if (e->type == NULL)
		return 0;
	if (strcmp(e->type, EV_REVIEW_FILED) == 0)
		s->review_filed = 1;
	else if (prefix(e->type, "review-"))
		s->review_result = 1;
	else if (prefix(e->type, EV_SUIT_FILED))
		s->suit_filed = 1;
	else if (prefix(e->type, "suit-"))
		s->suit_result = 1;
	return 0;
}

static char *
detail_of(const struct appeal_cmd *cmd)
{
	const char *zh = "";
	char *d;

	switch (cmd->kind) {
	case APPEAL_REVIEW_FILED:
		d = xstrdup("申请人申请行政复议");
		break;
	case APPEAL_REVIEW_RESULT:
		zh = results[cmd->result].zh;
		d = xasprintf("行政复议结果：%s", zh);
		break;
	case APPEAL_SUIT_FILED:
		d = xasprintf("申请人提起行政诉讼（%s）", cmd->after_review ?
		    "复议后起诉" : "未经复议直接起诉");
		break;
	case APPEAL_SUIT_RESULT:
		zh = results[cmd->result].zh;
		d = xasprintf("行政诉讼结果：%s", zh);
		break;
	default:
		d = xstrdup("");
	}
	if (cmd->note != NULL && *cmd->note != '\0') {
		char *t = xasprintf("%s。%s", d, cmd->note);

		free(d);
		d = t;
	}
	return d;
}

int
appeal_apply(struct store *st, const char *case_id, const char *actor,
    const struct appeal_cmd *cmd, time_t now, const char **why)
{
	struct store_case c;
	struct seen s;
	enum wf_state state;
	char *detail;
	int r, rv = 1;

	memset(&c, 0, sizeof(c));
	memset(&s, 0, sizeof(s));
	*why = NULL;
	if ((r = store_case_get(st, case_id, &c)) != 1) {
		*why = "no such case";
		return r == 0 ? 1 : -1;
	}
	if (c.kind == NULL || strcmp(c.kind, "request") != 0)
		*why = "not a request: reconsideration and lawsuits are "
		    "recorded on answered requests only";
	else if (workflow_state_parse(c.state, &state) == -1)
		*why = "the case's state is unknown";
	else if (state != WF_ANSWERED)
		*why = workflow_is_open(state) ? "the case is still open: "
		    "reconsideration and lawsuits are recorded on an answered "
		    "case only" : "the case was not answered (withdrawn): "
		    "reconsideration and lawsuits are recorded on an answered "
		    "case only";
	if (*why != NULL)
		goto out;
	if (store_events_of(st, case_id, seen_event, &s) == -1) {
		rv = -1;
		goto out;
	}
	switch (cmd->kind) {
	case APPEAL_REVIEW_FILED:
		if (s.review_filed)
			*why = "a reconsideration is recorded already";
		break;
	case APPEAL_REVIEW_RESULT:
		if (!s.review_filed)
			*why = "no reconsideration is recorded: REVIEW-FILED "
			    "first";
		else if (s.review_result)
			*why = "the reconsideration has a result already";
		break;
	case APPEAL_SUIT_FILED:
		if (s.suit_filed)
			*why = "a lawsuit is recorded already";
		else if (cmd->after_review && !s.review_filed)
			*why = "no reconsideration is recorded: a lawsuit "
			    "after-review needs REVIEW-FILED first";
		break;
	case APPEAL_SUIT_RESULT:
		if (!s.suit_filed)
			*why = "no lawsuit is recorded: SUIT-FILED first";
		else if (s.suit_result)
			*why = "the lawsuit has a result already";
		break;
	}
	if (*why != NULL)
		goto out;
	detail = detail_of(cmd);
	rv = store_event_add(st, case_id, now, appeal_event_type(cmd), actor,
	    detail, 0) == -1 ? -1 : 0;
	free(detail);
out:
	store_case_clear(&c);
	return rv;
}

/* ------------------------------------------------------------ table 四 */

struct count {
	long long	 lo;
	long long	 hi;
	long long	(*counts)[APPEAL_NCOLS];
	char		*case_id;	/* the case being gathered */
	long long	 review_at;	/* filed; -1 none */
	int		 review_col;
	long long	 suit_at;
	int		 suit_after;
	int		 suit_col;
};

static void
count_one(struct count *k, int part, long long at, int col)
{
	if (at < k->lo || at >= k->hi)
		return;
	k->counts[part][col]++;
	k->counts[part][APPEAL_TOTAL]++;
}

static void
count_flush(struct count *k)
{
	if (k->case_id != NULL) {
		count_one(k, APPEAL_REVIEW, k->review_at, k->review_col);
		count_one(k, k->suit_after ? APPEAL_SUIT_AFTER :
		    APPEAL_SUIT_DIRECT, k->suit_at, k->suit_col);
	}
	free(k->case_id);
	k->case_id = NULL;
	k->review_at = k->suit_at = -1;
	k->review_col = k->suit_col = APPEAL_PENDING;
	k->suit_after = 0;
}

static int
col_of(const char *const *types, const char *type)
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(types[i], type) == 0)
			return i;
	return -1;
}

static int
count_event(void *arg, const char *case_id, const struct store_event *e)
{
	struct count *k = arg;
	int col;

	if (k->case_id == NULL || strcmp(k->case_id, case_id) != 0) {
		count_flush(k);
		k->case_id = xstrdup(case_id);
	}
	if (strcmp(e->type, EV_REVIEW_FILED) == 0)
		k->review_at = e->at;
	else if (strcmp(e->type, EV_SUIT_FILED) == 0 ||
	    strcmp(e->type, EV_SUIT_FILED_AFTER) == 0) {
		k->suit_at = e->at;
		k->suit_after = strcmp(e->type, EV_SUIT_FILED_AFTER) == 0;
	} else if ((col = col_of(review_types, e->type)) != -1)
		k->review_col = col;
	else if ((col = col_of(suit_types, e->type)) != -1)
		k->suit_col = col;
	return 0;
}

int
appeal_count(struct store *st, long long lo, long long hi,
    long long counts[APPEAL_NPARTS][APPEAL_NCOLS])
{
	struct count k;
	int rv;

	memset(counts, 0, sizeof(long long) * APPEAL_NPARTS * APPEAL_NCOLS);
	memset(&k, 0, sizeof(k));
	k.lo = lo;
	k.hi = hi;
	k.counts = counts;
	count_flush(&k);
	/* Everything filed before the year's end: a result recorded after
	 * it leaves the case pending in this year's table. */
	rv = store_report_events(st, 0, hi, REMEDY_TYPES_JSON, count_event,
	    &k);
	if (rv == 0)
		count_flush(&k);
	free(k.case_id);
	return rv;
}
