# files.sh - a fixed tree in the temp directory; ls -l without dates.
umask 022
T=${TMPDIR:-/tmp}/files
rm -rf "$T"
mkdir -p "$T/tree/sub/deeper" || exit 1
cd "$T/tree" || exit 1
echo hello > a.txt
printf '%s\n' 1 2 3 4 5 6 7 8 9 10 > b.txt
: > empty
ln -s a.txt link
chmod 600 b.txt
chmod 750 sub
echo deep > sub/deeper/file
mkdir sub2
ls
ls -a | tr '\n' ' '; echo
ls -l | awk 'NR > 1 { if (substr($1, 1, 1) == "d") print $1, $9; else print $1, $5, $9, $10, $11 }'
ls -R sub | sed '/^$/d'
cat a.txt link
readlink link
[ -L link ] && echo "link is a symlink"
[ -f a.txt ] && [ -s a.txt ] && [ ! -s empty ] && echo "test -f -s ok"
[ -d sub ] && [ ! -e nothing ] && echo "test -d -e ok"
cp a.txt c.txt && cat c.txt
mv c.txt sub/moved.txt && ls sub
cat sub/moved.txt
rm sub/moved.txt && ls sub
find . -type f | sort
find . -name '*.txt' | sort
wc -c a.txt b.txt | sed 's/^ *//'
head -c 3 a.txt; echo
tail -n 2 b.txt
ln a.txt hard && ls -l hard a.txt | awk '{ print $1, $2, $5, $9 }'
rm hard
rmdir sub2 && echo "rmdir ok"
rmdir sub 2>/dev/null || echo "rmdir of a non-empty dir fails"
touch -c nothing; [ -e nothing ] || echo "touch -c did not create"
touch newfile && [ -e newfile ] && echo "touch created"
dd if=/dev/zero of=zeros bs=1024 count=64 2>/dev/null; wc -c < zeros
cmp -s a.txt link && echo "cmp same"
cd / && rm -rf "$T" && [ ! -e "$T" ] && echo "cleaned up"
