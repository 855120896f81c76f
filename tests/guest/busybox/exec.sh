# exec.sh - running programs: scripts with #!, PATH lookup, exec, env.
T=${TMPDIR:-/tmp}/exec
rm -rf "$T"; mkdir -p "$T" || exit 1
cat > "$T/script" <<'END'
#!/bin/sh
echo "script args: $# $1"
exit 3
END
chmod 755 "$T/script"
"$T/script" first second; echo "script status $?"
PATH="$T:$PATH" script viapath; echo "via PATH status $?"
chmod 644 "$T/script"
"$T/script" 2>/dev/null; echo "not executable: $?"
nonexistent-command 2>/dev/null; echo "not found: $?"
env -i FOO=bar sh -c 'echo "env: $FOO ${HOME-nohome}"'
X=exported; export X; sh -c 'echo "child sees $X"'
Y=local; sh -c 'echo "child sees ${Y-nothing}"'
(exec echo "exec replaces the subshell"; echo never)
sh -c 'exec sh -c "exit 9"'; echo "nested exec $?"
busybox true && echo "busybox applet by name"
echo "echo builtin" | xargs echo xargs:
seq 1 5 | xargs -n 2 echo
rm -rf "$T"
