# redirect.sh - redirections to and from files in the temp directory.
T=${TMPDIR:-/tmp}/redirect
rm -rf "$T"; mkdir -p "$T" || exit 1
cd "$T" || exit 1
echo first > f
echo second >> f
cat f
cat < f | wc -l
echo to-stderr 1>&2 2>/dev/null
ls missing-file 2>/dev/null; echo "ls status $?"
ls missing-file > out 2>&1; echo "merged lines $(wc -l < out)"
{ echo a; echo b; } > group
cat group
exec 3> fd3
echo via-fd3 >&3
exec 3>&-
cat fd3
exec 4< f
read -r line <&4
echo "read from fd 4: $line"
exec 4<&-
while read -r a b; do
	echo "[$a|$b]"
done <<END
1 one
2 two words
3
END
cat <<'END' | tr a-z A-Z
quoted $HOME stays
END
x=expanded
cat <<END
here-doc $x $((6 * 7))
END
printf 'no newline' > nn; cat nn; echo
: > empty; wc -c < empty
set -C; (echo clobber > f) 2>/dev/null; echo "noclobber status $?"; set +C
echo data > /dev/null; echo "dev null ok"
cd / && rm -rf "$T"
