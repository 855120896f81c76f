/* SPDX-License-Identifier: MIT */
/*
 * The hostcall server: executes the sentry's requests (include/abi/hostcall.h)
 * on host file descriptors vmm owns, after validating every field.
 */
#ifndef VMM_HOSTCALLS_H
#define VMM_HOSTCALLS_H

#include <stdint.h>

struct vmm_error;
struct vmm_hostcalls;

/* Handle flags. */
#define VMM_HANDLE_READONLY	0x1	/* no writes, creates, unlinks through it */
#define VMM_HANDLE_DIR		0x2	/* a directory: root of a path namespace (RESOLVE_IN_ROOT) */
#define VMM_HANDLE_STDIO	0x4	/* the sandbox's stdio: read/write/poll/terminal ioctls only */

/*
 * vmm_hostcalls_create - a server over sandbox memory @pmem of @pmem_size
 * bytes (the memfd mapped in vmm). Returns 0 or < 0 with @err.
 */
int vmm_hostcalls_create(uint8_t *pmem, uint64_t pmem_size,
			 struct vmm_hostcalls **out, struct vmm_error **err);
/*
 * vmm_hostcalls_add_handle - hand host fd @fd (now owned by the server) to
 * the sandbox with VMM_HANDLE_* @flags. Returns the handle (>= 0) or < 0.
 */
long vmm_hostcalls_add_handle(struct vmm_hostcalls *hc, int fd,
			      unsigned int flags);
/*
 * vmm_hostcalls_call - validate and execute the request block at physical
 * @req_pa; the result is stored in the block and returned (>= 0 or -errno).
 * A malformed request is -EINVAL/-EFAULT/-EBADF, never a crash.
 */
long vmm_hostcalls_call(struct vmm_hostcalls *hc, uint64_t req_pa);
/* vmm_hostcalls_destroy - close every handle and free the server. */
void vmm_hostcalls_destroy(struct vmm_hostcalls *hc);

#endif
