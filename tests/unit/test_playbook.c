/* playbook.c: rules/playbooks/NAME.yaml, see DESIGN.md section 7 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "playbook.h"
#include "rules.h"
#include "t.h"

#define FIX "tests/fixtures/config/playbooks"

static char *
diag_text(const struct diags *d)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	diag_print(d, fp);
	fclose(fp);
	return s;
}

static void
test_playbook__design_example(void)
{
	struct diags d = DIAGS_INIT;
	struct playbooks pbs;
	const struct playbook *p;

	T_EQ_INT(playbooks_load(&pbs, FIX "/good", &d), 0);
	T_EQ_INT(d.n, 0);
	T_EQ_INT(pbs.n, 3);
	p = playbooks_find(&pbs, "cloudflare-connect");
	T_ASSERT(p != NULL);
	if (p == NULL)
		goto out;
	T_ASSERT(p == &pbs.v[0]);	/* files sorted by name */
	T_EQ_STR(p->title, "If Cloudflare launches \"Cloudflare Connect\" "
	    "(VPN + platform)");
	T_EQ_STR(p->competitor, "cloudflare");
	T_EQ_STR(p->threat, "existential");
	T_EQ_STR(p->signals[0], "cf-mesh-networking");
	T_EQ_STR(p->signals[3], "cf-vpn-infra-pitch");
	T_ASSERT(p->signals[4] == NULL);
	/* positions of each signal, for "unknown rule" diagnostics */
	T_EQ_INT(p->signal_lines[0], 5);
	T_EQ_INT(p->signal_cols[0], 11);
	T_EQ_INT(p->signal_lines[1], 5);
	T_EQ_INT(p->signal_cols[1], 31);
	T_EQ_INT(p->distinct_signals, 2);
	T_EQ_INT(p->within, 90 * 86400);
	T_EQ_STR(p->owners[0], "@pmm");
	T_EQ_STR(p->owners[1], "@vp-product");
	T_ASSERT(p->owners[2] == NULL);
	T_ASSERT(p->notify != NULL);
	if (p->notify) {
		T_EQ_STR(p->notify[0], "slack");
		T_ASSERT(p->notify[1] == NULL);
		T_EQ_INT(p->notify_lines[0], 8);
		T_EQ_INT(p->notify_cols[0], 10);
	}
	T_EQ_INT(p->nstages, 2);
	T_EQ_STR(p->stages[0].name, "Month 1");
	T_EQ_STR(p->stages[0].steps[0], "Public positioning: blog post 'Mesh "
	    "vs Proxy: Why Architecture Matters'");
	T_EQ_STR(p->stages[0].steps[1], "Brief the sales team on the "
	    "migration story");
	T_ASSERT(p->stages[0].steps[2] == NULL);
	T_EQ_STR(p->stages[1].name, "Months 2-3");
	T_EQ_STR(p->stages[1].steps[1], "Offer migration credits");
	T_EQ_STR(p->dont[0], "Do not compete on price against a bundled "
	    "platform");
	T_ASSERT(p->dont[1] == NULL);
	T_EQ_STR(p->path, FIX "/good/10-cloudflare.yaml");
	T_EQ_INT(p->line, 1);
out:
	playbooks_release(&pbs);
	T_EQ_INT(pbs.n, 0);
	diags_release(&d);
}

