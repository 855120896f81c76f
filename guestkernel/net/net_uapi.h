/* SPDX-License-Identifier: MIT */
/*
 * Socket ABI constants and user layouts (the parts the UAPI headers leave
 * to libc): address families, socket types, MSG_* flags, msghdr/cmsghdr,
 * ucred, sockaddr_un. Values are the Linux x86_64 ABI.
 */
#ifndef NET_NET_UAPI_H
#define NET_NET_UAPI_H

#include "klib/klib.h"
#include <asm/socket.h>

#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_NETLINK 16
#define AF_PACKET 17
#define AF_MAX 46

#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_RDM 4
#define SOCK_SEQPACKET 5
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK 00004000	/* O_NONBLOCK */
#define SOCK_CLOEXEC 02000000	/* O_CLOEXEC */

#define SOL_SOCKET 1
#define SOMAXCONN 4096

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000
#define MSG_WAITFORONE 0x10000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2
#define SCM_MAX_FD 253

/* struct msghdr as user space lays it out. */
struct user_msghdr {
	u64 msg_name;
	u32 msg_namelen;
	u32 __pad0;
	u64 msg_iov;
	u64 msg_iovlen;
	u64 msg_control;
	u64 msg_controllen;
	u32 msg_flags;
	u32 __pad1;
};

/* struct mmsghdr (sendmmsg/recvmmsg). */
struct user_mmsghdr {
	struct user_msghdr hdr;
	u32 msg_len;
	u32 __pad;
};

struct user_iovec {
	u64 base, len;
};

struct kcmsghdr {
	u64 cmsg_len;
	s32 cmsg_level;
	s32 cmsg_type;
};

#define KCMSG_ALIGN(len) (((len) + 7UL) & ~7UL)
#define KCMSG_HDRLEN KCMSG_ALIGN(sizeof(struct kcmsghdr))
#define KCMSG_LEN(len) (KCMSG_HDRLEN + (len))
#define KCMSG_SPACE(len) (KCMSG_HDRLEN + KCMSG_ALIGN(len))

struct kucred {
	s32 pid;
	u32 uid;
	u32 gid;
};

#define UNIX_PATH_MAX 108
struct ksockaddr_un {
	u16 sun_family;
	char sun_path[UNIX_PATH_MAX];
};

/* Large enough for any address we hand out (sockaddr_storage). */
#define KSOCKADDR_MAX 128

#endif
