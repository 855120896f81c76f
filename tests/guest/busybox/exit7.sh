# exit7.sh - trap on EXIT and an explicit exit status.
trap 'echo "exit trap runs, status $?"' EXIT
echo before
f() { echo "in function"; exit 7; }
f
echo never reached
