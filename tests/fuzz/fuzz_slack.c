/*
 * notify_slack_payload() and notify_slack_minimal() on alerts built from
 * the fuzz input (its lines become titles, excerpts, matches, links, rule
 * titles, playbook steps...; its first bytes pick the alert kind and the
 * number of hits, up to 70) and on the raw input taken as alert JSON.
 * Every payload must pass slack_check_payload(): valid JSON within Slack's
 * limits, with no mention or forged link syntax from feed text.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "log.h"
#include "notify.h"
#include "slack_check.h"

/*
 * Every Slack limit is a few thousand characters, so 64 KB of
 * field text exercises them all; beyond that the fuzzer only times jansson
 * (70 hits x 12 fields of 4500 control characters made 17 MB alerts that
 * took 10 s a run under ASan and tripped -timeout in CI).
 */
#define PIECES_BUDGET	(64 * 1024)

struct pieces {
	char	**v;
	size_t	  n, next;
	size_t	  handed;	/* bytes given out so far */
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	log_init(LOG_LVL_QUIET);
	return 0;
}

/* a valid-UTF-8 copy of s[0..n): invalid bytes become '?' */
static char *
repair(const uint8_t *s, size_t n)
{
	char *r = malloc(n + 1);
	size_t i = 0, o = 0;

	if (r == NULL)
		abort();
	while (i < n) {
		size_t k;

		if (s[i] == '\0') {
			r[o++] = ' ';
			i++;
			continue;
		}
		for (k = 1; k <= 4 && i + k <= n; k++)
			if (fuzz_utf8_valid((const char *)s + i, k))
				break;
		if (k <= 4 && i + k <= n) {
			memcpy(r + o, s + i, k);
			o += k;
			i += k;
		} else {
			r[o++] = '?';
			i++;
		}
	}
	r[o] = '\0';
	return r;
}

static const char *
piece(struct pieces *p)
{
	const char *s;

	if (p->n == 0 || p->handed >= PIECES_BUDGET)
		return "";
	s = p->v[p->next++ % p->n];
	p->handed += strlen(s);
	return s;
}

static json_t *
jstr(const char *s)
{
	json_t *j = json_string(s);

	FUZZ_CHECK(j != NULL);
	return j;
}

static json_t *
make_hit(struct pieces *p, size_t i)
{
	json_t *h = json_object();
	char id[17];

	snprintf(id, sizeof(id), "%016zx", i + 1);
	json_object_set_new(h, "id", jstr(id));
	json_object_set_new(h, "at", jstr("2026-11-23T09:58:12Z"));
	json_object_set_new(h, "rule", jstr("fuzz-rule"));
	json_object_set_new(h, "rule_rev", jstr("a41c09e2"));
	json_object_set_new(h, "rule_title", jstr(piece(p)));
	json_object_set_new(h, "severity", jstr(i % 2 ? "high" : "critical"));
	json_object_set_new(h, "competitor", jstr(piece(p)));
	json_object_set_new(h, "playbook", jstr("fuzz-playbook"));
	json_object_set_new(h, "source", jstr("fuzz-source"));
	json_object_set_new(h, "source_url", jstr(piece(p)));
	json_object_set_new(h, "item", jstr(piece(p)));
	json_object_set_new(h, "title", jstr(piece(p)));
	json_object_set_new(h, "link", jstr(piece(p)));
	json_object_set_new(h, "published", i % 3 ? jstr(
	    "2026-11-23T08:00:00Z") : json_null());
	json_object_set_new(h, "selection", jstr(piece(p)));
	json_object_set_new(h, "field", jstr(i % 2 ? "text" : "title"));
	json_object_set_new(h, "match", jstr(piece(p)));
	json_object_set_new(h, "excerpt", jstr(piece(p)));
	json_object_set_new(h, "silenced", json_false());
	return h;
}

