#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "err.h"
#include "mail.h"
#include "util.h"
#include "t.h"

static int
parse(struct mail *m, const char *msg, struct err *err)
{
	return mail_parse(m, msg, strlen(msg), err);
}

static void
test_mail__headers(void)
{
	struct mail m;
	struct err err = ERR_INIT;
	char ts[32];

	T_EQ_INT(parse(&m,
	    "From: Alice Example <Alice@Example.COM>\r\n"
	    "To: competitive@example.com\r\n"
	    "Subject: RFP from ACME: VPN replacement\r\n"
	    "Message-ID: <abc.123@mail.example.com>\r\n"
	    "Date: Tue, 03 Nov 2026 10:15:00 +0100\r\n"
	    "\r\n"
	    "They asked for SSH access\r\nto servers.\r\n", &err), 0);
	T_EQ_STR(m.item.id, "abc.123@mail.example.com");
	T_EQ_STR(m.item.title, "RFP from ACME: VPN replacement");
	T_EQ_STR(m.item.author, "Alice Example <Alice@Example.COM>");
	T_EQ_STR(m.sender, "alice@example.com");
	fmt_time(ts, m.item.published);
	T_EQ_STR(ts, "2026-11-03T09:15:00Z");
	T_EQ_STR(m.item.text, "They asked for SSH access\nto servers.");
	T_EQ_INT(m.nattachments, 0);
	mail_release(&m);
}

static void
test_mail__rfc2047(void)
{
	struct mail m;
	struct err err = ERR_INIT;

	T_EQ_INT(parse(&m,
	    "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <jm@example.com>\n"
	    "Subject: =?ISO-8859-1?Q?R=E9sum=E9_du_RFP?= =?UTF-8?Q?_=E2=80=94_cloudflare?=\n"
	    "\n"
	    "body\n", &err), 0);
	T_EQ_STR(m.item.title, "R\xc3\xa9sum\xc3\xa9 du RFP \xe2\x80\x94 "
	    "cloudflare");
	T_EQ_STR(m.item.author, "J\xc3\xbcrgen M\xc3\xbcller <jm@example.com>");
	mail_release(&m);
}

