/* SPDX-License-Identifier: MIT */
/* The sandbox's UTS names (uname, sethostname). */
#ifndef KERNEL_UTS_H
#define KERNEL_UTS_H

#define UTS_LEN 65

extern char uts_hostname[UTS_LEN];
extern char uts_domainname[UTS_LEN];

/* uts_init - set the hostname from boot info (NULL: "vmm"). */
void uts_init(const char *hostname);

#endif
