# gcc.sh - gcc compiles, links (dynamic, -pthread) and runs a C program.
# requires: gcc
cat >prog.c <<'C'
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static long sum;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static void *run(void *arg)
{
	for (long i = 0; i < 100000; i++) {
		pthread_mutex_lock(&mu);
		sum += (long)arg;
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}
int main(int argc, char **argv)
{
	pthread_t t[4];
	char *s = malloc(64);
	strcpy(s, argc > 1 ? argv[1] : "none");
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, run, (void *)(i + 1));
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("arg %s sum %ld\n", s, sum);
	free(s);
	return 11;
}
C
gcc -O2 -Wall -pthread -o prog prog.c && echo compiled
./prog hello; echo "prog exit $?"
gcc -c -o lib.o -x c - <<'C'
int twice(int x) { return 2 * x; }
C
printf 'int twice(int);\n#include <stdio.h>\nint main(void){printf("%%d\\n", twice(21));return 0;}\n' >main.c
gcc -o m main.c lib.o && ./m
gcc -E -dM -x c /dev/null | grep -c __x86_64__
gcc -x c -o bad - <<<'int main(void) { return undeclared; }' 2>/dev/null; echo "bad exit $?"
