# shell.sh - bash language features: functions, arrays, here-documents,
# subshells, pipelines, read loops, arithmetic, globbing, redirections.
# requires: bash
set -u
f() { local x=$1; echo "f($x) -> $((x * x))"; return $((x % 3)); }
for i in 1 2 3 4; do f "$i"; echo "status $?"; done
a=(zero one "two words" three)
echo "count ${#a[@]}: ${a[2]} / ${a[*]:1:2}"
declare -A m=([k1]=v1 [k2]=v2)
for k in $(printf '%s\n' "${!m[@]}" | sort); do echo "$k=${m[$k]}"; done
cat <<END
here-doc $((6 * 7)) $(echo nested $(echo deeper))
END
x=outer; (x=inner; echo "subshell $x"); echo "after $x"
printf '%s\n' c b a b c | sort | uniq -c | while read -r n w; do
	echo "$w:$n"
done
mkdir -p g && touch g/b.txt g/a.txt g/c.log
echo g/*.txt
shopt -s nullglob; echo "none: [" g/*.none "]"
exec 3>out.txt; echo "to fd3" >&3; exec 3>&-; cat out.txt
{ echo err >&2; echo out; } 2>/dev/null
echo "${PWD##*/}" | wc -c >/dev/null
s="Hello, World"; echo "${s,,} ${s^^} ${s/World/there} ${#s}"
i=0; while ((i < 5)); do ((i += 2)); done; echo "i=$i"
case "abc.tar.gz" in *.tar.gz) echo tarball ;; *) echo other ;; esac
read -r l1 l2 <<<"alpha beta"; echo "$l2 $l1"
echo "$(seq 1 5 | paste -sd+ | bc 2>/dev/null || echo 15)"
( exit 7 ); echo "subshell exit $?"
false || echo "or-list"; true && echo "and-list"
set -o pipefail; false | true; echo "pipefail $?"
coproc CP { read -r line; echo "coproc got $line"; }
echo ping >&"${CP[1]}"; read -r ans <&"${CP[0]}"; echo "$ans"; wait
echo "$(( 2 ** 40 )) $(( -7 / 2 )) $(( 7 % -3 ))"
type cd | head -1
umask 027; touch u.txt; stat -c '%a' u.txt
exit 3
