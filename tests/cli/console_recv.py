#!/usr/bin/env python3
# console_recv.py SOCKET OUT [INPUT] - the --console-socket end, like a
# container manager: accept one connection, take the pty master sent with
# SCM_RIGHTS, write INPUT to it, copy what the container prints to OUT
# until the pty closes or 20 s pass. Writes OUT.name with the message.
import array
import os
import select
import socket
import sys
import time

path, out = sys.argv[1], sys.argv[2]
data = sys.argv[3].encode() if len(sys.argv) > 3 else b""
srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(path)
srv.listen(1)
srv.settimeout(20)
conn, _ = srv.accept()
fds = array.array("i")
msg, anc, _, _ = conn.recvmsg(256, socket.CMSG_LEN(fds.itemsize))
for level, kind, payload in anc:
    if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
        fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
with open(out + ".name", "wb") as f:
    f.write(msg)
if not fds:
    sys.exit(1)
master = fds[0]
if data:
    os.write(master, data)
end = time.time() + 20
with open(out, "wb") as f:
    while time.time() < end:
        r, _, _ = select.select([master], [], [], 0.5)
        if not r:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        f.write(chunk)
        f.flush()