static json_t *
make_playbook(struct pieces *p, int active)
{
	json_t *pb = json_object(), *stages = json_array(), *owners;
	json_t *st, *steps, *dont = json_array();

	json_object_set_new(pb, "id", jstr("fuzz-playbook"));
	json_object_set_new(pb, "title", jstr(piece(p)));
	json_object_set_new(pb, "competitor", jstr(piece(p)));
	json_object_set_new(pb, "threat", jstr(piece(p)));
	json_object_set_new(pb, "state", jstr(active ? "active" : "watching"));
	json_object_set_new(pb, "signals_in_window", json_integer(2));
	json_object_set_new(pb, "distinct_needed", json_integer(2));
	json_object_set_new(pb, "within_days", json_integer(90));
	owners = json_array();
	json_array_append_new(owners, jstr(piece(p)));
	json_array_append_new(owners, jstr("@pmm"));
	json_object_set_new(pb, "owners", owners);
	for (int s = 0; s < 4; s++) {
		st = json_object();
		steps = json_array();
		json_object_set_new(st, "name", jstr(piece(p)));
		for (int k = 0; k < 4; k++)
			json_array_append_new(steps, jstr(piece(p)));
		json_object_set_new(st, "steps", steps);
		if (s == 0)
			json_object_set(pb, "next_stage", st);
		json_array_append_new(stages, st);
	}
	json_object_set_new(pb, "stages", stages);
	json_array_append_new(dont, jstr(piece(p)));
	json_object_set_new(pb, "dont", dont);
	return pb;
}

/* a digest of n playbooks with pieces everywhere a feed can reach */
static json_t *
make_digest(struct pieces *p, size_t n)
{
	json_t *d = json_object(), *pbs = json_array(), *sig, *o;

	for (size_t i = 0; i < n; i++) {
		sig = json_array();
		for (size_t k = 0; k < 6; k++)
			json_array_append_new(sig, json_pack("{s:s,s:s,s:s,"
			    "s:s,s:s,s:s,s:b}", "hit", "0123456789abcdef",
			    "rule", piece(p), "source", piece(p), "title",
			    piece(p), "link", piece(p), "published",
			    "2026-11-23T08:00:00Z", "new", (int)(k & 1)));
		o = make_playbook(p, (int)(i & 1));
		json_object_set_new(o, "signals", sig);
		json_object_set_new(o, "signals_total", json_integer(
		    (json_int_t)(i * 7)));
		json_object_set_new(o, "activated_at", jstr(piece(p)));
		json_array_append_new(pbs, o);
	}
	json_object_set_new(d, "since", jstr("2026-11-16T00:00:00Z"));
	json_object_set_new(d, "until", jstr(piece(p)));
	json_object_set_new(d, "previous", jstr("2026-11-20T00:00:00Z"));
	json_object_set_new(d, "report_url", jstr(piece(p)));
	json_object_set_new(d, "playbooks", pbs);
	json_object_set_new(d, "other", json_pack("[{s:s,s:s}]", "title",
	    piece(p), "link", piece(p)));
	json_object_set_new(d, "other_total", json_integer(9));
	json_object_set_new(d, "competitors", json_pack("[{s:s,s:i},{s:s,"
	    "s:i}]", "competitor", piece(p), "items", 3, "competitor",
	    piece(p), "items", 1));
	json_object_set_new(d, "sources", json_pack("{s:i,s:[{s:s,s:s,s:i}]}",
	    "total", 5, "broken", "id", piece(p), "last_error", piece(p),
	    "consecutive_failures", 4));
	json_object_set_new(d, "rules", json_pack("[{s:s,s:i,s:i,s:i}]",
	    "rule", piece(p), "hits", 9, "fp", 2, "ack", 1));
	return d;
}

