// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: the QNX libc extras a utility or driver's option parsing and
 * pacing use without thinking: min()/max() from <stdlib.h> (C only, as
 * on QNX), stricmp()/strnicmp() from <string.h>, delay() from
 * <unistd.h>, a __SRCVERSION() stamp, uint_t from <sys/types.h>.
 *
 * corpus: run
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>

#include "tap.h"

__SRCVERSION("libc_extras.c $Rev: 42 $")

struct option_word {
	const char *name;
	uint_t value;
};

static const struct option_word parity_words[] = {
	{ "none", 0 }, { "odd", 1 }, { "even", 2 }, { "mark", 3 },
};

/* "-p EVEN", "-p Odd": option values in any case, as devc-ser* take them. */
static int parse_parity(const char *arg)
{
	unsigned i;

	for (i = 0; i < sizeof(parity_words) / sizeof(parity_words[0]); i++)
		if (stricmp(arg, parity_words[i].name) == 0)
			return (int)parity_words[i].value;
	return -1;
}

static int clamp_baud(int baud)
{
#ifndef __cplusplus
	return max(300, min(baud, 115200));
#else
	return baud < 300 ? 300 : baud > 115200 ? 115200 : baud;
#endif
}

int main(void)
{
	plan(6);
	ok(parse_parity("EVEN") == 2 && parse_parity("Odd") == 1,
	   "stricmp() matches option words in any case");
	ok(parse_parity("evens") == -1, "... and only whole words");
	ok(strnicmp("BAUD=9600", "baud=", 5) == 0, "strnicmp() a prefix");
	ok(clamp_baud(1000000) == 115200 && clamp_baud(50) == 300 &&
	   clamp_baud(9600) == 9600, "min()/max() clamp");
	ok(delay(10) == 0, "delay(10) sleeps and returns 0");
	ok(sizeof(uint_t) == sizeof(unsigned int), "uint_t");
	return tap_done();
}
