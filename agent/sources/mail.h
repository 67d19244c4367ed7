#ifndef SIGWATCH_MAIL_H
#define SIGWATCH_MAIL_H

#include <stddef.h>

#include "err.h"
#include "item.h"

/*
 * One e-mail message (RFC 5322 with MIME, one file of a Maildir) as one
 * item, parsed with GMime. Pure: bytes in, an item out; nothing is read
 * or written.
 *
 *   Subject     -> title (RFC 2047 decoded, one line, at most
 *                  MAIL_MAX_TITLE bytes)
 *   From        -> author ("Name <addr>", or the address alone)
 *   Message-ID  -> id (without the angle brackets); a message without a
 *                  usable one gets "sha256:" + a hash of its bytes
 *   Date        -> published (TIME_NONE when absent or unreadable)
 *   body        -> text: the text/plain parts in order (the text/html
 *                  part instead when a multipart/alternative has no
 *                  plain text, converted like any HTML, extract.h);
 *                  forwarded messages (message/rfc822) inline after
 *                  their From, Date and Subject; then every other part
 *                  (attachments, images, signatures) listed by file name
 *                  and type under "Attachments:", never decoded.
 *
 * Transfer encodings (base64, quoted-printable) are decoded; text is
 * converted from its charset to UTF-8 (iso-8859-1 and us-ascii labels
 * read as windows-1252, as browsers do); invalid bytes become U+FFFD.
 *
 * Errors name the problem (ERR_PARSE or ERR_TOOLARGE): MIME nested deeper
 * than MAIL_MAX_DEPTH, more than MAIL_MAX_PARTS parts, header fields
 * (of all parts together) over MAIL_MAX_HEADER_BYTES, a text part in a
 * charset nobody knows, HTML nested too deeply. The caller bounds the
 * size of the message itself.
 */
#define MAIL_MAX_DEPTH		16
#define MAIL_MAX_PARTS		256
#define MAIL_MAX_HEADER_BYTES	(64 * 1024)
#define MAIL_MAX_TITLE		512

struct mail {
	struct item	 item;
	/* the From address in lowercase when From holds exactly one
	 * mailbox with an address, else NULL (the allow-list then fails) */
	char		*sender;
	size_t		 nattachments;	/* parts listed, not read */
};

/* GMime's one-time initialisation; mail_parse() calls it as needed */
void	mail_global_init(void);
/* parse one message into *out (released with mail_release()) */
int	mail_parse(struct mail *out, const char *data, size_t len,
	    struct err *) __attribute__((warn_unused_result));
void	mail_release(struct mail *);

#endif
