#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* sync_file_range, O_TMPFILE */
#endif
#include "coopgraph/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

#define BUFFER_SIZE (256 * 1024)
/*
 * The commit fsyncs the temporary file before the rename, so that a crash can never leave a
 * renamed but empty or partial output. Left to itself, the kernel starts writing back only when
 * a tenth of the memory is dirty, and the fsync then waits for gigabytes: 5 of the 36 seconds of
 * a 7 GB N-Quads export. So writeback of each WRITEBACK_STEP bytes is started as soon as they
 * are written (Linux: sync_file_range, which does not wait), and the fsync finds little left.
 *
 * Once a step is on the disk, its pages leave the page cache (drop-behind, as dd's oflag=nocache
 * does). An export of gigabytes would otherwise fill the cache, pushing out what the user keeps
 * there (the input, a store's files), and filling fresh pages costs far more than reusing the few
 * just dropped: the copy into the page cache was a fifth of all CPU time of a 7 GB N-Quads export
 * (perf: copy_folio_from_iter_atomic), and drop-behind took the system time of writing 6 GB in
 * 256 KB pieces from 5.0-6.9 s to 1.5-1.7 s on the benchmark machine (a virtual machine). Outputs
 * under two steps (64 MB) stay cached whole.
 */
#define WRITEBACK_STEP (32 * 1024 * 1024)

/*
 * Where the system allows it (Linux, a file system with O_TMPFILE, /proc mounted), the output is an
 * unnamed file in the target's directory until it is complete; it gets a temporary name (linkat)
 * only to be renamed over the target a moment later. A process killed outright (SIGKILL, the OOM
 * killer, a power cut) then leaves nothing behind, where a named temporary file would stay in the
 * user's directory. Elsewhere the temporary file is named from the start (mkstemp) and removed on
 * the signals that can be caught.
 */
struct coop_outfile {
	char *path;      /* the target as the user named it */
	char *temp;      /* the temporary file's name (room for it when unnamed), or NULL when direct */
	int fd;
	int direct;      /* stdout or a character device: no temp, no rename */
	int unnamed;     /* an O_TMPFILE file: temp is named only at the commit */
	size_t temp_size;
	char proc_path[40]; /* /proc/self/fd/N: the unnamed file's only path, for reading back */
	int err;         /* first errno seen, 0 if none */
	uint64_t written;      /* bytes written to fd so far */
	uint64_t written_back; /* writeback has been started for the bytes before this offset */
	uint64_t dropped;      /* the bytes before this offset are on the disk and out of the cache */
	size_t used;
	char buf[BUFFER_SIZE];
};

/* Temporary files still open, removed if the process is interrupted. Only a handful exist at once. */
#define MAX_LIVE 16
static char *live_temps[MAX_LIVE];

void coop_outfile_remove_temps(void)
{
	/* async-signal-safe: only unlink(2) */
	for (int i = 0; i < MAX_LIVE; i++)
		if (live_temps[i])
			unlink(live_temps[i]);
}