static void
test_playbook__defaults(void)
{
	struct diags d = DIAGS_INIT;
	struct playbooks pbs;
	const struct playbook *p;

	T_EQ_INT(playbooks_load(&pbs, FIX "/good", &d), 0);
	p = playbooks_find(&pbs, "zscaler-acquisition");
	T_ASSERT(p != NULL);
	if (p) {
		T_EQ_INT(p->distinct_signals, 1);
		T_EQ_INT(p->within, 30 * 86400);
		T_ASSERT(p->notify == NULL);	/* every notifier */
		T_ASSERT(p->owners != NULL && p->owners[0] == NULL);
		T_ASSERT(p->dont != NULL && p->dont[0] == NULL);
		T_ASSERT(p->competitor == NULL && p->threat == NULL);
		/* a single string is a list of one */
		T_EQ_STR(p->signals[0], "zs-acquires-mesh");
		T_ASSERT(p->signals[1] == NULL);
	}
	/* second document of the same file */
	p = playbooks_find(&pbs, "netmaker-saas");
	T_ASSERT(p != NULL);
	if (p) {
		T_EQ_INT(p->line, 9);
		T_EQ_INT(p->within, 14 * 86400);
		T_EQ_INT(p->distinct_signals, 1);
		/* notify: [] is nobody, not everybody */
		T_ASSERT(p->notify != NULL && p->notify[0] == NULL);
	}
	T_ASSERT(playbooks_find(&pbs, "twingate-platform") == NULL);
	playbooks_release(&pbs);
	diags_release(&d);
}

static void
test_playbook__errors(void)
{
	struct diags d = DIAGS_INIT;
	struct playbooks pbs;
	char *t;

	T_EQ_INT(playbooks_load(&pbs, FIX "/bad", &d), -1);
	t = diag_text(&d);
#define P FIX "/bad/a.yaml:"
	T_CONTAINS(t, P "4:31: error: 'distinct_signals' is 3 but the "
	    "playbook lists only 2 signals\n");
	T_CONTAINS(t, P "4:42: error: invalid duration '1 month' for 'within' "
	    "(use e.g. 30s, 5m, 1h, 7d)\n");
	T_CONTAINS(t, P "9:5: error: duplicate playbook id 'twingate-platform' "
	    "(first defined at " FIX "/bad/a.yaml:1)\n");
	T_CONTAINS(t, P "11:19: error: duplicate signal 'tg-one'\n");
	T_CONTAINS(t, P "18:1: error: unknown key 'owner' in playbook; did you "
	    "mean 'owners'?\n");
	T_CONTAINS(t, P "16:1: error: playbook is missing required key 'id'\n");
	T_CONTAINS(t, P "16:1: error: playbook is missing required key "
	    "'signals'\n");
	T_CONTAINS(t, P "17:9: error: 'stages' must not be empty\n");
	T_CONTAINS(t, P "20:5: error: invalid playbook id 'Bad_ID'");
	T_CONTAINS(t, P "24:5: error: stage is missing required key 'name'\n");
	T_CONTAINS(t, P "25:5: error: stage is missing required key 'steps'\n");
#undef P
	T_EQ_INT(d.errors, 11);
	free(t);
	playbooks_release(&pbs);
	diags_release(&d);
}

static void
test_playbook__missing_dir(void)
{
	struct diags d = DIAGS_INIT;
	struct playbooks pbs;

	T_EQ_INT(playbooks_load(&pbs, "/nonexistent/playbooks", &d), 0);
	T_EQ_INT(pbs.n, 0);
	T_EQ_INT(d.n, 0);
	playbooks_release(&pbs);
}

static void
test_playbook__notifiers(void)
{
	struct diags d = DIAGS_INIT;
	struct playbooks pbs;
	struct config *cfg;
	char *t;

	T_EQ_INT(playbooks_load(&pbs, FIX "/good", &d), 0);
	/* no notifier named slack in a default config */
	cfg = config_new();
	T_EQ_INT(playbooks_check_notifiers(&pbs, cfg, &d), -1);
	t = diag_text(&d);
	T_EQ_STR(t, FIX "/good/10-cloudflare.yaml:8:10: error: unknown "
	    "notifier 'slack' in playbook 'cloudflare-connect'\n");
	free(t);
	config_free(cfg);
	playbooks_release(&pbs);
	diags_release(&d);
}

