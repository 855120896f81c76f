#!/bin/bash
# run-hostroot.sh - run Debian's own programs natively and in vmm from a
# bundle whose root is the host's / and compare: one TAP result per script.
#
# Usage: run-hostroot.sh [SCRIPT...]
#   SCRIPT: a path, or a name in $top_srcdir/tests/hostroot (default: every
#   tests/hostroot/*.sh except this runner)
#
# Each script is a bash script that works in $TMPDIR (its own empty
# directory, also its cwd and $HOME) and prints only what is the same on
# every run. It runs natively with TMPDIR in a fresh directory under this
# runner's scratch directory, then in vmm with TMPDIR=/tmp/NAME, which is in
# the sandbox's own tmpfs. The bundle's root is the host's / (read-only),
# with proc on /proc, a tmpfs on /tmp and the sentry's devfs on /dev.
# The script text is passed as `bash -c TEXT NAME` both times, so the
# source tree need not be visible inside the sandbox.
#
# A line "# requires: PROG..." in a script names the programs it needs;
# when one is missing on the host the script is skipped (nothing is
# installed at test time: build-aux/install-deps.sh lists the packages).
#
# The test passes when stdout and the exit status are identical. See
# tests/scripts/guestlib.sh for the environment variables (VMM,
# VMM_PLATFORM, VMM_TIMEOUT, KEEP_TMP).
set -u

. "$(cd "$(dirname "$0")/../scripts" && pwd)/guestlib.sh"

here=$(cd "$(dirname "$0")" && pwd)
[ -x "$VMM" ] || gl_bail "$VMM not found: run make first"
# The host root needs no busybox; gl_setup checks for it, so point it at
# something harmless when busybox-static is absent.
[ -n "$BUSYBOX" ] || BUSYBOX=/bin/true
gl_setup
gl_probe_ptrace

if [ $# -gt 0 ]; then
	scripts=()
	for s in "$@"; do
		case $s in
		*/*) scripts+=("$s") ;;
		*) scripts+=("$here/${s%.sh}.sh") ;;
		esac
	done
else
	scripts=()
	for s in "$here"/*.sh; do
		[ "${s##*/}" = run-hostroot.sh ] && continue
		scripts+=("$s")
	done
fi
[ ${#scripts[@]} -gt 0 ] || gl_bail "no scripts found in $here"

uid=$(id -u)
gid=$(id -g)
PATH_STD=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# hr_json_str STRING - STRING as a JSON string literal.
hr_json_str() {
	printf '%s' "$1" | LC_ALL=C awk '
	BEGIN {
		ORS = ""
		for (i = 1; i < 32; i++)
			ctl[sprintf("%c", i)] = sprintf("\\u%04x", i)
		printf "\""
	}
	{
		if (NR > 1)
			printf "\\n"
		n = length($0)
		for (i = 1; i <= n; i++) {
			c = substr($0, i, 1)
			if (c == "\\")
				printf "\\\\"
			else if (c == "\"")
				printf "\\\""
			else if (c in ctl)
				printf "%s", ctl[c]
			else
				printf "%s", c
		}
	}
	END { printf "\"" }'
}

# hr_json_list ITEMS... - a JSON array of strings.
hr_json_list() {
	local sep= s
	printf '['
	for s in "$@"; do
		printf '%s' "$sep"
		hr_json_str "$s"
		sep=', '
	done
	printf ']'
}

# hr_bundle DIR NAME ARGS... - write DIR/config.json for a host-root bundle
# running ARGS with cwd, HOME and TMPDIR /tmp/NAME.
hr_bundle() {
	local dir=$1 name=$2
	shift 2
	mkdir -p "$dir" || return 1
	{
		printf '{\n\t"ociVersion": "1.0.2",\n\t"process": {\n'
		printf '\t\t"terminal": false,\n'
		printf '\t\t"user": { "uid": %s, "gid": %s },\n' "$uid" "$gid"
		printf '\t\t"args": '
		hr_json_list "$@"
		printf ',\n\t\t"env": '
		hr_json_list "PATH=$PATH_STD" "HOME=/tmp/$name" \
			"TMPDIR=/tmp/$name" "LC_ALL=C" "TZ=UTC"
		printf ',\n\t\t"cwd": "/",\n'
		printf '\t\t"rlimits": [{ "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 }],\n'
		printf '\t\t"noNewPrivileges": true\n\t},\n'
		printf '\t"root": { "path": "/", "readonly": true },\n'
		printf '\t"hostname": "vmm",\n'
		printf '\t"mounts": [\n'
		printf '\t\t{ "destination": "/proc", "type": "proc", "source": "proc" },\n'
		printf '\t\t{ "destination": "/dev", "type": "tmpfs", "source": "tmpfs",\n'
		printf '\t\t  "options": ["nosuid", "mode=755"] },\n'
		printf '\t\t{ "destination": "/tmp", "type": "tmpfs", "source": "tmpfs",\n'
		printf '\t\t  "options": ["nosuid", "nodev", "mode=1777"] }\n'
		printf '\t],\n\t"linux": {\n\t\t"namespaces": [\n'
		printf '\t\t\t{ "type": "pid" }, { "type": "network" }, { "type": "ipc" },\n'
		printf '\t\t\t{ "type": "uts" }, { "type": "mount" }\n\t\t]\n\t}\n}\n'
	} >"$dir/config.json"
}

# The same wrapper both times: make TMPDIR, enter it, run the script text.
wrapper='mkdir -p "$TMPDIR" && cd "$TMPDIR" && exec bash -c "$1" "$2"'

for s in "${scripts[@]}"; do
	name=${s##*/}
	name=${name%.sh}
	[ -f "$s" ] || gl_bail "$s: no such script"
	missing=
	for p in $(sed -n 's/^# requires: *//p' "$s"); do
		command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	if [ -n "$missing" ]; then
		gl_n=$((gl_n + 1))
		echo "ok $gl_n - $name # SKIP not installed:$missing"
		continue
	fi
	text=$(cat "$s")
	w=$GL_TMP/$name
	mkdir -p "$w/native" || gl_bail "cannot make $w"

	env -i PATH="$PATH_STD" HOME="$w/native" TMPDIR="$w/native" \
		LC_ALL=C TZ=UTC timeout -k 5 "$VMM_TIMEOUT" \
		bash -c "$wrapper" wrapper "$text" "$name" \
		</dev/null >"$w/want" 2>"$w/native.err"
	want_rc=$?
	if [ "$want_rc" = 124 ] || [ "$want_rc" = 137 ]; then
		gl_result 0 "$name (native run timed out)"
		gl_comment "$w/native.err"
		continue
	fi

	hr_bundle "$w/bundle" "$name" bash -c "$wrapper" wrapper "$text" \
		"$name" || gl_bail "cannot write $w/bundle/config.json"
	gl_vmm_run "$w/bundle" "$w/got" "$w/vmm.err"
	got_rc=$?
	gl_compare "$name [$VMM_PLATFORM]" "$w/want" "$want_rc" "$w/got" \
		"$got_rc" "$w/vmm.err"
done
gl_done
