// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pulses: placeholder until pulse_attach() lands.
 */
#include "internal.h"

bool rm_pulse_deliver(struct rm_ctx *ctx, int code, int value)
{
	return false;
}
