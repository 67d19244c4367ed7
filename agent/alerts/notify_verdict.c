/*
 * Classifying a receiver's answer (HTTP status and body) into a delivery
 * verdict (notify.h).
 */
#include "notify.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "json_util.h"

static const char *const payload_errors[] = {
	"invalid_payload", "no_text", "invalid_blocks",
	"invalid_blocks_format", "msg_blocks_too_long",
	"missing_text_or_fallback_or_attachments", "too_many_attachments",
	NULL
};

static const char *const config_errors[] = {
	"no_service", "invalid_token", "channel_not_found",
	"channel_is_archived", "action_prohibited",
	"posting_to_general_channel_denied", "team_disabled", "no_team",
	"no_active_hooks", "user_not_found", NULL
};

static int
in_list(const char *const *l, const char *s)
{
	for (; *l != NULL; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

/* printable ASCII, whitespace runs as one space, at most max chars */
static void
safe_copy(char *out, size_t outsz, const char *s, size_t max)
{
	size_t n = 0;
	int sp = 0;

	for (; s != NULL && *s != '\0' && n + 1 < outsz && n < max; s++) {
		unsigned char c = (unsigned char)*s;

		if (isspace(c)) {
			sp = n > 0;
			continue;
		}
		if (sp && n + 2 < outsz && n + 1 < max)
			out[n++] = ' ';
		sp = 0;
		out[n++] = c >= 0x21 && c <= 0x7e ? (char)c : '?';
	}
	out[n] = '\0';
}

/*
 * The error word of a receiver's body: Slack's plain "invalid_token", or
 * the "error" member of a JSON body {"ok":false,"error":"..."}.
 */
static void
body_token(char tok[64], const char *body)
{
	size_t n = 0;

	tok[0] = '\0';
	if (body == NULL)
		return;
	while (isspace((unsigned char)*body))
		body++;
	if (*body == '{') {
		json_error_t jerr;
		json_t *j = json_loads(body, 0, &jerr);
		const char *e;

		if (j == NULL)
			return;
		e = json_str(j, "error");
		if (e != NULL)
			safe_copy(tok, 64, e, 63);
		json_decref(j);
		for (n = 0; tok[n] != '\0'; n++)
			if (tok[n] == ' ') {
				tok[n] = '\0';
				break;
			}
		return;
	}
	while (n < 63 && (islower((unsigned char)body[n]) ||
	    isdigit((unsigned char)body[n]) || body[n] == '_'))
		n++;
	memcpy(tok, body, n);
	tok[n] = '\0';
}

enum deliver_verdict
notify_classify(long http_status, const char *body, char reason[128])
{
	char tok[64], text[96];

	body_token(tok, body);
	safe_copy(text, sizeof(text), body, 80);
	if (http_status == 0) {
		snprintf(reason, 128, "no response");
		return DELIVER_RETRY;
	}
	if (http_status >= 200 && http_status <= 299) {
		snprintf(reason, 128, "%ld ok", http_status);
		return DELIVER_OK;
	}
	if (http_status == 429) {
		snprintf(reason, 128, "429 %s", tok[0] ? tok : "rate limited");
		return DELIVER_RATELIMIT;
	}
	if (http_status >= 500 && http_status <= 599) {
		if (tok[0])
			snprintf(reason, 128, "%ld %s", http_status, tok);
		else
			snprintf(reason, 128, "HTTP %ld", http_status);
		return DELIVER_RETRY;
	}
	if (http_status >= 300 && http_status <= 399) {
		snprintf(reason, 128, "%ld unexpected redirect", http_status);
		return DELIVER_DEAD;
	}
	if (http_status >= 400 && http_status <= 499) {
		if (tok[0] && in_list(config_errors, tok)) {
			snprintf(reason, 128, "%ld %s", http_status, tok);
			return DELIVER_CONFIG;
		}
		if (tok[0] && in_list(payload_errors, tok)) {
			snprintf(reason, 128, "%ld %s", http_status, tok);
			return DELIVER_PAYLOAD;
		}
		if (http_status == 413) {
			/* too large for this receiver: the minimal text may
			 * still pass */
			snprintf(reason, 128, "413 payload too large");
			return DELIVER_PAYLOAD;
		}
		if (http_status == 408) {
			snprintf(reason, 128, "408 request timeout");
			return DELIVER_RETRY;
		}
		if (tok[0] && tok[0] != '\0' && strlen(tok) == strlen(text))
			snprintf(reason, 128, "%ld %s", http_status, tok);
		else if (text[0])
			snprintf(reason, 128, "HTTP %ld: %s", http_status, text);
		else
			snprintf(reason, 128, "HTTP %ld", http_status);
		return DELIVER_DEAD;
	}
	/* 1xx as a final answer, or nonsense: try again later */
	snprintf(reason, 128, "unexpected HTTP status %ld", http_status);
	return DELIVER_RETRY;
}

const char *
deliver_verdict_name(enum deliver_verdict v)
{
	switch (v) {
	case DELIVER_OK:
		return "ok";
	case DELIVER_RETRY:
		return "retry";
	case DELIVER_RATELIMIT:
		return "ratelimit";
	case DELIVER_PAYLOAD:
		return "payload";
	case DELIVER_DEAD:
		return "dead";
	case DELIVER_CONFIG:
		return "config";
	}
	return "unknown";
}
