#include "mail.h"

#include <ctype.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "extract.h"
#include "util.h"
#include "xmalloc.h"

#define MAIL_MAX_ID		256	/* longer Message-IDs are hashed */
#define MAIL_MAX_NAME		200	/* attachment names as listed */

static int mail_inited;

void
mail_global_init(void)
{
	if (mail_inited)
		return;
	mail_inited = 1;
	g_mime_init();
}

/* what a walk over the MIME tree collects */
struct walk {
	struct buf	 text;		/* body text, UTF-8 */
	struct buf	 attach;	/* "- name (type)\n" lines */
	size_t		 parts, nattach, header_bytes;
	struct err	*err;
};

static int walk_object(struct walk *, GMimeObject *, int depth);

/*
 * Untrusted header text as one clean line: valid UTF-8, controls and
 * runs of white space made one space, trimmed, at most max bytes.
 */
static void
add_line(struct buf *out, const char *s, size_t max)
{
	struct buf b = BUF_INIT;
	size_t start = out->len;
	int space = 0;

	if (s == NULL)
		return;
	buf_addstr(&b, s);
	utf8_repair(&b);
	for (size_t i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.data[i];

		if (c < 0x20 || c == 0x7f || c == ' ') {
			space = out->len > start;
			continue;
		}
		if (space)
			buf_addch(out, ' ');
		space = 0;
		buf_addch(out, c);
	}
	buf_release(&b);
	if (out->len - start > max)
		buf_truncate(out, start + utf8_trunc(out->data + start,
		    out->len - start, max));
}

static char *
clean_line(const char *s, size_t max)
{
	struct buf b = BUF_INIT;

	add_line(&b, s, max);
	return buf_detach(&b, NULL);
}

/* a label for messages: printable ASCII only, short */
static void
safe_label(char out[48], const char *s)
{
	size_t n = 0;

	for (; s && *s && n < 40; s++)
		out[n++] = isprint((unsigned char)*s) ? *s : '?';
	out[n] = '\0';
}

/* count an object's header fields against MAIL_MAX_HEADER_BYTES */
static int
count_headers(struct walk *w, GMimeObject *obj)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	int n = hl ? g_mime_header_list_get_count(hl) : 0;

	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = g_mime_header_get_name(h);
		const char *raw = g_mime_header_get_raw_value(h);

		w->header_bytes += (name ? strlen(name) : 0) +
		    (raw ? strlen(raw) : 0) + 2;
		if (w->header_bytes > MAIL_MAX_HEADER_BYTES)
			return err_set(w->err, ERR_TOOLARGE, "header fields "
			    "larger than %d KiB", MAIL_MAX_HEADER_BYTES / 1024);
	}
	return 0;
}

/*
 * The charset to convert a text part from, or NULL for UTF-8 (no
 * conversion). As browsers do (WHATWG), iso-8859-1 and us-ascii mean
 * windows-1252; "unknown-8bit", which some mailers write when they do
 * not know, is read the same way.
 */
static const char *
from_charset(const char *label)
{
	if (label == NULL || *label == '\0' || strcasecmp(label, "utf-8") == 0
	    || strcasecmp(label, "utf8") == 0)
		return NULL;
	if (strcasecmp(label, "unknown-8bit") == 0 ||
	    strcasecmp(label, "x-unknown") == 0)
		return "windows-1252";
	return extract_charset(label);
}

/* the transfer-decoded content of a text part, in UTF-8 */
static int
part_text(struct buf *out, GMimePart *part, struct err *err)
{
	GMimeContentType *ct = g_mime_object_get_content_type(
	    GMIME_OBJECT(part));
	const char *label = g_mime_content_type_get_parameter(ct, "charset");
	const char *cs = from_charset(label);
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *mem, *filtered;
	GMimeFilter *f;
	GByteArray *ba;
	char safe[48];

	if (dw == NULL)
		return 0;
	mem = g_mime_stream_mem_new();
	if (cs != NULL) {
		if ((f = g_mime_filter_charset_new(cs, "UTF-8")) == NULL) {
			g_object_unref(mem);
			safe_label(safe, label);
			return err_set(err, ERR_PARSE, "text part in unknown "
			    "charset '%s'", safe);
		}
		filtered = g_mime_stream_filter_new(mem);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), f);
		g_object_unref(f);
		g_mime_data_wrapper_write_to_stream(dw, filtered);
		g_mime_stream_flush(filtered);
		g_object_unref(filtered);
	} else
		g_mime_data_wrapper_write_to_stream(dw, mem);
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	if (ba != NULL && ba->len > 0)
		buf_add(out, ba->data, ba->len);
	g_object_unref(mem);
	utf8_repair(out);
	return 0;
}

static void
list_part(struct walk *w, GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	const char *name = GMIME_IS_PART(obj) ?
	    g_mime_part_get_filename(GMIME_PART(obj)) : NULL;
	size_t start;

	buf_addstr(&w->attach, "- ");
	start = w->attach.len;
	add_line(&w->attach, name, MAIL_MAX_NAME);
	if (w->attach.len == start)
		buf_addstr(&w->attach, "(no name)");
	buf_addstr(&w->attach, " (");
	start = w->attach.len;
	add_line(&w->attach, type, 100);
	if (w->attach.len == start)
		buf_addstr(&w->attach, "application/octet-stream");
	buf_addstr(&w->attach, ")\n");
	w->nattach++;
	g_free(type);
}