static void on_signal(int sig)
{
	coop_outfile_remove_temps();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void track_temp(const char *temp, int add)
{
	static int handlers_installed;
	if (!handlers_installed) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		handlers_installed = 1;
	}
	for (int i = 0; i < MAX_LIVE; i++) {
		if (add && !live_temps[i]) {
			live_temps[i] = (char *)temp;
			return;
		}
		if (!add && live_temps[i] == temp) {
			live_temps[i] = NULL;
			return;
		}
	}
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return coop_xstrdup(".");
	if (slash == path)
		return coop_xstrdup("/");
	size_t n = (size_t)(slash - path);
	char *d = coop_xmalloc(n + 1);
	memcpy(d, path, n);
	d[n] = '\0';
	return d;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* An unnamed file in dir, with the permissions an ordinary new file gets, or -1 (then a named one). */
static int open_unnamed(const char *dir)
{
#if defined(__linux__) && defined(O_TMPFILE)
	/* naming it later goes through /proc/self/fd (linkat with AT_EMPTY_PATH needs a capability) */
	if (access("/proc/self/fd", X_OK) != 0)
		return -1;
	return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#else
	(void)dir;
	return -1;
#endif
}

/* Gives the unnamed file a fresh temporary name next to the target, where rename can move it. */
static int name_unnamed(coop_outfile *f)
{
#if defined(__linux__) && defined(O_TMPFILE)
	static unsigned counter;
	char *dir = dir_of(f->path);
	size_t n = f->temp_size;
	int rc = -1;
	for (int attempt = 0; attempt < 100; attempt++) {
		snprintf(f->temp, n, "%s/.%s.tmp.%ld.%u", dir, base_of(f->path), (long)getpid(), counter++);
		if (linkat(AT_FDCWD, f->proc_path, AT_FDCWD, f->temp, AT_SYMLINK_FOLLOW) == 0) {
			rc = 0;
			break;
		}
		if (errno != EEXIST)
			break;
	}
	int saved = errno;
	free(dir);
	errno = saved;
	return rc;
#else
	(void)f;
	errno = ENOTSUP;
	return -1;
#endif
}

coop_result coop_outfile_open(coop_outfile **out, const char *path, coop_diag_sink *diag)
{
	*out = NULL;
	coop_outfile *f = coop_xcalloc(1, sizeof *f);
	f->path = coop_xstrdup(path);
	f->fd = -1;

	if (strcmp(path, "-") == 0) {
		f->direct = 1;
		f->fd = STDOUT_FILENO;
		*out = f;
		return COOP_OK;
	}

	struct stat st;
	if (lstat(path, &st) == 0) {
		if (S_ISCHR(st.st_mode)) {
			f->direct = 1;
			f->fd = open(path, O_WRONLY | O_CLOEXEC);
			if (f->fd < 0) {
				coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot open '%s': %s", path, strerror(errno));
				goto fail;
			}
			*out = f;
			return COOP_OK;
		}
		if (!S_ISREG(st.st_mode)) {
			coop_diag(diag, COOP_SEV_ERROR, NULL,
			          "refusing to write '%s': it exists and is not a regular file", path);
			goto fail;
		}
	} else if (errno != ENOENT) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot write '%s': %s", path, strerror(errno));
		goto fail;
	}

	char *dir = dir_of(path);
	size_t n = strlen(dir) + strlen(base_of(path)) + 48;
	f->temp = coop_xmalloc(n);
	f->temp_size = n;
	snprintf(f->temp, n, "%s/.%s.tmp.XXXXXX", dir, base_of(path));
	f->fd = open_unnamed(dir);
	free(dir);
	if (f->fd >= 0) {
		f->unnamed = 1;
		snprintf(f->proc_path, sizeof f->proc_path, "/proc/self/fd/%d", f->fd);
		*out = f;
		return COOP_OK;
	}
	f->fd = mkstemp(f->temp);
	if (f->fd < 0) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot write '%s': %s", path, strerror(errno));
		free(f->temp);
		f->temp = NULL;
		goto fail;
	}
	track_temp(f->temp, 1);
	/* mkstemp makes 0600; outputs are ordinary files, readable as the umask allows */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(f->fd, 0666 & ~mask) != 0)
		f->err = errno;
	*out = f;
	return COOP_OK;

fail:
	free(f->path);
	free(f);
	return COOP_ERR_IO;
}