static void
test_mail__charsets(void)
{
	struct mail m;
	struct err err = ERR_INIT;

	/* quoted-printable latin-1 */
	T_EQ_INT(parse(&m,
	    "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=iso-8859-1\n"
	    "Content-Transfer-Encoding: quoted-printable\n\n"
	    "caf=E9 cr=E8me=\n continued\n", &err), 0);
	T_EQ_STR(m.item.text, "caf\xc3\xa9 cr\xc3\xa8me continued");
	mail_release(&m);
	/* base64 KOI8-R */
	T_EQ_INT(parse(&m,
	    "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=koi8-r\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "8NLJ18XU\n", &err), 0);
	T_EQ_STR(m.item.text, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5"
	    "\xd1\x82");
	mail_release(&m);
	/* declared UTF-8, invalid bytes: U+FFFD, still valid UTF-8 */
	T_EQ_INT(parse(&m,
	    "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n\n"
	    "ok \xff\xfe end\n", &err), 0);
	T_ASSERT(utf8_valid(m.item.text, strlen(m.item.text)));
	T_CONTAINS(m.item.text, "ok ");
	T_CONTAINS(m.item.text, "end");
	mail_release(&m);
	/* a label nobody knows: an error for this message */
	T_ASSERT(parse(&m,
	    "From: a@example.com\nSubject: x\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=x-no-such-charset\n\n"
	    "text\n", &err) < 0);
	T_CONTAINS(err.msg, "unknown charset 'x-no-such-charset'");
	T_ASSERT(m.item.id == NULL);
}

#define ALT_HEAD							\
	"From: a@example.com\nSubject: alt\nMIME-Version: 1.0\n"	\
	"Content-Type: multipart/alternative; boundary=\"b1\"\n\n"

static void
test_mail__alternative(void)
{
	struct mail m;
	struct err err = ERR_INIT;

	T_EQ_INT(parse(&m, ALT_HEAD
	    "--b1\nContent-Type: text/plain; charset=utf-8\n\n"
	    "plain version\n"
	    "--b1\nContent-Type: text/html; charset=utf-8\n\n"
	    "<p>html <b>version</b></p>\n"
	    "--b1--\n", &err), 0);
	T_EQ_STR(m.item.text, "plain version");
	mail_release(&m);
	/* no plain part: the HTML, as text */
	T_EQ_INT(parse(&m, ALT_HEAD
	    "--b1\nContent-Type: text/html; charset=windows-1252\n\n"
	    "<p>mesh <b>networking</b></p><script>x()</script>"
	    "<p>na\xefve</p>\n"
	    "--b1--\n", &err), 0);
	T_EQ_STR(m.item.text, "mesh networking\nna\xc3\xafve");
	mail_release(&m);
	/* a blank plain part gives way to the HTML one */
	T_EQ_INT(parse(&m, ALT_HEAD
	    "--b1\nContent-Type: text/plain\n\n \n"
	    "--b1\nContent-Type: text/html\n\n<div>only here</div>\n"
	    "--b1--\n", &err), 0);
	T_EQ_STR(m.item.text, "only here");
	mail_release(&m);
}

static void
test_mail__nested_and_attachments(void)
{
	struct mail m;
	struct err err = ERR_INIT;

	T_EQ_INT(parse(&m,
	    "From: Bob <bob@example.com>\nSubject: fwd RFP\n"
	    "MIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=outer\n\n"
	    "--outer\n"
	    "Content-Type: multipart/alternative; boundary=inner\n\n"
	    "--inner\nContent-Type: text/plain\n\nSee the RFP below.\n"
	    "--inner\nContent-Type: text/html\n\n<p>See the RFP</p>\n"
	    "--inner--\n"
	    "--outer\n"
	    "Content-Type: application/pdf; name=\"rfp.pdf\"\n"
	    "Content-Disposition: attachment; filename=\"rfp.pdf\"\n"
	    "Content-Transfer-Encoding: base64\n\n"
	    "JVBERi0xLjQKc2VjcmV0IGNvbnRlbnQ=\n"
	    "--outer\n"
	    "Content-Type: text/plain\n"
	    "Content-Disposition: attachment;\n"
	    " filename*=UTF-8''r%C3%A9sum%C3%A9.txt\n\n"
	    "attached text is not read\n"
	    "--outer\n"
	    "Content-Type: message/rfc822\n\n"
	    "From: Carol <carol@customer.example>\n"
	    "Subject: Our requirements\n"
	    "Content-Type: text/plain\n\n"
	    "Replace the VPN and give engineers database access.\n"
	    "--outer--\n", &err), 0);
	T_CONTAINS(m.item.text, "See the RFP below.");
	T_CONTAINS(m.item.text, "Forwarded message");
	T_CONTAINS(m.item.text, "Subject: Our requirements");
	T_CONTAINS(m.item.text, "carol@customer.example");
	T_CONTAINS(m.item.text, "Replace the VPN and give engineers database "
	    "access.");
	T_CONTAINS(m.item.text, "Attachments:\n- rfp.pdf (application/pdf)\n"
	    "- r\xc3\xa9sum\xc3\xa9.txt (text/plain)");
	T_ASSERT(strstr(m.item.text, "secret content") == NULL);
	T_ASSERT(strstr(m.item.text, "is not read") == NULL);
	T_ASSERT(strstr(m.item.text, "See the RFP\n") == NULL);
	T_EQ_INT(m.nattachments, 2);
	mail_release(&m);
}

static void
test_mail__ids(void)
{
	struct mail a, b;
	struct err err = ERR_INIT;
	const char *msg = "From: a@example.com\nSubject: no id\n\nbody\n";

	T_EQ_INT(parse(&a, msg, &err), 0);
	T_EQ_INT(parse(&b, msg, &err), 0);
	T_ASSERT(strncmp(a.item.id, "sha256:", 7) == 0);
	T_EQ_STR(a.item.id, b.item.id);
	T_ASSERT(a.item.published == TIME_NONE);
	mail_release(&a);
	mail_release(&b);
	/* several From addresses: no sender, so no allow-list match */
	T_EQ_INT(parse(&a, "From: a@example.com, b@example.com\n"
	    "Subject: s\n\nbody\n", &err), 0);
	T_ASSERT(a.sender == NULL);
	mail_release(&a);
	T_EQ_INT(parse(&a, "Subject: no sender\n\nbody\n", &err), 0);
	T_ASSERT(a.sender == NULL);
	T_EQ_STR(a.item.title, "no sender");
	mail_release(&a);
}

static void
test_mail__limits(void)
{
	struct mail m;
	struct err err = ERR_INIT;
	struct buf b = BUF_INIT;

	/* nesting */
	buf_addstr(&b, "From: a@example.com\nSubject: deep\nMIME-Version: 1.0\n");
	for (int i = 0; i < MAIL_MAX_DEPTH + 4; i++)
		buf_addf(&b, "Content-Type: multipart/mixed; boundary=b%d\n\n"
		    "--b%d\n", i, i);
	buf_addstr(&b, "Content-Type: text/plain\n\ndeep text\n");
	T_ASSERT(mail_parse(&m, b.data, b.len, &err) < 0);
	T_CONTAINS(err.msg, "nested deeper than 16 levels");
	/* too many parts */
	buf_reset(&b);
	buf_addstr(&b, "From: a@example.com\nSubject: many\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=x\n\n");
	for (int i = 0; i < MAIL_MAX_PARTS + 10; i++)
		buf_addf(&b, "--x\nContent-Type: text/plain\n\npart %d\n", i);
	buf_addstr(&b, "--x--\n");
	T_ASSERT(mail_parse(&m, b.data, b.len, &err) < 0);
	T_CONTAINS(err.msg, "more than 256 MIME parts");
	/* huge headers */
	buf_reset(&b);
	buf_addstr(&b, "From: a@example.com\nSubject: ");
	for (int i = 0; i < 70000; i++)
		buf_addch(&b, 'A' + i % 26);
	buf_addstr(&b, "\n\nbody\n");
	T_ASSERT(mail_parse(&m, b.data, b.len, &err) < 0);
	T_CONTAINS(err.msg, "header fields larger than 64 KiB");
	/* many small ones */
	buf_reset(&b);
	buf_addstr(&b, "From: a@example.com\n");
	for (int i = 0; i < 5000; i++)
		buf_addf(&b, "X-Filler-%d: some value here\n", i);
	buf_addstr(&b, "\nbody\n");
	T_ASSERT(mail_parse(&m, b.data, b.len, &err) < 0);
	T_CONTAINS(err.msg, "header fields larger than");
	/* a long subject under the limit is cut, not an error */
	buf_reset(&b);
	buf_addstr(&b, "From: a@example.com\nSubject: ");
	for (int i = 0; i < 2000; i++)
		buf_addstr(&b, "\xc3\xa9");
	buf_addstr(&b, "\n\nbody\n");
	T_EQ_INT(mail_parse(&m, b.data, b.len, &err), 0);
	T_ASSERT(strlen(m.item.title) <= MAIL_MAX_TITLE);
	T_ASSERT(utf8_valid(m.item.title, strlen(m.item.title)));
	mail_release(&m);
	T_ASSERT(mail_parse(&m, "", 0, &err) < 0);
	buf_release(&b);
}

T_MAIN(
	T_CASE(test_mail__headers),
	T_CASE(test_mail__rfc2047),
	T_CASE(test_mail__charsets),
	T_CASE(test_mail__alternative),
	T_CASE(test_mail__nested_and_attachments),
	T_CASE(test_mail__ids),
	T_CASE(test_mail__limits),
)
