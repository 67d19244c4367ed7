"""Twingate changelog, an HTML page (kind html, items are <li>)."""
import datetime as _dt
import html as _html

from .common import item

FILE = "twingate-changelog.html"
RENDER = "html"
L = "https://www.twingate.com/changelog/"

PAGE_HEAD = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Changelog | Twingate</title>
<meta property="og:description" content="What's new in Twingate: workload identity, service discovery, Kubernetes operator, SDKs and more.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"WebPage","name":"Twingate changelog","keywords":["machine-to-machine","workload identity","service discovery"]}</script>
<style>.release h3{font-weight:600}.tag-workloads::before{content:"workload identity"}</style>
</head>
<body>
<nav class="top"><ul><li><a href="https://www.twingate.com/product">Product</a></li><li><a href="https://www.twingate.com/pricing">Pricing</a></li><li><a href="https://www.twingate.com/docs">Docs</a></li><li><a href="https://www.twingate.com/changelog">Changelog</a></li></ul></nav>
<main>
<h1>Changelog</h1>
<p>New features and improvements across the Twingate Client, Connector, Admin Console and API.</p>
<ul id="releases" class="releases">
"""

PAGE_TAIL = """</ul>
<p class="older"><a href="https://www.twingate.com/changelog?page=2">Older entries</a></p>
</main>
<footer><ul><li><a href="https://www.twingate.com/privacy">Privacy</a></li><li><a href="https://www.twingate.com/terms">Terms</a></li></ul><p>© 2026 Twingate Inc.</p></footer>
</body>
</html>
"""


def entry(it):
    d = _dt.datetime.strptime(it["date"], "%Y-%m-%d %H:%M")
    lang = f' lang="{it["lang"]}"' if it.get("lang") else ""
    extra = it.get("attrs", "")
    return (f'<li class="release"{lang}{extra}>\n'
            f'<time datetime="{d:%Y-%m-%d}">{d:%B} {d.day}, {d.year}</time>\n'
            f'<span class="component">{_html.escape(it["component"])}</span>\n'
            f'<h3>{_html.escape(it["title"])}</h3>\n'
            f'<div class="notes">\n{it["body"]}\n</div>\n'
            f'<a class="permalink" href="{_html.escape(it["link"])}">Permalink</a>\n'
            f'</li>\n')


ITEMS = [
    item("tg-connector-1-80", "twingate-platform", "hard",
         "Buried signal: Connector release notes; one bullet lets Connectors register the services beside them so other workloads find them by name (service discovery). Title gives no hint.",
         "2026-11-24 17:00", "Connector 1.80.0",
         link=L + "connector-1-80-0", component="Connector",
         body="""<ul>
<li>Lower CPU use when many Resources share a wildcard address.</li>
<li>Health checks report the Connector's clock skew.</li>
<li>Connectors can now register the services running beside them, so that other workloads on the network can look them up by name and connect without anyone editing a Resource.</li>
<li>Fixed a memory leak when a remote network had more than 5,000 DNS records.</li>
<li>The Docker image is now built on a distroless base.</li>
</ul>"""),

    item("tg-workload-identity-beta", "twingate-platform", "hard",
         "Workload identity described as 'pods and CI jobs prove who they are with their platform-issued token'; no user involved.",
         "2026-11-18 16:00", "Identity for pods and pipelines (beta)",
         link=L + "identity-pods-pipelines-beta", component="Admin Console",
         body="""<p>Anything your platform already hands a signed token to, whether a pod, a CI job or a cloud function, can now present that token to Twingate: a Kubernetes service account token, a GitHub Actions OIDC token or a cloud provider identity document. Twingate checks the token against the issuer, matches it to a policy, and grants access to the Resources that policy names, with no user account and no static key to rotate.</p>
<p>Enable it under <strong>Settings &gt; Trusted issuers</strong>. Beta; Business and Enterprise plans only.</p>"""),

    item("tg-k8s-operator-0-9", "twingate-platform", "hard",
         "Kubernetes operator for workloads: publishes in-cluster Services so workloads in other clusters reach them, no person in the loop.",
         "2026-11-12 17:00", "Kubernetes operator 0.9",
         link=L + "kubernetes-operator-0-9", component="Kubernetes operator",
         body="""<ul>
<li>The operator can now publish annotated in-cluster Services as Twingate Resources that workloads in other clusters reach with their own identity, without a person signing in anywhere.</li>
<li>New <code>TwingateWorkloadPolicy</code> custom resource describes which namespaces may reach which Services.</li>
<li>Helm chart values are validated against a JSON schema.</li>
</ul>"""),

    item("tg-sdk-preview", "twingate-platform", "easy",
         "Twingate SDK for programs with the obvious keyword ('machine-to-machine').",
         "2026-11-26 16:00", "Twingate SDK for Go and Python (preview)",
         link=L + "sdk-go-python-preview", component="SDK",
         body="""<p>The new Twingate SDK lets your own programs open machine-to-machine connections to Resources at runtime. A service embeds the SDK, authenticates with its workload identity and receives a connection to the Resource it asked for, governed by the same policies as any other access.</p>
