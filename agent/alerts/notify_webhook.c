/*
 * The generic webhook: the alert object as the body, signed with
 * HMAC-SHA256; the stdout notifier's line (notify.h).
 */
#include "notify.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "buf.h"
#include "notify_int.h"
#include "util.h"
#include "xmalloc.h"

json_t *
notify_alert_load(const char *json, size_t len)
{
	struct buf b = BUF_INIT;
	json_error_t jerr;
	json_t *root;

	if (json == NULL)
		return NULL;
	buf_add(&b, json, len);
	/* invalid UTF-8 and raw control bytes would make jansson refuse
	 * the whole alert: repair instead (inside JSON strings raw control
	 * characters are invalid anyway, and outside they are whitespace) */
	utf8_repair(&b);
	root = json_loadb(b.data, b.len, JSON_ALLOW_NUL, &jerr);
	buf_release(&b);
	if (root == NULL)
		return NULL;
	if (!json_is_object(root) ||
	    !json_is_string(json_object_get(root, "kind"))) {
		json_decref(root);
		return NULL;
	}
	return root;
}

char *
notify_json_dump(json_t *root)
{
	/* NULL only for memory: root is built by us */
	char *s = xalloc_check(json_dumps(root, JSON_COMPACT));
	char *r;

	r = xstrdup(s);
	free(s);
	return r;
}

char *
notify_webhook_body(const char *alert_json, size_t len)
{
	json_t *a;
	char *r;

	if ((a = notify_alert_load(alert_json, len)) == NULL)
		return NULL;
	r = notify_json_dump(a);
	json_decref(a);
	return r;
}

char *
notify_stdout_line(const char *alert_json, size_t len)
{
	/* compact JSON escapes every newline inside strings */
	return notify_webhook_body(alert_json, len);
}

void
notify_hmac_sha256_hex(char out[65], const void *key, size_t keylen,
    const void *data, size_t len)
{
	static const unsigned char nokey[1];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (keylen > 0x7fffffff)
		BUG("HMAC key too long");
	if (HMAC(EVP_sha256(), keylen ? key : nokey, (int)keylen,
	    data ? data : nokey, len, md, &mdlen) == NULL || mdlen != 32)
		BUG("HMAC-SHA256 failed");
	digest_hex(out, md);
}

void
notify_webhook_sign(char **out_ts, char **out_sig, const char *key,
    size_t keylen, const char *body, size_t len, int64_t now)
{
	struct buf msg = BUF_INIT, h = BUF_INIT;
	char hex[65];

	buf_addf(&msg, "%lld.", (long long)now);
	buf_add(&msg, body, len);
	notify_hmac_sha256_hex(hex, key, keylen, msg.data, msg.len);
	buf_addf(&h, "X-Sigwatch-Timestamp: %lld", (long long)now);
	*out_ts = buf_detach(&h, NULL);
	buf_addf(&h, "X-Sigwatch-Signature: sha256=%s", hex);
	*out_sig = buf_detach(&h, NULL);
	OPENSSL_cleanse(msg.data, msg.len);
	buf_release(&msg);
}

