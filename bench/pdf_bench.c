/*
 * pdf_bench.c - what one official document costs: renders the answer
 * template answer_partial (Chinese, with a realistic text) N times
 * through the daemon's path - template, document_parse(), pdf_render() -
 * and prints milliseconds of CPU per PDF and the PDF's size.  The last
 * PDF is written to OUT.  bench/pdf.sh runs it.
 *
 * usage: pdf_bench N TEMPLATEDIR OUT.pdf [SEAL.png]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib.h>

#include "document.h"
#include "pdf.h"
#include "template.h"

#define OFFICE	"上海市人民政府外事办公室"

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
	struct template_var vars[256];
	struct document d;
	struct pdf_doc p = { 0 };
	GByteArray *pdf = g_byte_array_new();
	char *subject, *body, *err = NULL;
	size_t i, n = 0;
	double t0, first = 0;
	long k, count;
	FILE *f;

	if (argc < 4 || (count = atol(argv[1])) < 1) {
		fprintf(stderr, "usage: pdf_bench N TEMPLATEDIR OUT.pdf "
		    "[SEAL.png]\n");
		return 2;
	}
	for (i = 0; i < template_nvars() && i < 256; i++) {
		const char *name = template_var_name(i), *v = "";

		if (strcmp(name, "office_name") == 0)
			v = OFFICE;
		else if (strcmp(name, "applicant_name") == 0)
			v = "张三";
		else if (strcmp(name, "case_id") == 0)
			v = "GK-2026-0042";
		else if (strcmp(name, "doc_number") == 0)
			v = "沪外办信公〔2026〕42号";
		else if (strcmp(name, "date") == 0)
			v = "2026年12月2日";
		else if (strcmp(name, "receipt_date") == 0)
			v = "2026年11月13日";
		else if (strcmp(name, "request_description") == 0)
			v = "2025年度本市因公出国（境）团组审批情况，包括团组数量、"
			    "人次、前往国家和地区的统计表。";
		else if (strcmp(name, "answer_text") == 0)
			v = "一、团组数量和人次的统计表予以公开，见附件一。\n"
			    "二、前往国家和地区的明细涉及第三方合法权益，"
			    "不予公开。";
		else if (strcmp(name, "office_address") == 0)
			v = "上海市外事办公室政务公开管理办公室，电话021-00000000";
		vars[n].name = name;
		vars[n++].value = v;
	}
	if (template_render(argv[2], "answer_partial", "zh", vars, n,
	    &subject, &body, &err) == -1 ||
	    document_parse(body, OFFICE, &d, &err) == -1) {
		fprintf(stderr, "pdf_bench: %s\n", err);
		return 1;
	}
	document_to_pdf(&d, &p);
	p.seal_png = argc > 4 ? argv[4] : NULL;
	p.title_font = p.body_font = "Noto Serif CJK SC";
	p.created = 1764633600;
	t0 = cpu_ms();
	for (k = 0; k < count; k++) {
		g_byte_array_set_size(pdf, 0);
		if (pdf_render(&p, pdf, &err) == -1) {
			fprintf(stderr, "pdf_bench: %s\n", err);
			return 1;
		}
		if (k == 0)
			first = cpu_ms() - t0;
	}
	printf("pdf: %ld documents, first %.1f ms, then %.2f ms CPU per PDF, "
	    "%u bytes each\n", count, first, count > 1 ?
	    (cpu_ms() - t0 - first) / (double)(count - 1) : first, pdf->len);
	if ((f = fopen(argv[3], "wb")) == NULL ||
	    fwrite(pdf->data, 1, pdf->len, f) != pdf->len || fclose(f) != 0) {
		perror(argv[3]);
		return 1;
	}
	document_clear(&d);
	free(subject);
	free(body);
	g_byte_array_free(pdf, TRUE);
	return 0;
}
