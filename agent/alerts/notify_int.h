#ifndef SIGWATCH_NOTIFY_INT_H
#define SIGWATCH_NOTIFY_INT_H

#include <stddef.h>

#include <jansson.h>

/*
 * Shared by the notify_*.c files only (not part of notify.h's API).
 */
/* an alert object (an object with a string "kind") from alert_json,
 * invalid UTF-8 and control bytes repaired first; NULL otherwise */
json_t	*notify_alert_load(const char *alert_json, size_t len);
/* compact JSON, malloc'd (xstrdup'd: free() it) */
char	*notify_json_dump(json_t *);

#endif
