/* playbook.c: rules/playbooks/NAME.yaml, see DESIGN.md section 7 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "playbook.h"
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

T_MAIN(
	T_CASE(test_playbook__design_example),
	T_CASE(test_playbook__defaults),
	T_CASE(test_playbook__errors),
	T_CASE(test_playbook__missing_dir),
	T_CASE(test_playbook__notifiers)
)
