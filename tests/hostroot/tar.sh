# tar.sh - GNU tar and gzip: create, list, extract, compress.
# requires: tar gzip
set -u
mkdir -p src/a/b src/empty
for i in 1 2 3; do seq 1 $((i * 1000)) >src/a/f$i; done
echo small >src/a/b/s; ln -s ../a/f1 src/a/b/link; ln src/a/f2 src/a/hard
chmod 600 src/a/f3
find src -exec touch -h -d '2020-01-01 00:00:00' {} +
tar --numeric-owner --owner=0 --group=0 -cf out.tar src
tar -tvf out.tar | sort -k6
tar -czf out.tgz src && gzip -t out.tgz && echo gzip-ok
mkdir x y && tar -xf out.tar -C x && tar -xzf out.tgz -C y
diff -r src x/src && diff -r src y/src && echo same
stat -c '%n %a %s %Y' x/src/a/f3 x/src/a/b/s
readlink x/src/a/b/link; stat -c '%h' x/src/a/hard
tar -cf - src | tar -tf - | sort | head -4
gzip -9 -c src/a/f3 | gzip -dc | cmp - src/a/f3 && echo pipe-ok
tar -xf out.tar -O src/a/b/s