static void start_writeback(coop_outfile *f)
{
#if defined(__linux__) && defined(SYNC_FILE_RANGE_WRITE)
	if (f->direct || f->written - f->written_back < WRITEBACK_STEP)
		return;
	/* only a hint: an error here is found again by the fsync */
	(void)sync_file_range(f->fd, (off_t)f->written_back, (off_t)(f->written - f->written_back),
	                      SYNC_FILE_RANGE_WRITE);
	f->written_back = f->written;
	/* the steps before the one just started have had a step's time to reach the disk; waiting for
	 * them holds the writer to the disk's pace, as the kernel's dirty limits would, only sooner */
	if (f->written_back - f->dropped < 2 * (uint64_t)WRITEBACK_STEP)
		return;
	uint64_t end = f->written_back - WRITEBACK_STEP;
	(void)sync_file_range(f->fd, (off_t)f->dropped, (off_t)(end - f->dropped),
	                      SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
	(void)posix_fadvise(f->fd, (off_t)f->dropped, (off_t)(end - f->dropped), POSIX_FADV_DONTNEED);
	f->dropped = end;
#else
	(void)f;
#endif
}

static void flush_buffer(coop_outfile *f)
{
	size_t done = 0;
	while (!f->err && done < f->used) {
		ssize_t w = write(f->fd, f->buf + done, f->used - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			f->err = errno;
		} else if (w == 0) {
			f->err = EIO;
		} else {
			done += (size_t)w;
		}
	}
	f->written += done;
	f->used = 0;
	start_writeback(f);
}

int coop_outfile_flush(coop_outfile *f)
{
	flush_buffer(f);
	return f->err ? -1 : 0;
}

void coop_outfile_write(coop_outfile *f, const void *data, size_t size)
{
	const char *p = data;
	while (size && !f->err) {
		if (f->used == BUFFER_SIZE)
			flush_buffer(f);
		size_t room = BUFFER_SIZE - f->used;
		size_t n = size < room ? size : room;
		memcpy(f->buf + f->used, p, n);
		f->used += n;
		p += n;
		size -= n;
	}
}

void coop_outfile_puts(coop_outfile *f, const char *s)
{
	coop_outfile_write(f, s, strlen(s));
}

int coop_outfile_failed(const coop_outfile *f)
{
	return f->err != 0;
}

const char *coop_outfile_path(const coop_outfile *f)
{
	return f->path;
}

const char *coop_outfile_temp_path(const coop_outfile *f)
{
	if (f->unnamed)
		return f->proc_path;
	return f->temp ? f->temp : f->path;
}

static void release(coop_outfile *f)
{
	if (f->temp) {
		track_temp(f->temp, 0);
		free(f->temp);
	}
	free(f->path);
	free(f);
}

coop_result coop_outfile_commit(coop_outfile *f, coop_diag_sink *diag)
{
	flush_buffer(f);
	if (f->direct) {
		/* fsync fails with EINVAL on pipes and terminals: only a real failure counts */
		if (!f->err && fsync(f->fd) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP)
			f->err = errno;
		if (f->fd != STDOUT_FILENO && close(f->fd) != 0 && !f->err)
			f->err = errno;
	} else {
		if (!f->err && fsync(f->fd) != 0)
			f->err = errno;
		int named = !f->unnamed;
		if (!f->err && f->unnamed) {
			if (name_unnamed(f) == 0) {
				named = 1;
				track_temp(f->temp, 1);
			} else {
				f->err = errno;
			}
		}
		if (close(f->fd) != 0 && !f->err)
			f->err = errno;
		if (!f->err && rename(f->temp, f->path) != 0)
			f->err = errno;
		if (f->err) {
			if (named)
				unlink(f->temp);
		} else {
			/* make the rename itself durable */
			char *dir = dir_of(f->path);
			int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (dfd >= 0) {
				fsync(dfd);
				close(dfd);
			}
			free(dir);
		}
	}
	if (f->err) {
		coop_diag(diag, COOP_SEV_ERROR, NULL, "cannot write '%s': %s", f->path, strerror(f->err));
		release(f);
		return COOP_ERR_IO;
	}
	release(f);
	return COOP_OK;
}

void coop_outfile_abort(coop_outfile *f)
{
	if (!f)
		return;
	if (!f->direct) {
		close(f->fd);
		if (!f->unnamed)
			unlink(f->temp);
	} else if (f->fd != STDOUT_FILENO) {
		close(f->fd);
	}
	release(f);
}
