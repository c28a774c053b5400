#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
scrub_error_clear(struct scrub_error *err)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
}

static int
vset(struct scrub_error *err, int code, const char *file, unsigned long line,
    unsigned long column, const char *fmt, va_list ap)
{
	char problem[768];
	int n;

	if (!err)
		return -code;
	vsnprintf(problem, sizeof(problem), fmt, ap);
	err->code = code;
	err->line = line;
	err->column = column;
	snprintf(err->file, sizeof(err->file), "%s", file ? file : "");
	if (file && line && column)
		n = snprintf(err->message, sizeof(err->message), "%s:%lu:%lu: %s",
		    file, line, column, problem);
	else if (file && line)
		n = snprintf(err->message, sizeof(err->message), "%s:%lu: %s",
		    file, line, problem);
	else if (file)
		n = snprintf(err->message, sizeof(err->message), "%s: %s", file,
		    problem);
	else
		n = snprintf(err->message, sizeof(err->message), "%s", problem);
	(void)n;
	return -code;
}

int
scrub_error_set(struct scrub_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vset(err, code, NULL, 0, 0, fmt, ap);
	va_end(ap);
	return rc;
}

int
scrub_error_at(struct scrub_error *err, int code, const char *file,
    unsigned long line, unsigned long column, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vset(err, code, file, line, column, fmt, ap);
	va_end(ap);
	return rc;
}
