# shell.sh - shell language: subshells, substitution, loops, functions,
# arithmetic, exit statuses, case, parameters.
x=outer
(x=inner; echo "subshell sees $x")
echo "parent keeps $x"
echo "substitution: $(echo nested $(echo deeper))"
echo "backticks: `echo old style`"
n=$(printf 'a\nb\nc\n' | wc -l)
echo "lines: $n"
i=0
while [ $i -lt 5 ]; do
	i=$((i + 1))
	[ $i -eq 3 ] && continue
	printf '%s ' $i
done
echo
for w in alpha beta gamma; do
	case $w in
	a*) echo "$w starts with a" ;;
	*ta) echo "$w ends with ta" ;;
	*) echo "$w: other" ;;
	esac
done
until [ $i -le 0 ]; do i=$((i - 2)); done; echo "until done at $i"
fact() {
	if [ "$1" -le 1 ]; then echo 1; return; fi
	echo $(( $1 * $(fact $(( $1 - 1 ))) ))
}
echo "10! = $(fact 10)"
ret() { return "$1"; }
ret 3; echo "function returned $?"
echo "arith: $(( (7 + 5) * 3 / 2 % 7 )) $(( 1 << 10 )) $(( 0x10 + 010 )) $(( -5 / 2 ))"
a=5; : $((a += 10)); echo "a=$a"
true; echo "true $?"
false; echo "false $?"
sh -c 'exit 42'; echo "child sh exit $?"
(exit 3); echo "subshell exit $?"
false && echo never || echo "or branch"
set -- one "two three" four
echo "argc $#, second '$2'"
shift; echo "after shift $1"
v=; echo "default ${v:-dflt} ${u-unset}"
s=hello.tar.gz; echo "${s%.gz} ${s%%.*} ${s#*.} ${#s}"
IFS=: read -r p1 p2 <<END
left:right
END
echo "$p2 $p1"
echo "pid differs from 0: $([ $$ -gt 0 ] && echo yes)"
type echo | sed 's/ is .*//'
command -v sh >/dev/null && echo "sh found"
eval 'echo evaluated $((2 + 2))'
