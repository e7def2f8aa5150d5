/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* <slog2.h> - QNX 6.6's name for <sys/slog2.h>. */
#ifndef _SLOG2_H_INCLUDED
#define _SLOG2_H_INCLUDED
#include <sys/slog2.h>
#endif
