/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/siginfo.h> - QNX's view of struct sigevent (libresmgr compat).
 *
 * glibc owns struct sigevent, and Linux's kernel reads it (timer_create(),
 * mq_notify()), so its layout stays glibc's.  QNX code names members that
 * glibc does not have: the connection a pulse goes to, the pulse's code
 * and priority.  They are mapped here onto glibc's structure:
 *
 *  - sigev_coid: the connection of a SIGEV_PULSE, kept in sigev_signo
 *    (on QNX the two share a union too);
 *  - sigev_code, sigev_priority: in the padding of glibc's union, after
 *    the words SIGEV_THREAD's function and attributes use, so an event
 *    can carry all of them, as QNX's can.
 *
 * The SIGEV_* values QNX adds are our own and lie far from Linux's, so
 * that an event of one of QNX's kinds given by mistake to a Linux call
 * (timer_create() and the like) fails EINVAL instead of meaning
 * something else.  MsgDeliverEvent(), TimerCreate() and TimerTimeout()
 * understand every kind (<sys/neutrino.h>).
 */
#ifndef _RESMGR_COMPAT_SYS_SIGINFO_H
#define _RESMGR_COMPAT_SYS_SIGINFO_H

#include <signal.h>

#define sigev_coid	sigev_signo
#define sigev_code	_sigev_un._pad[4]
#define sigev_priority	_sigev_un._pad[5]

/* SIGEV_NONE, SIGEV_SIGNAL and SIGEV_THREAD are glibc's. */
#define SIGEV_SIGNAL_CODE	0x51	/* a signal with a value and a code */
#define SIGEV_SIGNAL_THREAD	0x52	/* ... to the thread that armed it */
#define SIGEV_PULSE		0x53	/* a pulse on sigev_coid */
#define SIGEV_UNBLOCK		0x54	/* TimerTimeout(): fail ETIMEDOUT */
#define SIGEV_INTR		0x55	/* ends the attaching thread's InterruptWait() */

/* Signal codes an application may use (si_code), QNX's range. */
#define SI_MINAVAIL		(-127)
#define SI_MAXAVAIL		(-8)

/* sigev_priority: "the priority of the thread that arms the event". */
#define SIGEV_PULSE_PRIO_INHERIT	(-1)

/*
 * Initialisers.  Each first clears the event, so that a member one kind
 * does not set reads as zero, as QNX code expects.
 */
#define __RM_SIGEV_CLEAR(__e)	__builtin_memset((__e), 0, sizeof(*(__e)))

#define SIGEV_NONE_INIT(__e) \
	(__RM_SIGEV_CLEAR(__e), (__e)->sigev_notify = SIGEV_NONE)
#define SIGEV_SIGNAL_INIT(__e, __signo) \
	(__RM_SIGEV_CLEAR(__e), (__e)->sigev_notify = SIGEV_SIGNAL, \
	 (__e)->sigev_signo = (__signo))
#define SIGEV_SIGNAL_CODE_INIT(__e, __signo, __val, __code) \
	(__RM_SIGEV_CLEAR(__e), (__e)->sigev_notify = SIGEV_SIGNAL_CODE, \
	 (__e)->sigev_signo = (__signo), \
	 (__e)->sigev_value.sival_ptr = (void *)(__val), \
	 (__e)->sigev_code = (__code))
#define SIGEV_SIGNAL_THREAD_INIT(__e, __signo, __val, __code) \
	(SIGEV_SIGNAL_CODE_INIT((__e), (__signo), (__val), (__code)), \
	 (__e)->sigev_notify = SIGEV_SIGNAL_THREAD)
#define SIGEV_PULSE_INIT(__e, __coid, __prio, __code, __val) \
	(__RM_SIGEV_CLEAR(__e), (__e)->sigev_notify = SIGEV_PULSE, \
	 (__e)->sigev_coid = (__coid), (__e)->sigev_priority = (__prio), \
	 (__e)->sigev_code = (__code), \
	 (__e)->sigev_value.sival_ptr = (void *)(__val))
#define SIGEV_PULSE_INT_INIT(__e, __coid, __prio, __code, __val) \
	(SIGEV_PULSE_INIT((__e), (__coid), (__prio), (__code), 0), \
	 (__e)->sigev_value.sival_int = (__val))
#define SIGEV_PULSE_PTR_INIT(__e, __coid, __prio, __code, __val) \
	SIGEV_PULSE_INIT((__e), (__coid), (__prio), (__code), (__val))
#define SIGEV_UNBLOCK_INIT(__e) \
	(__RM_SIGEV_CLEAR(__e), (__e)->sigev_notify = SIGEV_UNBLOCK)
#define SIGEV_INTR_INIT(__e) \
	(__RM_SIGEV_CLEAR(__e), (__e)->sigev_notify = SIGEV_INTR)
#define SIGEV_THREAD_INIT(__e, __fn, __val, __attr) \
	(__RM_SIGEV_CLEAR(__e), (__e)->sigev_notify = SIGEV_THREAD, \
	 (__e)->sigev_notify_function = (__fn), \
	 (__e)->sigev_value.sival_ptr = (void *)(__val), \
	 (__e)->sigev_notify_attributes = (__attr))

#endif /* _RESMGR_COMPAT_SYS_SIGINFO_H */