static void
check(char *payload)
{
	char why[256];

	FUZZ_CHECK(payload != NULL);
	if (slack_check_payload(payload, strlen(payload), why,
	    sizeof(why)) < 0) {
		fprintf(stderr, "bad Slack payload: %s\n%s\n", why, payload);
		abort();
	}
	free(payload);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {
		"signal", "playbook-activated", "source-broken",
		"source-recovered", "playbook-deactivated", "digest"
	};
	struct pieces p = { NULL, 0, 0, 0 };
	size_t nhits, start = 0;
	json_t *a, *hits, *src;
	char *text, *line, *save = NULL, *json, *out;
	int kind;

	if (size > 256 * 1024)
		return 0;
	/* the raw input as an alert: NULL or a valid payload */
	out = notify_slack_payload((const char *)data, size);
	if (out != NULL)
		check(out);
	out = notify_slack_minimal((const char *)data, size);
	if (out != NULL)
		check(out);

	/* the first four kinds as before (corpus files keep their kind) */
	kind = size ? data[0] & 3 : 0;
	if (size && (data[0] & 0xf0) == 0xf0)
		kind = 4 + (data[0] & 1);
	nhits = size > 1 ? data[1] % 71 : 1;
	start = size > 2 ? 2 : size;
	text = repair(data + start, size - start);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		/* longer than every Slack limit, short enough to stay fast */
		if (strlen(line) > 4500) {
			size_t cut = 4500;

			while (cut > 0 && ((unsigned char)line[cut] & 0xc0) == 0x80)
				cut--;
			line[cut] = '\0';
		}
		p.v = realloc(p.v, (p.n + 1) * sizeof(*p.v));
		FUZZ_CHECK(p.v != NULL);
		p.v[p.n++] = line;
	}

	a = json_object();
	json_object_set_new(a, "schema", jstr("sigwatch.alert/1"));
	json_object_set_new(a, "id", jstr("3f9a1c27b84e0d61"));
	json_object_set_new(a, "kind", jstr(kinds[kind]));
	json_object_set_new(a, "created", jstr("2026-11-23T10:00:00Z"));
	json_object_set_new(a, "severity", jstr("high"));
	json_object_set_new(a, "competitor", jstr(piece(&p)));
	hits = json_array();
	if (kind == 5) {
		json_object_set_new(a, "playbook", json_null());
		json_object_set_new(a, "source", json_null());
		json_object_set_new(a, "digest", make_digest(&p, nhits));
	} else if (kind <= 1 || kind == 4) {
		json_object_set_new(a, "playbook", make_playbook(&p, kind));
		for (size_t i = 0; i < nhits; i++)
			json_array_append_new(hits, make_hit(&p, i));
		if (kind == 1)
			json_object_set_new(a, "evidence", json_deep_copy(hits));
		if (kind == 4)
			json_object_set_new(a, "triage", json_pack("{s:s,s:s,"
			    "s:s}", "verdict", "fp", "note", piece(&p),
			    "author", piece(&p)));
		json_object_set_new(a, "source", json_null());
	} else {
		json_object_set_new(a, "playbook", json_null());
		src = json_object();
		json_object_set_new(src, "id", jstr("fuzz-source"));
		json_object_set_new(src, "url", jstr(piece(&p)));
		json_object_set_new(src, "kind", jstr("feed"));
		json_object_set_new(src, "competitor", jstr(piece(&p)));
		json_object_set_new(src, "consecutive_failures",
		    json_integer(3));
		json_object_set_new(src, "last_error", jstr(piece(&p)));
		json_object_set_new(src, "status", jstr("transient"));
		json_object_set_new(a, "source", src);
	}
	json_object_set_new(a, "hits", hits);
	json_object_set_new(a, "hits_total", json_integer((json_int_t)nhits));
	json = json_dumps(a, JSON_COMPACT);
	FUZZ_CHECK(json != NULL);
	check(notify_slack_payload(json, strlen(json)));
	check(notify_slack_minimal(json, strlen(json)));
	out = notify_webhook_body(json, strlen(json));
	FUZZ_CHECK(out != NULL && fuzz_utf8_str(out));
	free(out);
	free(json);
	json_decref(a);
	free(p.v);
	free(text);
	return 0;
}
