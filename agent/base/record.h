#ifndef SIGWATCH_RECORD_H
#define SIGWATCH_RECORD_H

#include <stddef.h>

/* jansson's json_t, named without its header */
struct json_t;

/*
 * The malloc'd string members of a record, listed once with the JSON key
 * each is stored under. Reading a record, copying it and releasing it walk
 * the same list, so a member cannot be loaded and then leaked, or copied
 * and then freed twice, because one of three hand-written lists forgot it.
 * Writing stays with each record: its key order is the stored bytes.
 */
struct strfield {
	const char	*key;	/* JSON key, or NULL: held, never stored */
	size_t		 off;	/* offsetof() of a char * member */
};

#define STRFIELD(type, member)		{ #member, offsetof(type, member) }
#define STRFIELD_HELD(type, member)	{ NULL, offsetof(type, member) }
#define NSTRFIELDS(list)		(sizeof(list) / sizeof((list)[0]))

/* each stored member from the string member of o under its key, or NULL
 * (absent, not a string); held members are left alone */
void	strfields_load(void *rec, const struct strfield *, size_t n,
	    const struct json_t *o);
/* after a struct copy: give rec its own copy of every member */
void	strfields_dup(void *rec, const struct strfield *, size_t n);
/* free every member and set it to NULL */
void	strfields_free(void *rec, const struct strfield *, size_t n);

#endif
