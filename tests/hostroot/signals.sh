# signals.sh - shell traps and signals: traps on INT, TERM and EXIT,
# kill of a background job, wait statuses, kill -0, trap in subshells.
# requires: bash
trap 'echo got INT' INT
kill -INT $$; echo "after INT"
trap 'echo got TERM' TERM
kill -TERM $$; echo "after TERM"
trap - TERM
sleep 30 &
pid=$!
kill -0 $pid && echo alive
kill -TERM $pid; wait $pid; echo "wait status $?"
sleep 30 & pid=$!; kill -KILL $pid; wait $pid; echo "kill status $?"
bash -c 'trap "echo child TERM; exit 3" TERM; kill -TERM $$; sleep 1'
echo "child exit $?"
( trap 'echo sub USR1' USR1; kill -USR1 $BASHPID; echo sub-done )
bash -c 'kill -SEGV $$' 2>/dev/null; echo "segv $?"
bash -c 'kill -HUP $$'; echo "hup $?"
( sleep 0.2; kill -USR2 $$ ) &
trap 'echo got USR2' USR2
wait; echo "waited"
sleep 10 & p1=$!; sleep 10 & p2=$!
kill $p1 $p2; wait $p1; r1=$?; wait $p2; echo "statuses $r1 $?"
trap 'echo alarm' ALRM; ( sleep 0.1; kill -ALRM $$ ) & wait
echo "ignore:"; bash -c 'trap "" TERM; kill -TERM $$; echo survived'
timeout -s INT 0.3 sleep 5; echo "timeout $?"
# Set last: with an EXIT trap, a forked child that is still bash when
# killed runs it (a race with its exec).
trap 'echo "exit trap status $?"' EXIT
exit 5
