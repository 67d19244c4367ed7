#include <stdlib.h>
#include <string.h>

#include "notify.h"
#include "t.h"

/*
 * notify_preview: a Slack payload as a person reads it. test_notify
 * previews a whole alert; these feed hand-made payloads, one mrkdwn
 * construct at a time, and compare the whole text.
 */

#define RULE "\xe2\x94\x80\xe2\x94\x80 Slack message " \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" \
	"\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\n"

static void
preview_is(const char *payload, const char *want)
{
	char *p = notify_preview_payload(payload, strlen(payload));

	T_EQ_STR(p, want);
	free(p);
}

static void
test_notify_preview__blocks(void)
{
	preview_is("{\"text\":\"fallback\",\"blocks\":["
	    "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\","
	    "\"text\":\"*Hdr* &lt;b&gt; `x`\"}},"
	    "{\"type\":\"section\",\"fields\":[{\"type\":\"mrkdwn\","
	    "\"text\":\"line1\\nline2\"},{\"type\":\"plain_text\","
	    "\"text\":\"f2\"}]},"
	    "{\"type\":\"context\",\"elements\":[{\"type\":\"mrkdwn\","
	    "\"text\":\"ctx1\"},{\"type\":\"image\",\"image_url\":\"u\"}]},"
	    "{\"type\":\"divider\"},{\"text\":\"no type\"},"
	    "{\"type\":\"header\",\"text\":{\"type\":\"plain_text\","
	    "\"text\":\"second\"}}]}",
	    RULE
	    "*Hdr* <b> `x`\n"		/* plain text: only entities */
	    "  line1\n  line2\n"	/* fields indented, line by line */
	    "  f2\n"
	    "\n  \xc2\xb7 ctx1\n"	/* context, apart from the fields */
	    "\n"			/* the divider */
	    "second\n");		/* a header needs no gap */
}

/* what each mrkdwn construct reads as */
static void
test_notify_preview__mrkdwn(void)
{
	preview_is("{\"blocks\":[{\"type\":\"section\",\"text\":{\"type\":"
	    "\"mrkdwn\",\"text\":\"*Bold* `code` a*b 2*3 "
	    "<https://x.example/a|Label &amp; co> <https://bare.example/> "
	    "<@U123> <#C1> <!here> <!date^1795420800^{date}|Nov 23> "
	    "5 &lt; 6 &amp;lt; <unclosed *star\"}}]}",
	    RULE "Bold code a*b 2*3 Label & co <https://x.example/a> "
	    "https://bare.example/ @U123 #C1 @here Nov 23 5 < 6 &lt; "
	    "<unclosed star\n");
}

/* a payload without blocks shows its text; odd payloads show nothing */
static void
test_notify_preview__text_only_and_odd(void)
{
	preview_is("{\"text\":\"*hi* &amp; <https://a.example/|A>\","
	    "\"blocks\":[]}", RULE "hi & A <https://a.example/>\n");
	preview_is("{}", RULE);
	preview_is("[1,2]", RULE);
	preview_is("{\"blocks\":{\"type\":\"section\"}}", RULE);
	T_ASSERT(notify_preview_payload("{\"text\":", 8) == NULL);
	T_ASSERT(notify_preview_payload("", 0) == NULL);
	/* an alert is required for the alert's preview */
	T_ASSERT(notify_preview("{\"text\":\"x\"}", 12) == NULL);
	T_ASSERT(notify_preview("garbage", 7) == NULL);
}

T_MAIN(T_CASE(test_notify_preview__blocks),
    T_CASE(test_notify_preview__mrkdwn),
    T_CASE(test_notify_preview__text_only_and_odd))
