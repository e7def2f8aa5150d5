/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmark programs share: the clock, the VM's busy CPU, and
 * the one JSON line per figure that tools/bench reads.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Seconds of CPU the whole VM has spent busy (user, nice, system, irq and
 * softirq time of /proc/stat): client, server and kernel together, so a
 * server thread polling for work counts as much as one doing it.  -1 if
 * /proc/stat cannot be read.
 */
static double vm_cpu(void)
{
	unsigned long long user, nice, sys, idle, iowait, irq, softirq;
	FILE *f = fopen("/proc/stat", "r");
	int n;

	if (!f)
		return -1;
	n = fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu", &user, &nice,
		   &sys, &idle, &iowait, &irq, &softirq);
	fclose(f);
	if (n != 7)
		return -1;
	return (double)(user + nice + sys + irq + softirq) /
	       sysconf(_SC_CLK_TCK);
}

static double cpu0;

/* The start of a measurement: its time, and the VM's CPU so far. */
static double start_clock(void)
{
	cpu0 = vm_cpu();
	return now();
}

static const char *label;

/* One figure; cpu_secs is the VM's busy CPU since start_clock(). */
static void report(const char *op, size_t size, long long ops, double secs)
{
	double cpu = vm_cpu();

	printf("{\"op\": \"%s\", \"size\": %zu, \"ops\": %lld, \"secs\": %.6f",
	       op, size, ops, secs);
	if (cpu >= 0 && cpu0 >= 0)
		printf(", \"cpu_secs\": %.6f", cpu - cpu0);
	if (label)
		printf(", \"label\": \"%s\"", label);
	printf("}\n");
}

static void die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

#endif /* BENCH_COMMON_H */
