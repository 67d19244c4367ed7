#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "notify.h"
#include "t.h"

/*
 * notify_webhook: the generic webhook's body and its HMAC-SHA256
 * signature. test_notify checks fixtures and RFC 4231 case 2; these are
 * the other vectors, binary keys and bodies, and the body's repairs.
 */

static void
test_notify_webhook__hmac_vectors(void)
{
	unsigned char key[131];
	char hex[65];

	/* RFC 4231 case 1: a binary key */
	memset(key, 0x0b, 20);
	notify_hmac_sha256_hex(hex, key, 20, "Hi There", 8);
	T_EQ_STR(hex, "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7");
	/* RFC 4231 case 6: a key longer than the block is hashed first */
	memset(key, 0xaa, sizeof(key));
	notify_hmac_sha256_hex(hex, key, sizeof(key), "Test Using Larger "
	    "Than Block-Size Key - Hash Key First", 54);
	T_EQ_STR(hex, "60e431591ee0b67f0d8a26aacbf5b77f"
	    "8e0bc6213728c5140546040f0ee37f54");
	/* empty key and empty message (NULL pointers with length 0) */
	notify_hmac_sha256_hex(hex, NULL, 0, NULL, 0);
	T_EQ_STR(hex, "b613679a0814d9ec772f95d778c35fc5"
	    "ff1697c493715653c6c712144292c5ad");
}

/* lengths, not NUL terminators, delimit key and data */
static void
test_notify_webhook__binary_lengths(void)
{
	char a[65], b[65];

	notify_hmac_sha256_hex(a, "k\0x", 3, "m", 1);
	notify_hmac_sha256_hex(b, "k", 1, "m", 1);
	T_ASSERT(strcmp(a, b) != 0);
	notify_hmac_sha256_hex(a, "k", 1, "m\0tail", 6);
	notify_hmac_sha256_hex(b, "k", 1, "m", 1);
	T_ASSERT(strcmp(a, b) != 0);
	T_EQ_INT(strspn(a, "0123456789abcdef"), 64);
}

/* the signature covers "T.body" with T as the header says, for any T
 * and a body with a NUL in it */
static void
test_notify_webhook__sign_edges(void)
{
	static const int64_t ts[] = { 0, -1, INT64_MAX };
	static const char *const want_ts[] = { "X-Sigwatch-Timestamp: 0",
	    "X-Sigwatch-Timestamp: -1",
	    "X-Sigwatch-Timestamp: 9223372036854775807" };
	static const char body[] = "{\"a\":1}\0{\"b\":2}";

	for (size_t i = 0; i < 3; i++) {
		struct buf msg = BUF_INIT, want = BUF_INIT;
		char *t = NULL, *s = NULL, hex[65];

		notify_webhook_sign(&t, &s, "key", 3, body, sizeof(body) - 1,
		    ts[i]);
		buf_addf(&msg, "%lld.", (long long)ts[i]);
		buf_add(&msg, body, sizeof(body) - 1);
		notify_hmac_sha256_hex(hex, "key", 3, msg.data, msg.len);
		buf_addf(&want, "X-Sigwatch-Signature: sha256=%s", hex);
		T_EQ_STR(t, want_ts[i]);
		T_EQ_STR(s, want.data);
		buf_release(&msg);
		buf_release(&want);
		free(t);
		free(s);
	}
}

/* the body is the alert, compact and in its order, repaired */
static void
test_notify_webhook__body(void)
{
	static const char a[] = "{ \"schema\" : \"sigwatch.alert/1\",\n"
	    "  \"kind\": \"signal\", \"id\": \"0123456789abcdef\",\n"
	    "  \"hits_total\": 9007199254740993, \"extra\": [1.5, null],\n"
	    "  \"competitor\": \"cloud\xff" "flare\", \"x\": \"a\\u0000b\" }";
	char *b = notify_webhook_body(a, sizeof(a) - 1);
	char *s = notify_stdout_line(a, sizeof(a) - 1);

	T_EQ_STR(b, "{\"schema\":\"sigwatch.alert/1\",\"kind\":\"signal\","
	    "\"id\":\"0123456789abcdef\",\"hits_total\":9007199254740993,"
	    "\"extra\":[1.5,null],\"competitor\":\"cloud\xef\xbf\xbd" "flare\","
	    "\"x\":\"a\\u0000b\"}");
	T_EQ_STR(s, b);
	free(b);
	free(s);
	/* not an alert: no body, no line */
	T_ASSERT(notify_webhook_body(NULL, 0) == NULL);
	T_ASSERT(notify_stdout_line("[1]", 3) == NULL);
	T_ASSERT(notify_stdout_line("{\"kind\":null}", 13) == NULL);
}

T_MAIN(T_CASE(test_notify_webhook__hmac_vectors),
    T_CASE(test_notify_webhook__binary_lengths),
    T_CASE(test_notify_webhook__sign_edges),
    T_CASE(test_notify_webhook__body))
