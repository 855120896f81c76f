/* SPDX-License-Identifier: MIT */
/* Resource limit names of config.json ("RLIMIT_*") and their numbers. */
#include <string.h>
#include <sys/resource.h>

#include "spec/spec.h"

#define RL(name) { "RLIMIT_" #name, RLIMIT_##name }

static const struct {
	const char *name;
	int number;
} spec_rlimits[] = {
	RL(CPU), RL(FSIZE), RL(DATA), RL(STACK), RL(CORE), RL(RSS),
	RL(NPROC), RL(NOFILE), RL(MEMLOCK), RL(AS), RL(LOCKS),
	RL(SIGPENDING), RL(MSGQUEUE), RL(NICE), RL(RTPRIO), RL(RTTIME),
};

_Static_assert(sizeof(spec_rlimits) / sizeof(spec_rlimits[0]) == RLIMIT_NLIMITS,
	       "rlimit table out of date");

/* spec_rlimit_number - see spec.h. */
int spec_rlimit_number(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(spec_rlimits) / sizeof(spec_rlimits[0]); i++)
		if (strcmp(spec_rlimits[i].name, name) == 0)
			return spec_rlimits[i].number;
	return -1;
}
