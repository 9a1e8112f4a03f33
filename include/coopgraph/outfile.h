/*
 * Atomic output files. Output goes to a temporary file in the target's directory; commit flushes,
 * fsyncs and renames it over the target, so a reader of the target sees either the old complete
 * file or the new complete one, never a partial write. "-" means standard output, written directly
 * with every error checked. A target that exists and is not a regular file (a device, a FIFO, a
 * symlink) is refused, except character devices such as /dev/null and /dev/full, which are written
 * directly so that tests and pipelines work; a write error on them is still an error.
 *
 * Errors are sticky: after the first failed write, later writes do nothing and commit reports it.
 */
#ifndef COOPGRAPH_OUTFILE_H
#define COOPGRAPH_OUTFILE_H

#include <stddef.h>

#include "coopgraph/diag.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct coop_outfile coop_outfile;

/* Opens path for writing. On failure reports through diag and returns COOP_ERR_IO. */
coop_result coop_outfile_open(coop_outfile **out, const char *path, coop_diag_sink *diag);
void coop_outfile_write(coop_outfile *file, const void *data, size_t size);
void coop_outfile_puts(coop_outfile *file, const char *s);
/* True when a write has failed; the error is reported at commit. */
int coop_outfile_failed(const coop_outfile *file);
const char *coop_outfile_path(const coop_outfile *file);
/* The temporary file being written (the target itself for stdout and devices). */
const char *coop_outfile_temp_path(const coop_outfile *file);
/* Writes out what is buffered, so the temporary file can be read back (a self-check before commit).
 * Returns 0, or -1 when a write has failed (reported at commit). */
int coop_outfile_flush(coop_outfile *file);
/* Removes every temporary file still open; for fatal paths (out of memory) that cannot unwind. */
void coop_outfile_remove_temps(void);
/* Finishes: flush, fsync, close, rename into place. Frees file. Reports and returns COOP_ERR_IO on
 * any failure, leaving the old target untouched. */
coop_result coop_outfile_commit(coop_outfile *file, coop_diag_sink *diag);
/* Abandons the output: the temporary file is removed, the target untouched. Frees file; NULL ok. */
void coop_outfile_abort(coop_outfile *file);

#ifdef __cplusplus
}
#endif

#endif
