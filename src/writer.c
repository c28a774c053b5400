#include "writer.h"

#include <errno.h>
#include <string.h>

void
scrub_writer_init(struct scrub_writer *w, FILE *fp, int line_buffered)
{
	w->fp = fp;
	w->line_buffered = line_buffered;
	w->error = 0;
}

int
scrub_writer_write(struct scrub_writer *w, const char *bytes, size_t len)
{
	if (w->error)
		return -1;
	if (len && fwrite(bytes, 1, len, w->fp) != len) {
		w->error = errno ? errno : EIO;
		return -1;
	}
	if (w->line_buffered && len && memchr(bytes, '\n', len))
		return scrub_writer_flush(w);
	return 0;
}

int
scrub_writer_flush(struct scrub_writer *w)
{
	if (w->error)
		return -1;
	if (fflush(w->fp) != 0 || ferror(w->fp)) {
		w->error = errno ? errno : EIO;
		return -1;
	}
	return 0;
}

int
scrub_writer_close(struct scrub_writer *w)
{
	int rc = scrub_writer_flush(w);

	if (fclose(w->fp) != 0 && !w->error) {
		w->error = errno ? errno : EIO;
		rc = -1;
	}
	w->fp = NULL;
	return w->error ? -1 : rc;
}
