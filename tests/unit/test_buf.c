#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "t.h"

/* struct buf: the invariants (never NULL, always NUL-terminated) */

static void
test_buf__init_is_empty_string(void)
{
	struct buf b = BUF_INIT, c;

	T_ASSERT(b.data != NULL);
	T_EQ_STR(b.data, "");
	T_EQ_INT(b.len, 0);
	buf_init(&c);
	T_EQ_STR(c.data, "");
	/* releasing an untouched buffer frees nothing and stays usable */
	buf_release(&b);
	T_EQ_STR(b.data, "");
	T_EQ_INT(b.alloc, 0);
}

static void
test_buf__add(void)
{
	struct buf b = BUF_INIT;

	buf_addstr(&b, "ab");
	buf_addch(&b, 'c');
	buf_add(&b, "d\0e", 3);		/* embedded NUL kept */
	T_EQ_INT(b.len, 6);
	T_ASSERT(memcmp(b.data, "abcd\0e", 7) == 0);
	buf_addf(&b, "%d-%s", 42, "x");
	T_EQ_INT(b.len, 10);
	T_EQ_STR(b.data + 6, "42-x");
	buf_release(&b);
}

static void
test_buf__addf_long(void)
{
	struct buf b = BUF_INIT;
	char big[5000];

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_addstr(&b, "<");
	buf_addf(&b, "%s>", big);
	T_EQ_INT(b.len, sizeof(big) + 1);
	T_EQ_INT(b.data[b.len - 1], '>');
	T_EQ_INT(b.data[b.len], '\0');
	buf_release(&b);
}

static void
test_buf__utf8(void)
{
	struct buf b = BUF_INIT;

	buf_add_utf8(&b, 'A');
	buf_add_utf8(&b, 0xe9);		/* 2 bytes */
	buf_add_utf8(&b, 0x20ac);	/* 3 bytes */
	buf_add_utf8(&b, 0x1f600);	/* 4 bytes */
	T_EQ_STR(b.data, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	buf_reset(&b);
	/* NUL, a surrogate and past U+10FFFF become U+FFFD */
	buf_add_utf8(&b, 0);
	buf_add_utf8(&b, 0xd800);
	buf_add_utf8(&b, 0x110000);
	T_EQ_STR(b.data, "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	buf_release(&b);
}

static void
test_buf__reset_truncate(void)
{
	struct buf b = BUF_INIT;
	size_t alloc;

	buf_addstr(&b, "hello world");
	alloc = b.alloc;
	buf_truncate(&b, 5);
	T_EQ_STR(b.data, "hello");
	T_EQ_INT(b.len, 5);
	buf_reset(&b);
	T_EQ_STR(b.data, "");
	T_EQ_INT(b.alloc, alloc);	/* memory kept */
	buf_release(&b);
}

static void
test_buf__grow(void)
{
	struct buf b = BUF_INIT;

	buf_grow(&b, 1000);
	T_ASSERT(b.alloc >= 1001);
	T_EQ_INT(b.len, 0);
	T_EQ_STR(b.data, "");
	buf_release(&b);
}

static void
test_buf__detach(void)
{
	struct buf b = BUF_INIT;
	size_t len = 99;
	char *s;

	/* an empty buffer still hands out malloc'd memory */
	s = buf_detach(&b, &len);
	T_ASSERT(s != NULL && s != buf_empty);
	T_EQ_INT(len, 0);
	T_EQ_STR(s, "");
	free(s);
	buf_addstr(&b, "kept");
	s = buf_detach(&b, NULL);
	T_EQ_STR(s, "kept");
	/* the buffer is back to BUF_INIT */
	T_EQ_INT(b.len, 0);
	T_EQ_STR(b.data, "");
	free(s);
	buf_release(&b);
}

T_MAIN(
	T_CASE(test_buf__init_is_empty_string),
	T_CASE(test_buf__add),
	T_CASE(test_buf__addf_long),
	T_CASE(test_buf__utf8),
	T_CASE(test_buf__reset_truncate),
	T_CASE(test_buf__grow),
	T_CASE(test_buf__detach),
)
