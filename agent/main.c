#include <stdio.h>

int
main(void)
{
	fprintf(stderr, "sigwatch: under construction\n");
	return 70;
}
