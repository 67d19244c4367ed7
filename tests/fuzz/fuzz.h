/*
 * Shared by the fuzz targets (tests/fuzz/fuzz_*.c). Each target defines
 * LLVMFuzzerInitialize() and LLVMFuzzerTestOneInput(); under clang they
 * link with libFuzzer (make fuzz), under gcc with standalone.c, which
 * replays corpus directories (make check-fuzz, make test).
 *
 * A check that fails calls abort(), so both libFuzzer and the replay
 * driver report it as a crash with the input that caused it.
 */
#ifndef SIGWATCH_FUZZ_H
#define SIGWATCH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(c) do {						\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		abort();						\
	}								\
} while (0)

/* 1 if s[0..n) is strict UTF-8 (no overlongs, surrogates, > U+10FFFF) */
int	fuzz_utf8_valid(const char *s, size_t n);
/* same for a NUL-terminated string; NULL counts as valid */
int	fuzz_utf8_str(const char *s);
/* number of code points of valid UTF-8 s */
size_t	fuzz_utf8_count(const char *s);
/* a private temporary directory, created once, removed at exit */
const char *fuzz_tmpdir(void);
/* write n bytes to path (truncating); aborts on I/O errors */
void	fuzz_write_file(const char *path, const void *d, size_t n);
/* a malloc'd copy of data, NUL-terminated (the NUL is not part of size) */
char	*fuzz_strndup(const uint8_t *data, size_t size);

#endif
