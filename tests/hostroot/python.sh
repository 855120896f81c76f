# python.sh - python3: threads, subprocess, sqlite3, os.fork and pipes,
# files, select, json and hashlib.
# requires: python3
python3 - <<'PY'
import hashlib, json, os, select, sqlite3, subprocess, sys, threading, queue

# threads with a lock, a condition and a queue
total = 0
lock = threading.Lock()
def work(n):
    global total
    for _ in range(n):
        with lock:
            total += 1
ts = [threading.Thread(target=work, args=(2000,)) for _ in range(4)]
for t in ts: t.start()
for t in ts: t.join()
print("threads total", total)
q = queue.Queue()
def producer():
    for i in range(5): q.put(i * i)
    q.put(None)
threading.Thread(target=producer).start()
items = []
while (v := q.get()) is not None: items.append(v)
print("queue", items)

# subprocess
r = subprocess.run(["sh", "-c", "echo from-sh; echo err >&2; exit 3"],
                   capture_output=True, text=True)
print("subprocess", r.returncode, r.stdout.strip(), r.stderr.strip())
p = subprocess.Popen(["sort", "-r"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, text=True)
out, _ = p.communicate("a\nc\nb\n")
print("popen", out.split(), p.returncode)
print("check_output", subprocess.check_output("seq 3 | wc -l", shell=True).strip())

# fork and pipes
rfd, wfd = os.pipe()
pid = os.fork()
if pid == 0:
    os.close(rfd)
    os.write(wfd, b"child says hi")
    os._exit(5)
os.close(wfd)
data = b""
while chunk := os.read(rfd, 4):
    data += chunk
_, st = os.waitpid(pid, 0)
print("fork", data.decode(), os.WEXITSTATUS(st))
r1, w1 = os.pipe()
print("select", select.select([r1], [], [], 0)[0] == [])
os.write(w1, b"x")
print("select", select.select([r1], [], [], 1)[0] == [r1])

# sqlite3 (file database: locking, journal)
db = sqlite3.connect("t.db")
db.execute("create table t (k integer primary key, v text)")
with db:
    db.executemany("insert into t (v) values (?)", [(str(i),) for i in range(100)])
print("sqlite", db.execute("select count(*), sum(k) from t").fetchone())
db2 = sqlite3.connect("t.db")
print("sqlite second", db2.execute("select v from t where k = 42").fetchone())
db.close(); db2.close()

# files, json, hashlib
with open("data.json", "w") as f:
    json.dump({"b": [1, 2, 3], "a": None}, f, sort_keys=True)
print(open("data.json").read())
print(hashlib.sha256(open("data.json", "rb").read()).hexdigest())
os.makedirs("d/e", exist_ok=True)
os.symlink("../data.json", "d/link")
print(sorted(os.listdir("d")), os.readlink("d/link"), os.path.getsize("d/link"))
st = os.stat("data.json")
print("stat", st.st_size, oct(st.st_mode), st.st_nlink)
print("cpu", os.cpu_count() > 0, "cwd", os.path.basename(os.getcwd()) != "")
sys.exit(4)
PY
echo "python exit $?"
python3 -c 'import multiprocessing as m
def sq(x): return x * x
if __name__ == "__main__":
    with m.Pool(2) as p: print("pool", p.map(sq, range(6)))' 2>&1 | tail -1
