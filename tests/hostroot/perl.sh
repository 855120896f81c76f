# perl.sh - perl: regexes, hashes, sorting, file I/O, fork, pipes.
# requires: perl
perl -e '
use strict; use warnings;
my %h; $h{$_ % 7}++ for 1 .. 100;
print join(",", map { "$_=$h{$_}" } sort { $a <=> $b } keys %h), "\n";
my $s = "The quick brown fox jumps over the lazy dog";
my @w = ($s =~ /\b(\w{5})\b/g); print "@w\n";
(my $t = $s) =~ s/(\w+)/\u\L$1/g; print "$t\n";
printf "%08.3f|%-6s|%x\n", 3.14159, "ab", 48879;
open(my $fh, ">", "f.txt") or die; print $fh "line$_\n" for 1 .. 5; close $fh;
open($fh, "<", "f.txt") or die; my @l = <$fh>; close $fh;
print scalar(@l), " lines, last $l[-1]";
my @st = stat("f.txt"); print "size $st[7]\n";
pipe(my $r, my $w) or die;
my $pid = fork() // die;
if ($pid == 0) { close $r; print $w "from child $$\n" =~ s/\d+/N/r; exit 9 }
close $w; my $got = <$r>; waitpid($pid, 0);
print "child: $got", "status ", $? >> 8, "\n";
open(my $p, "-|", "echo", "via", "pipe-open") or die; print <$p>; close $p;
my $out = `printf "%s\\n" c a b | sort`; print $out;
opendir(my $d, ".") or die; print join(" ", sort grep { !/^\./ } readdir $d), "\n";
local $SIG{ALRM} = sub { print "alarm\n" }; alarm 1; sleep 2;
print "sorted: @{[sort { $b <=> $a } 10, 2, 33]}\n";
exit 6;
'
echo "perl exit $?"