static void
test_playbook__owners(void)
{
	struct diags d = DIAGS_INIT;
	struct playbooks pbs;
	const struct playbook *p;
	char *t;

	T_EQ_INT(playbooks_load(&pbs, FIX "/owners", &d), -1);
	t = diag_text(&d);
#define P FIX "/owners/a.yaml:"
	T_CONTAINS(t, P "11:5: error: owner '<!channel>' is neither a name nor "
	    "a Slack mention (a user <@U0123ABCD> or a user group "
	    "<!subteam^S0123ABCD|@handle>)\n");
	T_CONTAINS(t, P "12:5: error: owner '<@u024be7lh>'");
	T_CONTAINS(t, P "13:5: error: owner '<@U024BE7LH|jane>'");
	T_CONTAINS(t, P "14:5: error: owner '<!subteam^SAZ94GDB8|pmm team>'");
	T_CONTAINS(t, P "15:5: error: owner 'pmm <@U024BE7LH>'");
	T_CONTAINS(t, P "16:5: error: owner '<#C0123ABCD>'");
#undef P
	T_EQ_INT(d.errors, 6);
	p = playbooks_find(&pbs, "owners");
	T_ASSERT(p != NULL && p->owners[5] != NULL && p->owners[6] == NULL);
	free(t);
	playbooks_release(&pbs);
	diags_release(&d);
}

static void
test_playbook__owner_kind(void)
{
	static const struct {
		const char	*s;
		enum owner_kind	 k;
	} cases[] = {
		{ "@pmm", OWNER_PLAIN }, { "Jane Doe", OWNER_PLAIN },
		{ "<@U024BE7LH>", OWNER_USER }, { "<@W0123ABCD>", OWNER_USER },
		{ "<@UA>", OWNER_BAD }, { "<@U>", OWNER_BAD },
		{ "<@X024BE7LH>", OWNER_BAD }, { "<@U024BE7LH", OWNER_BAD },
		{ "<!subteam^SAZ94GDB8>", OWNER_GROUP },
		{ "<!subteam^SAZ94GDB8|@pmm.team_1-x>", OWNER_GROUP },
		{ "<!subteam^SAZ94GDB8|>", OWNER_BAD },
		{ "<!subteam^S|@x>", OWNER_BAD },
		{ "<!subteam^SAZ94GDB8|@a>b>", OWNER_BAD },
		{ "<!subteam^TAZ94GDB8|@x>", OWNER_BAD },
		{ "<!channel>", OWNER_BAD }, { "<!here>", OWNER_BAD },
		{ ">", OWNER_BAD }, { "<", OWNER_BAD },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum owner_kind k = playbook_owner_kind(cases[i].s,
		    strlen(cases[i].s));

		if (k != cases[i].k)
			fprintf(stderr, "case %s\n", cases[i].s);
		T_EQ_INT(k, cases[i].k);
	}
}

/* activation severity follows the threat (the documented mapping) */
static void
test_playbook__severity(void)
{
	static const struct {
		const char	*threat;
		enum severity	 sev;
	} cases[] = {
		{ "existential", SEV_CRITICAL }, { "Critical", SEV_CRITICAL },
		{ "high", SEV_HIGH }, { "direct peer", SEV_HIGH },
		{ "enterprise incumbent", SEV_HIGH }, { "adjacent", SEV_MEDIUM },
		{ "medium", SEV_MEDIUM }, { "low", SEV_LOW },
		{ "emerging", SEV_LOW }, { "info", SEV_INFO },
		{ "strategic", SEV_HIGH }, { NULL, SEV_HIGH },
	};
	struct playbook p;

	memset(&p, 0, sizeof(p));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		p.threat = (char *)cases[i].threat;
		T_EQ_INT(playbook_severity(&p), cases[i].sev);
	}
}

T_MAIN(
	T_CASE(test_playbook__design_example),
	T_CASE(test_playbook__defaults),
	T_CASE(test_playbook__errors),
	T_CASE(test_playbook__missing_dir),
	T_CASE(test_playbook__notifiers),
	T_CASE(test_playbook__owners),
	T_CASE(test_playbook__owner_kind),
	T_CASE(test_playbook__severity)
)
