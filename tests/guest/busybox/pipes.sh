# pipes.sh - pipelines through the text utilities.
echo hello | tr a-z A-Z
printf 'b\na\nc\na\nb\na\n' | sort | uniq -c | sed 's/^ *//'
printf 'one two\nthree\n' | wc -l
printf 'one two\nthree\n' | wc -w
printf 'abc' | wc -c
seq 1 100 | head -n 3
seq 1 100 | tail -n 2
seq 1 1000 | grep -c 7
seq 1 20 | grep -E '^1[3-5]$'
seq 1 20 | grep -v 1 | tr '\n' ' '
echo
echo 'foo bar baz' | sed -e 's/bar/BAR/' -e 's/^foo/FOO/'
echo 'a:b:c' | cut -d: -f2
echo 'x y z' | awk '{ print $3, $1; n = NF } END { print "fields", n }'
seq 1 5 | sort -rn | head -n 1
printf 'z\ny\nx\n' | sort | cat -n | sed 's/^ *//'
# a long pipeline and a pipe carrying more than a pipe buffer
seq 1 20000 | cat | cat | cat | wc -l
seq 1 50000 | sed 's/$/ padding padding padding/' | md5sum | cut -c1-32
yes abc | head -n 5000 | uniq -c | sed 's/^ *//'
# the status of a pipeline is its last command's
false | true; echo "pipe status $?"
true | false; echo "pipe status $?"
! false; echo "negated $?"
