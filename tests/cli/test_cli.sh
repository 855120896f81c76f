#!/bin/bash
# test_cli.sh - the vmm command line with bad inputs: every failure is one
# exact line on stderr with the right exit status, and leaves no stub
# process behind. TAP output.
set -u

: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
VMM=${VMM:-$top_builddir/vmm/vmm}
MKBUNDLE=$top_srcdir/tests/scripts/mkbundle.sh

if [ ! -x "$VMM" ]; then
	echo "1..0 # SKIP $VMM not built"
	exit 0
fi
busybox=${BUSYBOX:-$(command -v busybox 2>/dev/null)}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

# run_vmm ARGS... - run vmm in its own session; sets out, err, rc, sid.
run_vmm() {
	setsid bash -c 'echo $$ >"$0/sid"; exec "$@" >"$0/out" 2>"$0/err"' \
		"$tmp" "$VMM" "$@" </dev/null
	rc=$?
	sid=$(cat "$tmp/sid")
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

# expect WANT_RC WANT_STDERR DESCRIPTION ARGS... - vmm fails just so,
# and no process of its session (a stub) is left.
expect() {
	local want_rc=$1 want_err=$2 what=$3 left
	shift 3
	run_vmm "$@"
	left=$(pgrep -s "$sid" 2>/dev/null | wc -l)
	if [ "$rc" = "$want_rc" ] && [ "$err" = "$want_err" ] && [ "$left" = 0 ]; then
		ok 0 "$what"
	else
		ok 1 "$what"
		echo "#   want rc=$want_rc stderr: $want_err"
		echo "#   got  rc=$rc stderr: $err (processes left: $left)"
	fi
}

run_vmm --version
[ "$rc" = 0 ] && [[ "$out" =~ ^vmm\ version\ [0-9]+\.[0-9]+ ]]
ok $? "--version prints the version"
run_vmm --help
[ "$rc" = 0 ] && [[ "$out" == *"Usage: vmm"* ]]
ok $? "--help prints the usage"

expect 1 'vmm: no command given (see `vmm --help`)' "no command"
expect 1 'vmm: unknown command `frob` (see `vmm --help`)' "unknown command" frob
expect 1 'vmm: unknown option `--frob`' "unknown global option" --frob run
expect 1 'vmm: option `--log` needs a value' "option without its value" --log
expect 1 'vmm: unknown platform `xen` (ptrace, kvm or auto)' "unknown platform" \
	--platform=xen run
# --platform=kvm without a usable /dev/kvm: one line saying why
run_vmm --platform=kvm run
if [ -x "$top_builddir/tests/kvm/kvm-boot" ] && "$top_builddir/tests/kvm/kvm-boot" --probe >/dev/null; then
	n=$((n + 1))
	echo "ok $n - # SKIP --platform=kvm: /dev/kvm is usable here"
else
	[ "$rc" = 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] &&
		[[ "$err" == "vmm: run: KVM unavailable: "* ]]
	ok $? "--platform=kvm without usable KVM fails with one line"
fi
expect 1 'vmm: create: a container id is required' "create needs an id" create
expect 1 'vmm: run: unknown option `--frob`' "unknown run option" run --frob
expect 1 "vmm: run: bundle \`$tmp/nope/\`: No such file or directory" \
	"missing bundle directory" run "$tmp/nope/"

mkdir -p "$tmp/empty"
expect 1 "vmm: run: open \`$tmp/empty/config.json\`: No such file or directory" \
	"bundle without config.json" run "$tmp/empty"

mkdir -p "$tmp/badjson"
echo '{' >"$tmp/badjson/config.json"
expect 1 'vmm: run: config.json: invalid JSON: parse error: premature EOF (line 2, column 1)' \
	"config.json that is not JSON" run "$tmp/badjson"

mkdir -p "$tmp/badargs"
echo '{"ociVersion":"1.0.2","process":{"args":"sh","cwd":"/"},"root":{"path":"rootfs"}}' \
	>"$tmp/badargs/config.json"
expect 1 'vmm: run: config.json: process.args: expected a non-empty array of strings' \
	"invalid config.json names the JSON path" run "$tmp/badargs"

if [ -n "$busybox" ] && bash "$MKBUNDLE" --busybox "$busybox" "$tmp/b" -- \
	nothere >/dev/null 2>&1; then
	expect 127 "vmm: run: executable \"nothere\" not found in the bundle's rootfs" \
		"missing executable: status 127" run "$tmp/b"
	expect 127 "vmm: run: executable \"nothere\" not found in the bundle's rootfs" \
		"runc form: run --bundle DIR ID" run --bundle "$tmp/b" myid
	(cd "$tmp/b" && run_vmm run && [ "$rc" = 127 ])
	ok $? "run with no bundle uses ./config.json"
	bash "$MKBUNDLE" --config-only "$tmp/b" -- /bin/../../bin/nothere >/dev/null 2>&1
	expect 127 "vmm: run: executable \"/bin/../../bin/nothere\" not found in the bundle's rootfs" \
		"absolute path checked inside the rootfs" run "$tmp/b"
	# an executable of the host, absent from the rootfs
	ln -s "$(readlink -f "$VMM")" "$tmp/b/rootfs/bin/escape"
	bash "$MKBUNDLE" --config-only "$tmp/b" -- escape >/dev/null 2>&1
	expect 127 "vmm: run: executable \"escape\" not found in the bundle's rootfs" \
		"symlinks do not leave the rootfs" run "$tmp/b"
	# boots the sandbox: whatever init does, no stub outlives vmm
	bash "$MKBUNDLE" --config-only "$tmp/b" -- sh -c 'exit 3' >/dev/null 2>&1
	run_vmm run "$tmp/b"
	left=$(pgrep -s "$sid" 2>/dev/null | wc -l)
	[ "$left" = 0 ] && [ "$rc" -lt 128 ]
	ok $? "a run that boots the sentry leaves no stub (status $rc)"
	rm -rf "$tmp/b/rootfs"
	expect 1 "vmm: run: rootfs \`$tmp/b/rootfs\`: No such file or directory" \
		"missing rootfs" run "$tmp/b"
else
	for what in "missing executable" "runc form" "./config.json" \
		"absolute path" "symlinks" "boot" "missing rootfs"; do
		n=$((n + 1))
		echo "ok $n - # SKIP $what: no busybox-static"
	done
fi

mkdir -p "$tmp/spec"
(cd "$tmp/spec" && "$VMM" spec)
[ $? = 0 ] && [ -f "$tmp/spec/config.json" ]
ok $? "spec writes config.json"
expect 1 "vmm: run: rootfs \`$tmp/spec/rootfs\`: No such file or directory" \
	"the spec's config.json parses (then its rootfs is missing)" run "$tmp/spec"
(cd "$tmp/spec" && "$VMM" spec 2>"$tmp/err")
rc=$?
[ "$rc" = 1 ] && [ "$(cat "$tmp/err")" = 'vmm: config.json: file exists, remove it first' ]
ok $? "spec refuses to overwrite config.json"

echo "1..$n"
exit $fail