<p>Packages are available on pkg.go.dev and PyPI. The API may change before general availability.</p>"""),

    item("tg-kubectl-client", "none", "hard",
         "Kubernetes access for people (kubectl through the Client); human access is explicitly not a signal.",
         "2026-11-20 16:00", "kubectl through the Twingate Client",
         link=L + "kubectl-through-client", component="Client",
         body="""<p>Engineers can now run <code>kubectl</code> against private clusters through the Twingate Client with their own identity. The Client writes a kubeconfig entry per cluster, and Twingate maps each user's groups to Kubernetes roles, so nobody shares a cluster admin certificate.</p>
<p>Audit logs record which user ran which command against which cluster.</p>"""),

    item("tg-posture-crowdstrike", "none", "hard",
         "Device posture for human users; not a workload or service feature.",
         "2026-11-17 16:00", "Device posture: CrowdStrike Zero Trust Assessment score",
         link=L + "device-posture-crowdstrike-zta", component="Admin Console",
         body="""<p>Security policies can now require a minimum CrowdStrike Zero Trust Assessment score before a user's device may reach a Resource. Scores are refreshed every five minutes, and a device that falls below the threshold loses access until it recovers.</p>"""),

    item("tg-admin-api-groups", "none", "hard",
         "Admin API that configures access for people (groups, memberships); judged not a signal for 'APIs for programs'.",
         "2026-11-10 17:00", "Admin API: group membership mutations",
         link=L + "admin-api-group-membership", component="API",
         body="""<p>The GraphQL Admin API adds <code>groupMembersAdd</code> and <code>groupMembersRemove</code> mutations, so identity teams can keep Twingate groups in step with their HR system without a full SCIM integration. Both mutations accept up to 500 users per call.</p>"""),

    item("tg-terraform-3-2", "none", "hard",
         "Terraform provider configuring Resources and group access for people; not APIs for workloads.",
         "2026-11-07 16:00", "Terraform provider 3.2.0",
         link=L + "terraform-provider-3-2-0", component="Terraform",
         body="""<ul>
<li>New <code>twingate_resource</code> argument to set per-group access policies and approval requirements.</li>
<li>Import support for security policies.</li>
<li>Fixed drift detection for Resources with more than 50 aliases.</li>
</ul>"""),

    item("tg-windows-client-fixes", "none", "easy",
         "Routine client bug-fix release.",
         "2026-11-05 18:00", "Windows Client 2026.309",
         link=L + "windows-client-2026-309", component="Client",
         body="""<ul>
<li>Fixed a case where the Client did not reconnect after the network adapter was re-enabled.</li>
<li>Sign-in window now respects the system dark mode setting.</li>
<li>Updated translations.</li>
</ul>"""),

    item("tg-service-accounts-ci-2025", "none", "hard",
         "Stale: back catalogue entry from 2025-05-14 (first seen 2026-12-01); service accounts for CI would be a platform signal if new.",
         "2025-05-14 16:00", "Service accounts for CI pipelines",
         link=L + "service-accounts-ci-pipelines", component="Admin Console",
         body="""<p>Service accounts give CI pipelines and scripts their own keys to reach Resources, separate from any person's account. Create a service account, grant it Resources and use its key in your pipeline.</p>"""),

    item("tg-workload-identity-de", "none", "hard",
         "Non-English (li lang=de): German note about pod identities; loanwords (Workload, Pods, Kubernetes) are not a hit.",
         "2026-11-19 08:00", "Identität für Pods und Pipelines (Beta)",
         link=L + "identitaet-pods-pipelines-beta", component="Admin Console", lang="de",
         body="""<p>Pods, CI-Jobs und Cloud-Funktionen können sich jetzt mit dem Token bei Twingate anmelden, das ihre Plattform ohnehin ausstellt, etwa einem Kubernetes-Service-Account-Token oder einem OIDC-Token aus GitHub Actions. Twingate prüft das Token beim Aussteller und gewährt den Zugriff auf die Ressourcen, die die Richtlinie vorsieht, ganz ohne Benutzerkonto und ohne statischen Schlüssel.</p>"""),

    item("tg-dns-filter-attr-trap", "none", "hard",
         "Keywords only in markup: data attribute and the page's JSON-LD mention workload identity / service discovery; visible text is about DNS filtering.",
         "2026-11-14 16:00", "DNS filtering: custom block pages",
         link=L + "dns-filtering-custom-block-pages", component="DNS filtering",
         attrs=' data-features="workload-identity service-discovery machine-to-machine kubernetes-operator"',
         body="""<p>Administrators can now replace the default block page shown when DNS filtering stops a request with their own text and logo, and link to an internal exception form.</p>"""),

    item("tg-resource-discovery", "none", "hard",
         "'Discovery' for admins: the console suggests Resources for people to access; not service discovery for workloads.",
         "2026-11-21 16:00", "Resource suggestions in the Admin Console",
         link=L + "resource-suggestions-admin-console", component="Admin Console",
         body="""<p>The Admin Console now suggests Resources to publish, based on the hostnames users tried to reach through the Client in the last 30 days. Admins can turn a suggestion into a Resource and assign groups in two clicks, which makes it easier to find the internal tools people actually use.</p>"""),

    item("tg-msp-bulk-tenants", "none", "hard",
         "MSP channel feature; not a platform move.",
         "2026-11-27 16:00", "MSP portal: bulk tenant provisioning",
         link=L + "msp-portal-bulk-tenant-provisioning", component="MSP portal",
         body="""<p>Managed service providers can now create up to 100 customer tenants at once from a CSV file, each with a starting policy template and an invitation for the customer's first admin.</p>"""),
]

ITEMS.sort(key=lambda it: it["date"], reverse=True)
