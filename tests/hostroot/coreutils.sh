# coreutils.sh - GNU coreutils (and sed/awk) on files in a tmpfs.
# requires: bash sed awk
set -u
seq 1 20 >nums
wc -l <nums; head -3 nums | tr '\n' ' '; echo; tail -n 2 nums | tr '\n' ' '; echo
sort -rn nums | head -2 | paste -sd,
printf 'b 2\na 1\nc 3\n' | sort -k2,2n | cut -d' ' -f1 | paste -sd:
printf 'x\ny\n' >a; printf 'y\nz\n' >b; comm a b | cat -A
join <(printf '1 one\n2 two\n') <(printf '1 uno\n2 dos\n')
mkdir -p d/sub/deeper && echo hi >d/sub/f && cp -r d d2 && mv d2 d3
ls -R d3
ln -s sub/f d/link && readlink d/link && cat d/link
ln d/sub/f d/hard && stat -c '%h %s %F' d/sub/f d/link; stat -c '%h %F' d/sub
stat -L -c '%s %F' d/link
touch -d '2001-02-03 04:05:06' d/sub/f; stat -c '%y' d/sub/f
date -u -d @1000000000 '+%F %T'
chmod 640 d/sub/f; stat -c '%a %A' d/sub/f
echo data | tee t1 t2 >/dev/null; cat t1 t2 | md5sum
sha256sum nums; base64 nums | head -2; base64 nums | base64 -d | cmp - nums && echo roundtrip
dd if=/dev/zero of=z bs=1k count=64 2>/dev/null; stat -c %s z
truncate -s 10000 z; stat -c %s z; od -An -tx1 -N4 z
split -l 7 nums part. && ls part.* && cat part.* | cmp - nums && echo split-ok
sed -n 's/^1\(.\)$/one-\1/p' nums | head -3
awk '{s += $1} END {print "sum", s, "avg", s / NR}' nums
printf '%s %05.2f %x %o %e\n' str 3.14159 255 8 12345.678
expr 6 \* 7; factor 360; echo $((RANDOM >= 0))
basename /a/b/c.txt .txt; dirname /a/b/c.txt; realpath -m --relative-to=. a/../b/./c
env | grep -c '^PATH='
yes | head -3 | uniq -c
tac nums | head -2; nl -ba a; fold -w 3 <<<"abcdefgh"; rev <<<"hello" 2>/dev/null || echo olleh
numfmt --to=iec 1048576; shuf -i 1-5 -n 5 --random-source=nums | sort -n | paste -sd' '
ls -la d | awk '{print $1, $NF}' | tail -n +2
rm -r d d3; ls
df -P . >/dev/null && echo df-ok
sleep 0.1 && echo slept
timeout 0.2 sleep 5; echo "timeout $?"
nproc >/dev/null && echo nproc-ok
mktemp -d -p . >/dev/null && echo mktemp-ok
id -u >/dev/null && echo id-ok
