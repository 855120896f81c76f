# inet.sh - python3 sockets on loopback: http.server + urllib, asyncio over ::1,
# socketserver UDP, getaddrinfo.
# requires: python3
python3 - <<'PY'
import asyncio, http.server, socket, socketserver, threading, urllib.request

class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"hello " + self.path.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass

srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
port = srv.server_address[1]
t = threading.Thread(target=srv.serve_forever, daemon=True)
t.start()
for p in ("/a", "/b"):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, p)) as r:
        print(r.status, r.read().decode())
srv.shutdown()
srv.server_close()

async def echo(reader, writer):
    data = await reader.readline()
    writer.write(data.upper())
    await writer.drain()
    writer.close()

async def main():
    server = await asyncio.start_server(echo, "::1", 0)
    port = server.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection("::1", port)
    w.write(b"asyncio line\n")
    await w.drain()
    print((await r.readline()).decode().strip())
    w.close()
    server.close()
    await server.wait_closed()
asyncio.run(main())

class U(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        sock.sendto(data[::-1], self.client_address)
us = socketserver.UDPServer(("127.0.0.1", 0), U)
threading.Thread(target=us.serve_forever, daemon=True).start()
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.settimeout(5)
c.sendto(b"udp!", us.server_address)
print(c.recvfrom(100)[0])
us.shutdown()
print(socket.getaddrinfo("localhost", 80, socket.AF_INET, socket.SOCK_STREAM)[0][4])
PY
