# jobs.sh - background jobs, wait, sleep, kill, signals to jobs.
T=${TMPDIR:-/tmp}/jobs
rm -rf "$T"; mkdir -p "$T" || exit 1
(sleep 0.1; echo job1 > "$T/1") &
p1=$!
(sleep 0.2; exit 5) &
p2=$!
wait $p1; echo "job1 status $?"
cat "$T/1"
wait $p2; echo "job2 status $?"
for i in 1 2 3 4; do
	(sleep 0.0$i; echo "worker $i" > "$T/w$i") &
done
wait
cat "$T"/w* | sort
sleep 10 &
p3=$!
kill $p3
wait $p3; echo "killed job status $?"
sleep 0.1; echo "slept"
sh -c 'kill -9 $$'; echo "sh killed itself: $?"
sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; echo "after the trap"'
sh -c 'trap "echo TERM trapped; exit 4" TERM; kill $$; sleep 5'; echo "trapped TERM status $?"
start=$(date +%s); sleep 1; end=$(date +%s); [ $((end - start)) -ge 1 ] && echo "sleep 1 took a second"
rm -rf "$T"
