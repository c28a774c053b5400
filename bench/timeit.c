/*
 * timeit: runs a command several times and prints the median wall time in
 * seconds (and the largest peak resident size in KiB, as wait4 reports it),
 * for bench/run.sh.
 *
 *   timeit [-n RUNS] [-i FILE | -s STRING] [-o FILE] -- COMMAND [ARG]...
 *
 * The command's standard input is FILE, or a pipe that holds STRING and a
 * newline (as `echo STRING | COMMAND`), or /dev/null; its standard output
 * goes to FILE given with -o, else /dev/null.  A run that does not exit 0
 * (or 1, grep's "no match") is an error: timeit says so and exits 1.
 * Output: "MEDIAN MIN MAX MAXRSS_KB".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	const char *in = NULL, *str = NULL, *outpath = "/dev/null";
	double *t;
	long maxrss = 0;
	int runs = 1, c, i;

	while ((c = getopt(argc, argv, "+n:i:s:o:")) != -1) {
		switch (c) {
		case 'n': runs = atoi(optarg); break;
		case 'i': in = optarg; break;
		case 's': str = optarg; break;
		case 'o': outpath = optarg; break;
		default:
			fprintf(stderr, "usage: timeit [-n RUNS] [-i FILE | -s STRING] "
			    "[-o FILE] -- COMMAND [ARG]...\n");
			return 2;
		}
	}
	if (optind >= argc || runs < 1) {
		fprintf(stderr, "timeit: no command\n");
		return 2;
	}
	if (!(t = calloc((size_t)runs, sizeof(*t))))
		return 1;
	for (i = 0; i < runs; i++) {
		int fds[2] = {-1, -1}, status;
		struct rusage ru;
		double t0;
		pid_t pid;

		if (str && pipe(fds) < 0) {
			perror("timeit: pipe");
			return 1;
		}
		t0 = now();
		pid = fork();
		if (pid < 0) {
			perror("timeit: fork");
			return 1;
		}
		if (pid == 0) {
			int fd0, fd1 = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			if (str) {
				close(fds[1]);
				fd0 = fds[0];
			} else {
				fd0 = open(in ? in : "/dev/null", O_RDONLY);
			}
			if (fd0 < 0 || fd1 < 0 || dup2(fd0, 0) < 0 || dup2(fd1, 1) < 0)
				_exit(126);
			execvp(argv[optind], argv + optind);
			_exit(127);
		}
		if (str) {
			size_t len = strlen(str);

			close(fds[0]);
			if (write(fds[1], str, len) != (ssize_t)len ||
			    write(fds[1], "\n", 1) != 1)
				perror("timeit: write");
			close(fds[1]);
		}
		while (wait4(pid, &status, 0, &ru) < 0) {
			if (errno != EINTR) {
				perror("timeit: wait4");
				return 1;
			}
		}
		t[i] = now() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
			fprintf(stderr, "timeit: %s: exit status %d\n", argv[optind],
			    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
			return 1;
		}
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp);
	printf("%.6f %.6f %.6f %ld\n", runs % 2 ? t[runs / 2] :
	    (t[runs / 2 - 1] + t[runs / 2]) / 2, t[0], t[runs - 1], maxrss);
	free(t);
	return 0;
}