/* a leaf: text/plain and text/html are read, anything else listed */
static int
walk_part(struct walk *w, GMimePart *part)
{
	GMimeContentType *ct = g_mime_object_get_content_type(
	    GMIME_OBJECT(part));
	struct buf raw = BUF_INIT;
	char *html = NULL;
	int rc = 0;

	if (g_mime_part_is_attachment(part) || !(g_mime_content_type_is_type(
	    ct, "text", "plain") || g_mime_content_type_is_type(ct, "text",
	    "html"))) {
		list_part(w, GMIME_OBJECT(part));
		return 0;
	}
	if ((rc = part_text(&raw, part, w->err)) < 0)
		goto out;
	if (w->text.len)
		buf_addch(&w->text, '\n');
	if (g_mime_content_type_is_type(ct, "text", "html")) {
		if ((rc = extract_text_checked(&html, raw.data, raw.len,
		    "UTF-8", w->err)) < 0)
			goto out;
		buf_addstr(&w->text, html);
	} else
		buf_add(&w->text, raw.data, raw.len);
out:
	free(html);
	buf_release(&raw);
	return rc;
}

static int
blank_since(const struct buf *b, size_t from)
{
	for (size_t i = from; i < b->len; i++)
		if (!isspace((unsigned char)b->data[i]))
			return 0;
	return 1;
}

/*
 * multipart/alternative: the first plain text part; when there is none
 * or it is blank, the first other one (HTML, or a multipart/related
 * holding it). Parts not chosen are neither read nor listed: they are
 * the same content in another form.
 */
static int
walk_alternative(struct walk *w, GMimeMultipart *mp, int depth)
{
	int n = g_mime_multipart_get_count(mp), plain = -1, other = -1;
	size_t before = w->text.len;
	int rc;

	for (int i = 0; i < n; i++) {
		GMimeObject *c = g_mime_multipart_get_part(mp, i);
		GMimeContentType *ct = g_mime_object_get_content_type(c);

		if (plain < 0 && GMIME_IS_PART(c) &&
		    !g_mime_part_is_attachment(GMIME_PART(c)) &&
		    g_mime_content_type_is_type(ct, "text", "plain"))
			plain = i;
		else if (other < 0)
			other = i;
	}
	if (plain >= 0) {
		rc = walk_object(w, g_mime_multipart_get_part(mp, plain),
		    depth + 1);
		if (rc < 0 || other < 0 || !blank_since(&w->text, before))
			return rc;
		buf_truncate(&w->text, before);
	}
	if (other >= 0)
		return walk_object(w, g_mime_multipart_get_part(mp, other),
		    depth + 1);
	return 0;
}

/* message/rfc822: a forwarded message, inline after its headers */
static int
walk_message(struct walk *w, GMimeMessage *m, int depth)
{
	InternetAddressList *from = g_mime_message_get_from(m);
	char *s;
	int rc;

	if ((rc = count_headers(w, GMIME_OBJECT(m))) < 0)
		return rc;
	if (w->text.len)
		buf_addch(&w->text, '\n');
	buf_addstr(&w->text, "---------- Forwarded message ----------\n");
	if (from != NULL && internet_address_list_length(from) > 0) {
		s = internet_address_list_to_string(from, NULL, FALSE);
		buf_addstr(&w->text, "From: ");
		add_line(&w->text, s, MAIL_MAX_TITLE);
		buf_addch(&w->text, '\n');
		g_free(s);
	}
	if (g_mime_message_get_subject(m) != NULL) {
		buf_addstr(&w->text, "Subject: ");
		add_line(&w->text, g_mime_message_get_subject(m),
		    MAIL_MAX_TITLE);
		buf_addch(&w->text, '\n');
	}
	if (g_mime_message_get_mime_part(m) == NULL)
		return 0;
	return walk_object(w, g_mime_message_get_mime_part(m), depth + 1);
}

static int
walk_object(struct walk *w, GMimeObject *obj, int depth)
{
	GMimeContentType *ct;
	int rc;

	if (depth > MAIL_MAX_DEPTH)
		return err_set(w->err, ERR_PARSE, "MIME parts nested deeper "
		    "than %d levels", MAIL_MAX_DEPTH);
	if (++w->parts > MAIL_MAX_PARTS)
		return err_set(w->err, ERR_TOOLARGE, "more than %d MIME parts",
		    MAIL_MAX_PARTS);
	if ((rc = count_headers(w, obj)) < 0)
		return rc;
	ct = g_mime_object_get_content_type(obj);
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);

		if (g_mime_content_type_is_type(ct, "multipart",
		    "alternative"))
			return walk_alternative(w, mp, depth);
		for (int i = 0; i < n; i++)
			if ((rc = walk_object(w, g_mime_multipart_get_part(mp,
			    i), depth + 1)) < 0)
				return rc;
		return 0;
	}
	if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *m = g_mime_message_part_get_message(
		    GMIME_MESSAGE_PART(obj));

		return m ? walk_message(w, m, depth) : 0;
	}
	if (GMIME_IS_PART(obj))
		return walk_part(w, GMIME_PART(obj));
	list_part(w, obj);
	return 0;
}

