# find.sh - findutils: find predicates, -printf, -exec, -delete, xargs.
# requires: find xargs
set -u
mkdir -p t/a/b/c t/d
for f in t/x.txt t/a/y.txt t/a/b/z.log t/d/w.txt; do echo "$f" >"$f"; done
seq 1 5000 >t/a/big
ln -s ../x.txt t/d/sym; chmod 700 t/a/b
find t | sort
find t -type f -name '*.txt' | sort
find t -type l -printf '%p -> %l\n'
find t -printf '%y %m %d %P\n' | sort -k4
find t -size +10k -printf '%s %p\n'
find t -maxdepth 1 -mindepth 1 | sort
find t -name '*.log' -exec cat {} \;
find t -type f -print0 | sort -z | xargs -0 wc -c | tail -1
find t -empty -printf 'empty %p\n'
find t -perm -u=x -type d | sort
find -L t -type f -name 'x.txt' | sort
touch -d '2000-01-01' t/x.txt; find t -type f -newer t/x.txt | wc -l
find t -name '*.log' -delete; find t -name '*.log' | wc -l
find t/a -depth | sed 1q | grep -c /c$ # a leaf comes first
printf '%s\n' 1 2 3 4 5 | xargs -n 2 echo
printf '%s\n' a b c | xargs -I{} -P2 sh -c 'echo item-{}' | sort
find nowhere 2>/dev/null; echo "missing $?"
