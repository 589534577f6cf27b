// SPDX-License-Identifier: GPL-2.0
/*
 * failnth: run one file-system call with the Nth fault-injection point of
 * this thread armed to fail (/proc/thread-self/fail-nth, see
 * Documentation/fault-injection/fault-injection.rst), and say whether the
 * failure was injected.  alloc_fail.sh sweeps N = 1, 2, ... over each
 * resctrl operation until one passes all of its points.
 *
 *   failnth N mkdir PATH
 *   failnth N rmdir PATH
 *   failnth N write PATH TEXT          (one write(2) of TEXT and a newline)
 *   failnth N mount TARGET OPTIONS     (resctrl, "" for no options)
 *   failnth N umount TARGET
 *
 * Prints "injected" or "not-reached", then "ok" or the errno's name, and
 * exits 0 when the call succeeded, 1 when it failed, 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>

static int fail_nth_fd;

static void arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(fail_nth_fd, buf, len, 0) != len) {
		perror("failnth: fail-nth");
		exit(2);
	}
}

/* True when the armed point was reached: the file then reads 0. */
static int injected(void)
{
	char buf[16] = "";

	if (pread(fail_nth_fd, buf, sizeof(buf) - 1, 0) <= 0) {
		perror("failnth: fail-nth");
		exit(2);
	}
	return atoi(buf) == 0;
}

/* The file is opened before the point is armed: only write(2) counts. */
static int do_write(int fd, const char *text)
{
	ssize_t len = strlen(text);
	char buf[4096];

	if (len + 1 > (ssize_t)sizeof(buf)) {
		errno = E2BIG;
		return -1;
	}
	memcpy(buf, text, len);
	buf[len++] = '\n';
	if (write(fd, buf, len) != len) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int ret, err, hit, fd = -1;
	unsigned int n;

	if (argc < 4) {
		fprintf(stderr, "usage: failnth N mkdir|rmdir|write|mount|umount PATH [ARG]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 0);
	fail_nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fail_nth_fd < 0) {
		perror("failnth: /proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION)");
		return 2;
	}

	if (!strcmp(argv[2], "write") && argc == 5) {
		fd = open(argv[3], O_WRONLY);
		if (fd < 0) {
			perror("failnth: open");
			return 2;
		}
	}

	errno = 0;
	arm(n);
	if (!strcmp(argv[2], "mkdir"))
		ret = mkdir(argv[3], 0755);
	else if (!strcmp(argv[2], "rmdir"))
		ret = rmdir(argv[3]);
	else if (fd >= 0)
		ret = do_write(fd, argv[4]);
	else if (!strcmp(argv[2], "mount") && argc == 5)
		ret = mount("resctrl", argv[3], "resctrl", 0, argv[4][0] ? argv[4] : NULL);
	else if (!strcmp(argv[2], "umount"))
		ret = umount(argv[3]);
	else
		ret = -2;
	err = errno;
	/* Disarm before anything else allocates (stdio's buffer). */
	hit = injected();
	arm(0);
	if (fd >= 0)
		close(fd);
	if (ret == -2) {
		fprintf(stderr, "failnth: unknown call %s\n", argv[2]);
		return 2;
	}
	printf("%s %s\n", hit ? "injected" : "not-reached",
	       ret ? (strerrorname_np(err) ?: "EUNKNOWN") : "ok");
	return ret ? 1 : 0;
}
