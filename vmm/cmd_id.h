/* SPDX-License-Identifier: MIT */
/* cmd_id.h - parse "[FLAGS] ID" command lines (cmd_common_id.c). */
#ifndef VMM_CMD_ID_H
#define VMM_CMD_ID_H

#include <stdbool.h>

struct vmm_error;

/*
 * vmm_cmd_id_args - the single ID of @argv; boolean flags @flags (NULL-
 * terminated names) set @set[k]. Other options are errors. Returns the ID
 * or NULL with @err.
 */
const char *vmm_cmd_id_args(int argc, char **argv, const char *const *flags,
			    bool *set, struct vmm_error **err);

#endif
