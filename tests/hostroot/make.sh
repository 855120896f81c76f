# make.sh - GNU make -j2 builds a small C project, then rebuilds nothing.
# requires: make gcc
for i in 1 2 3 4; do
	printf 'int f%d(void) { return %d; }\n' $i $i >f$i.c
done
cat >main.c <<'C'
#include <stdio.h>
int f1(void), f2(void), f3(void), f4(void);
int main(void) { printf("total %d\n", f1() + f2() + f3() + f4()); return 0; }
C
cat >Makefile <<'M'
OBJS = main.o f1.o f2.o f3.o f4.o
app: $(OBJS)
	@$(CC) -o $@ $(OBJS)
	@echo linked
%.o: %.c
	@$(CC) -c -o $@ $<
gen.txt:
	@for i in 1 2 3; do echo $$i; done >$@
.PHONY: clean
clean:
	@rm -f app $(OBJS)
M
make -j2 app gen.txt; echo "make $?"
./app; cat gen.txt
make -j2 app; echo "again $?"
touch -d '2099-01-01' f3.c; make -j2 -s app; echo "rebuilt $?"
make -q app; echo "uptodate $?"
make nosuchtarget 2>/dev/null; echo "missing $?"
make clean; ls *.o 2>/dev/null | wc -l
