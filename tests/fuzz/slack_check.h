/*
 * A validator for Slack incoming-webhook payloads against the limits
 * notify.h promises (Slack's Block Kit limits, counted in code points):
 * <= 50 blocks, header plain_text <= 150, section text <= 3000, fields
 * <= 10 x 2000, context <= 10 elements, total block text <= 8000, "text"
 * <= 4000; every string valid UTF-8; and no mention or forged link syntax
 * reaching Slack from untrusted text: "<!", "<@" and "<#" never appear,
 * except notify's own <!date^...> and every "<" opens a link "<http(s)://...|label>" or "<http(s)://...>".
 * Shared by fuzz_slack.c and any test that wants it.
 */
#ifndef SIGWATCH_FUZZ_SLACK_CHECK_H
#define SIGWATCH_FUZZ_SLACK_CHECK_H

#include <stddef.h>

/* 0 if payload (length len) is valid; else -1 with a reason in why */
int	slack_check_payload(const char *payload, size_t len, char *why,
	    size_t whylen);

#endif
