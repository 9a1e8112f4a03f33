/*
 * Atomic output files past the sizes where writeback and drop-behind start (outfile.c drops the
 * page cache of each 32 MB step once it is on the disk): every byte must still arrive, in order,
 * a flushed temporary file must read back whole, and an abandoned one must leave nothing behind.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "coopgraph/outfile.h"

/* well past two writeback steps, and not a multiple of any buffer size */
#define BIG ((size_t)100 * 1024 * 1024 + 12345)

static unsigned char byte_at(uint64_t offset)
{
	return (unsigned char)(offset * 131u + (offset >> 13));
}

/* Writes bytes [from, to) of the pattern in pieces of irregular sizes, up to 300 KB. */
static void write_pattern(coop_outfile *f, uint64_t from, uint64_t to)
{
	static unsigned char piece[300 * 1024];
	uint32_t state = 12345;
	while (from < to) {
		state = state * 1103515245u + 12345u;
		size_t n = 1 + (state >> 8) % sizeof piece;
		if (n > to - from)
			n = (size_t)(to - from);
		for (size_t i = 0; i < n; i++)
			piece[i] = byte_at(from + i);
		coop_outfile_write(f, piece, n);
		from += n;
	}
}

/* The first difference from the pattern in [0, expected) of the file, or -1 if it matches and has
 * exactly that size. */
static long long first_mismatch(const char *path, uint64_t expected)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		return 0;
	static unsigned char chunk[1 << 16];
	uint64_t offset = 0;
	size_t n;
	long long bad = -1;
	while (bad < 0 && (n = fread(chunk, 1, sizeof chunk, in)) > 0) {
		for (size_t i = 0; i < n; i++)
			if (offset + i >= expected || chunk[i] != byte_at(offset + i)) {
				bad = (long long)(offset + i);
				break;
			}
		offset += n;
	}
	fclose(in);
	if (bad < 0 && offset != expected)
		bad = (long long)offset;
	return bad;
}

static int holds_old(const char *path)
{
	char text[16] = "";
	FILE *in = fopen(path, "rb");
	size_t n = in ? fread(text, 1, sizeof text - 1, in) : 0;
	if (in)
		fclose(in);
	return n == 4 && memcmp(text, "old\n", 4) == 0;
}

static int temp_files_in(const char *dir)
{
	DIR *d = opendir(dir);
	int count = 0;
	struct dirent *entry;
	while (d && (entry = readdir(d)) != NULL)
		if (strstr(entry->d_name, ".tmp."))
			count++;
	if (d)
		closedir(d);
	return count;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/coop-outfile-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char target[4200];
	snprintf(target, sizeof target, "%s/out.nt", dir);
	coop_diag_sink diag = COOP_DIAG_SINK_INIT;

	/* an old target stays whole until the new one is committed */
	FILE *old = fopen(target, "wb");
	CHECK(old && fputs("old\n", old) >= 0 && fclose(old) == 0, "cannot write the old target");

	coop_outfile *f;
	CHECK(coop_outfile_open(&f, target, &diag) == COOP_OK, "open failed");
	write_pattern(f, 0, BIG / 2);
	/* a read-back before commit (the self-check of an export) sees everything written so far */
	CHECK(coop_outfile_flush(f) == 0, "flush failed");
	long long bad = first_mismatch(coop_outfile_temp_path(f), BIG / 2);
	CHECK(bad < 0, "the flushed temporary file differs at byte %lld", bad);
	/* where the output is an unnamed file (Linux, O_TMPFILE), a killed process leaves no name behind */
	if (strncmp(coop_outfile_temp_path(f), "/proc/self/fd/", 14) == 0)
		CHECK(temp_files_in(dir) == 0, "the unnamed output has a name before its commit");
	else
		fprintf(stderr, "note: no O_TMPFILE here: the output is a named temporary file until its commit\n");
	CHECK(holds_old(target), "the old target changed before the commit");
	write_pattern(f, BIG / 2, BIG);
	CHECK(!coop_outfile_failed(f), "a write failed");
	CHECK(coop_outfile_commit(f, &diag) == COOP_OK, "commit failed");
	bad = first_mismatch(target, BIG);
	CHECK(bad < 0, "the committed file differs at byte %lld (%zu bytes written)", bad, BIG);
	CHECK(temp_files_in(dir) == 0, "a temporary file was left behind after the commit");

	/* an abandoned output removes its temporary file and leaves the target as it was */
	CHECK(coop_outfile_open(&f, target, &diag) == COOP_OK, "second open failed");
	write_pattern(f, 0, 70u * 1024 * 1024);
	coop_outfile_abort(f);
	bad = first_mismatch(target, BIG);
	CHECK(bad < 0, "an aborted output changed the target (at byte %lld)", bad);
	CHECK(temp_files_in(dir) == 0, "an aborted output left its temporary file");

	CHECK(diag.errors == 0, "%zu errors reported", (size_t)diag.errors);
	unlink(target);
	rmdir(dir);
	return failures ? 1 : 0;
}
