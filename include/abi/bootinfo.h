/* SPDX-License-Identifier: MIT */
/*
 * bootinfo.h - layout of the boot-info flattened device tree (ABI version 1).
 *
 * vmm builds it (vmm/bootinfo.c), the sentry parses it (guestkernel/
 * bootinfo.c). Cells are big-endian as always in an FDT:
 *   u32:        4 bytes
 *   u64:        8 bytes (handles: two's complement s64, -1 = none)
 *   bool:       u32, 0 or 1
 *   string:     NUL-terminated, no embedded NUL
 *   stringlist: concatenated NUL-terminated strings (empty list: length 0)
 *
 * /                          BI_ABI_VERSION, BI_MEM_SIZE, BI_NCPUS,
 *                            BI_HOSTNAME, BI_TSC_HZ, BI_BOOT_REALTIME_NS,
 *                            BI_RANDOM_SEED, BI_LOG_LEVEL, BI_STRACE,
 *                            BI_STDIO_HANDLES
 * /process                   argv, envp, cwd, credentials, umask,
 *                            capabilities, no-new-privs, terminal, rlimits
 * /root                      root directory handle and read-only flag
 * /mounts/mount@<n>          one node per mount, in mount order
 *
 * C99, no libc: shared by guestkernel/ and vmm/. Readers ignore unknown
 * properties; a change that breaks old readers bumps the version.
 */
#ifndef ABI_BOOTINFO_H
#define ABI_BOOTINFO_H

#define BOOTINFO_ABI_VERSION 1

/* "compatible" of the root node. */
#define BI_COMPATIBLE_VALUE "vmm,bootinfo"

/* Root node. */
#define BI_COMPATIBLE "compatible"		/* string: BI_COMPATIBLE_VALUE */
#define BI_ABI_VERSION "abi-version"		/* u32: BOOTINFO_ABI_VERSION */
#define BI_MEM_SIZE "memory-size"		/* u64: bytes of sandbox memory */
#define BI_NCPUS "cpus"				/* u32: >= 1 */
#define BI_HOSTNAME "hostname"			/* string */
#define BI_TSC_HZ "tsc-hz"			/* u64: 0 = unknown */
#define BI_BOOT_REALTIME_NS "boot-realtime-ns"	/* u64: CLOCK_REALTIME at boot */
#define BI_RANDOM_SEED "random-seed"		/* 32 bytes */
#define BI_RANDOM_SEED_SIZE 32
#define BI_LOG_LEVEL "log-level"		/* u32: 0 err .. 3 debug */
#define BI_STRACE "strace"			/* bool */
#define BI_STDIO_HANDLES "stdio-handles"	/* 3 x u64 (s64): fds 0, 1, 2 */

/* /process */
#define BI_PROCESS_NODE "process"
#define BI_ARGV "argv"				/* stringlist, at least one */
#define BI_ENVP "envp"				/* stringlist */
#define BI_CWD "cwd"				/* string: absolute path */
#define BI_UID "uid"				/* u32 */
#define BI_GID "gid"				/* u32 */
#define BI_GROUPS "groups"			/* u32 array (may be empty) */
#define BI_MAX_GROUPS 64
#define BI_UMASK "umask"			/* u32: <= 0777 */
#define BI_CAP_EFFECTIVE "cap-effective"	/* u64 capability bit sets */
#define BI_CAP_PERMITTED "cap-permitted"
#define BI_CAP_INHERITABLE "cap-inheritable"
#define BI_CAP_BOUNDING "cap-bounding"
#define BI_CAP_AMBIENT "cap-ambient"
#define BI_NO_NEW_PRIVS "no-new-privs"		/* bool */
#define BI_TERMINAL "terminal"			/* bool: stdio is a terminal */
#define BI_RLIMITS "rlimits"			/* array of (u64 resource, u64 cur, u64 max) */
#define BI_RLIMIT_CELLS 3
#define BI_MAX_RLIMITS 16

/* /root */
#define BI_ROOT_NODE "root"
#define BI_ROOT_HANDLE "handle"			/* u64 (s64): root dir handle */
#define BI_ROOT_READONLY "readonly"		/* bool */

/* /mounts and its mount@<n> subnodes */
#define BI_MOUNTS_NODE "mounts"
#define BI_MOUNT_NODE_PREFIX "mount@"
#define BI_MAX_MOUNTS 64
#define BI_MOUNT_DESTINATION "destination"	/* string: absolute path */
#define BI_MOUNT_TYPE "type"			/* string: "tmpfs", "bind", ... */
#define BI_MOUNT_SOURCE "source"		/* string (optional) */
#define BI_MOUNT_DATA "data"			/* string (optional) */
#define BI_MOUNT_FLAGS "flags"			/* u64: MS_* */
#define BI_MOUNT_HANDLE "handle"		/* u64 (s64): host handle, -1 = none */

#endif