/* a Message-ID usable as an item id as it is */
static int
id_usable(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > MAIL_MAX_ID || !utf8_valid(s, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return 0;
	return 1;
}

static char *
message_id(GMimeMessage *msg, const char *data, size_t len)
{
	const char *mid = g_mime_message_get_message_id(msg);
	struct buf b = BUF_INIT;
	char hex[65];

	if (id_usable(mid))
		return xstrdup(mid);
	/* absent: the message itself; unusable: its hash, stable */
	if (mid != NULL && *mid != '\0')
		sha256_hex(hex, mid, strlen(mid));
	else
		sha256_hex(hex, data, len);
	buf_addf(&b, "sha256:%.32s", hex);
	return buf_detach(&b, NULL);
}

/* From: the author line, and the sender for the allow-list */
static void
sender_of(struct mail *m, GMimeMessage *msg)
{
	InternetAddressList *from = g_mime_message_get_from(msg);
	InternetAddress *ia;
	const char *addr, *name;
	struct buf b = BUF_INIT;
	char *a;

	if (from == NULL || internet_address_list_length(from) < 1)
		return;
	ia = internet_address_list_get_address(from, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
		return;
	addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	name = internet_address_get_name(ia);
	a = clean_line(addr, 254);
	if (name != NULL && *name != '\0') {
		add_line(&b, name, 120);
		buf_addstr(&b, " <");
		buf_addstr(&b, a);
		buf_addch(&b, '>');
	} else
		buf_addstr(&b, a);
	m->item.author = buf_detach(&b, NULL);
	if (m->item.author[0] == '\0') {
		free(m->item.author);
		m->item.author = NULL;
	}
	for (char *p = a; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (internet_address_list_length(from) == 1 && strchr(a, '@') &&
	    strchr(a, ' ') == NULL && a[0] != '@')
		m->sender = a;
	else
		free(a);
}

static GMimeMessage *
construct(const char *data, size_t len)
{
	static const char *fallback[] = { "UTF-8", "windows-1252", NULL };
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeParserOptions *po = g_mime_parser_options_new();
	GMimeMessage *msg;

	g_mime_parser_options_set_fallback_charsets(po, fallback);
	g_mime_parser_options_set_rfc2047_compliance_mode(po,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(po,
	    GMIME_RFC_COMPLIANCE_LOOSE);
	msg = g_mime_parser_construct_message(parser, po);
	g_mime_parser_options_free(po);
	g_object_unref(parser);
	g_object_unref(stream);
	return msg;
}

int
mail_parse(struct mail *m, const char *data, size_t len, struct err *err)
{
	struct walk w = { BUF_INIT, BUF_INIT, 0, 0, 0, err };
	GMimeMessage *msg;
	GDateTime *date;
	char *text;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	m->item.published = m->item.updated = TIME_NONE;
	mail_global_init();
	if (len == 0)
		return err_set(err, ERR_PARSE, "empty message");
	if ((msg = construct(data, len)) == NULL)
		return err_set(err, ERR_PARSE, "not a MIME message");
	if ((rc = count_headers(&w, GMIME_OBJECT(msg))) < 0)
		goto out;
	if (g_mime_message_get_mime_part(msg) != NULL &&
	    (rc = walk_object(&w, g_mime_message_get_mime_part(msg), 1)) < 0)
		goto out;
	m->item.id = message_id(msg, data, len);
	m->item.title = clean_line(g_mime_message_get_subject(msg),
	    MAIL_MAX_TITLE);
	sender_of(m, msg);
	if ((date = g_mime_message_get_date(msg)) != NULL) {
		int64_t t = g_date_time_to_unix(date);

		/* 1970 to 9999: what timestamps print as */
		if (t >= 0 && t < INT64_C(253402300800))
			m->item.published = t;
	}
	text = extract_plain(w.text.data, w.text.len);
	buf_reset(&w.text);
	buf_addstr(&w.text, text);
	free(text);
	if (w.nattach) {
		buf_addstr(&w.text, w.text.len ? "\n\nAttachments:\n" :
		    "Attachments:\n");
		buf_add(&w.text, w.attach.data, w.attach.len - 1);
	}
	m->item.text = buf_detach(&w.text, NULL);
	m->nattachments = w.nattach;
out:
	if (rc < 0)
		mail_release(m);
	g_object_unref(msg);
	buf_release(&w.text);
	buf_release(&w.attach);
	return rc;
}

void
mail_release(struct mail *m)
{
	item_release(&m->item);
	free(m->sender);
	memset(m, 0, sizeof(*m));
	m->item.published = m->item.updated = TIME_NONE;
}
