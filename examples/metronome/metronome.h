/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The messages metronome serves on its name (name_open("metronome")),
 * shared with metronome_client.  Every message starts with a 16-bit
 * type above _IO_MAX, as QNX's own message types must, so they can
 * never be taken for an I/O message.
 */
#ifndef METRONOME_H
#define METRONOME_H

#include <stdint.h>
#include <sys/iomsg.h>

#define METRONOME_NAME	"metronome"

enum metro_type {
	METRO_GET = _IO_MAX + 1,	/* reply: struct metro_state */
	METRO_SET,			/* struct metro_set; reply: state */
	METRO_WAIT,			/* reply (state) at the next beat */
};

/* Limits of a tempo and a measure. */
#define METRO_BPM_MIN		1
#define METRO_BPM_MAX		6000
#define METRO_BEATS_MAX		16

struct metro_msg {
	uint16_t type;			/* enum metro_type */
	uint16_t reserved;
};

struct metro_set {
	uint16_t type;			/* METRO_SET */
	uint16_t beats;			/* per measure, 1..METRO_BEATS_MAX */
	uint32_t bpm;			/* beats per minute */
};

struct metro_state {
	uint32_t bpm;
	uint16_t beats;			/* per measure */
	uint16_t beat;			/* 1..beats: the last beat struck */
	uint64_t count;			/* beats struck since the start */
};

#endif /* METRONOME_H */
