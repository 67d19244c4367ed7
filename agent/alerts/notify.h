#ifndef SIGWATCH_NOTIFY_H
#define SIGWATCH_NOTIFY_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * Rendering alerts for receivers, and classifying their answers. Pure:
 * no network. An alert is a JSON object, schema "sigwatch.alert/1"
 * (documented in the README; this is what the generic webhook POSTs and
 * what state/outbox/<id>.json holds under "alert"):
 *
 * {
 *   "schema": "sigwatch.alert/1",
 *   "id": "a1b2c3d4e5f6a7b8",           16 hex chars, stable
 *   "kind": "signal" | "playbook-activated" | "source-broken" | "source-recovered",
 *   "created": "2026-11-23T10:00:00Z",
 *   "severity": "high",                 highest severity of its hits (signal,
 *                                       activation); "high" for source-broken,
 *                                       "info" for source-recovered
 *   "competitor": "cloudflare" | null,
 *   "playbook": null | {
 *     "id", "title", "competitor", "threat",
 *     "state": "watching" | "active",
 *     "signals_in_window": 1,            distinct signal rules within the window
 *     "distinct_needed": 2, "within_days": 90,
 *     "owners": ["@pmm"],
 *     "next_stage": {"name": "Month 1", "steps": ["..."]} | null,
 *     "stages": [{"name", "steps": [...]}],        full plan (activation)
 *     "dont": ["..."]
 *   },
 *   "hits": [ hit objects exactly as in state/hits/MONTH.jsonl (docs/
 *             formats.md, "A hit line") plus "rule_title" and "source_url"; at most 20 ],
 *   "hits_total": 3,                     hits in this alert before the cap
 *   "source": null | {"id", "url", "kind", "competitor",
 *                     "consecutive_failures", "last_error", "status"}
 * }
 *
 * All text in an alert is untrusted (it comes from feeds) except ids.
 */

/*
 * Slack incoming-webhook payload (Block Kit with a plain "text" fallback,
 * unfurl_links/unfurl_media false) for alert_json. Always valid JSON within
 * Slack's limits: <= 50 blocks, section text <= 3000 chars, header <= 150,
 * fields <= 10 x 2000, context <= 10 elements, total block text <= 8000,
 * "text" <= 4000. Untrusted text is escaped (& < >) before truncation on
 * a code-point boundary; links are built only from http(s) URLs with
 * | < > percent-encoded. The alert id appears in a context block.
 * malloc'd; NULL only when alert_json is not an alert object.
 */
char	*notify_slack_payload(const char *alert_json, size_t len);
/* a minimal text-only Slack payload for the same alert (retry after an
 * invalid_payload answer) */
char	*notify_slack_minimal(const char *alert_json, size_t len);

/*
 * The Slack message of an alert as a person reads it, in plain text (for
 * `run --dry-run --preview` and `digest --dry-run`): a rule line, the
 * header, every section, field and context line; links shown as
 * "label <url>", dates as their fallback text, mentions as @name,
 * entities decoded, bold markers and code backticks dropped. Ends with a
 * newline. malloc'd; NULL when alert_json is not an alert.
 */
char	*notify_preview(const char *alert_json, size_t len);
/* the same for a Slack payload already rendered */
char	*notify_preview_payload(const char *payload, size_t len);

/* the generic webhook body: the alert object itself, compact */
char	*notify_webhook_body(const char *alert_json, size_t len);
/*
 * Signature headers for the webhook body: "X-Sigwatch-Timestamp: T" and
 * "X-Sigwatch-Signature: sha256=HEX" where HEX = HMAC-SHA256(key,
 * T + "." + body). out_ts and out_sig are malloc'd full header lines.
 */
void	notify_webhook_sign(char **out_ts, char **out_sig, const char *key,
	    size_t keylen, const char *body, size_t len, int64_t now);

/* lowercase hex HMAC-SHA256(key, data) into out (65 bytes incl. NUL) */
void	notify_hmac_sha256_hex(char out[65], const void *key, size_t keylen,
	    const void *data, size_t len);

/* a one-line JSON rendering for the stdout notifier (no newline) */
char	*notify_stdout_line(const char *alert_json, size_t len);

enum deliver_verdict {
	DELIVER_OK,		/* 2xx */
	DELIVER_RETRY,		/* 5xx, network error, timeout: back off */
	DELIVER_RATELIMIT,	/* 429: honour Retry-After, stop this notifier
				 * for this run */
	DELIVER_PAYLOAD,	/* invalid_payload, no_text, invalid_blocks,
				 * msg_blocks_too_long...: retry once minimal,
				 * then dead */
	DELIVER_DEAD,		/* other permanent 4xx: dead letter */
	DELIVER_CONFIG		/* no_service, invalid_token, channel_*,
				 * action_prohibited, team_disabled...: dead
				 * letter and tell the operator loudly */
};

/*
 * Classify a receiver's answer. http_status 0 means no response (network
 * error or timeout). body is the response body (Slack answers "ok" or an
 * error string). reason gets a short reason such as
 * "410 channel_is_archived" (<= 127 chars, no secrets).
 */
enum deliver_verdict notify_classify(long http_status, const char *body,
	    char reason[128]);
const char *deliver_verdict_name(enum deliver_verdict);

#endif
