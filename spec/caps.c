/* SPDX-License-Identifier: MIT */
/* Capability names of config.json ("CAP_*") and their numbers. */
#include <linux/capability.h>
#include <string.h>

#include "spec/spec.h"

#define CAP(name) { "CAP_" #name, CAP_##name }

static const struct {
	const char *name;
	int number;
} spec_caps[] = {
	CAP(CHOWN), CAP(DAC_OVERRIDE), CAP(DAC_READ_SEARCH), CAP(FOWNER),
	CAP(FSETID), CAP(KILL), CAP(SETGID), CAP(SETUID), CAP(SETPCAP),
	CAP(LINUX_IMMUTABLE), CAP(NET_BIND_SERVICE), CAP(NET_BROADCAST),
	CAP(NET_ADMIN), CAP(NET_RAW), CAP(IPC_LOCK), CAP(IPC_OWNER),
	CAP(SYS_MODULE), CAP(SYS_RAWIO), CAP(SYS_CHROOT), CAP(SYS_PTRACE),
	CAP(SYS_PACCT), CAP(SYS_ADMIN), CAP(SYS_BOOT), CAP(SYS_NICE),
	CAP(SYS_RESOURCE), CAP(SYS_TIME), CAP(SYS_TTY_CONFIG), CAP(MKNOD),
	CAP(LEASE), CAP(AUDIT_WRITE), CAP(AUDIT_CONTROL), CAP(SETFCAP),
	CAP(MAC_OVERRIDE), CAP(MAC_ADMIN), CAP(SYSLOG), CAP(WAKE_ALARM),
	CAP(BLOCK_SUSPEND), CAP(AUDIT_READ), CAP(PERFMON), CAP(BPF),
	CAP(CHECKPOINT_RESTORE),
};

_Static_assert(sizeof(spec_caps) / sizeof(spec_caps[0]) == CAP_LAST_CAP + 1,
	       "capability table out of date");

/* spec_cap_number - see spec.h. */
int spec_cap_number(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(spec_caps) / sizeof(spec_caps[0]); i++)
		if (strcmp(spec_caps[i].name, name) == 0)
			return spec_caps[i].number;
	return -1;
}

/* spec_cap_name - see spec.h. */
const char *spec_cap_name(int number)
{
	size_t i;

	for (i = 0; i < sizeof(spec_caps) / sizeof(spec_caps[0]); i++)
		if (spec_caps[i].number == number)
			return spec_caps[i].name;
	return NULL;
}
