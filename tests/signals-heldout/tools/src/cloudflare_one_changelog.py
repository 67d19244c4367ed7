"""Cloudflare One changelog, an HTML page (kind html, items are <article>)."""
import html as _html

from .common import item

FILE = "cloudflare-one-changelog.html"
RENDER = "html"
L = "https://developers.cloudflare.com/changelog/"

PAGE_HEAD = """<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<title>Changelog · Cloudflare One docs</title>
<meta name="description" content="New features, fixes and changes to Cloudflare Zero Trust, WARP, Access, Gateway and Cloudflare Tunnel.">
<meta name="keywords" content="cloudflare one, zero trust, warp, mesh networking, peer-to-peer, service mesh, cloudflare connect">
<link rel="alternate" type="application/rss+xml" href="https://developers.cloudflare.com/changelog/rss/index.xml">
<link rel="stylesheet" href="/_astro/changelog.Bq1x8.css">
<script>window.__CF_DOCS__ = {"section":"cloudflare-one","promo":"Cloudflare Connect: mesh networking and peer-to-peer for every device"};</script>
</head>
<body>
<header class="site-header"><a href="https://developers.cloudflare.com/">Cloudflare Docs</a>
<nav><a href="https://developers.cloudflare.com/cloudflare-one/">Cloudflare One</a> <a href="https://developers.cloudflare.com/changelog/">Changelog</a></nav></header>
<div class="promo-banner"><p>Cloudflare Connect 2027 registration is open. <a href="https://www.cloudflare.com/connect2027/">Save your seat</a></p></div>
<main id="content">
<h1>Cloudflare One changelog</h1>
<p class="lede">Subscribe to all Cloudflare One posts via <a href="https://developers.cloudflare.com/changelog/rss/index.xml">RSS</a>.</p>
"""

PAGE_TAIL = """</main>
<footer><p>© 2026 Cloudflare, Inc. · <a href="https://www.cloudflare.com/privacypolicy/">Privacy</a> · <a href="https://www.cloudflare.com/website-terms/">Terms</a></p></footer>
</body>
</html>
"""


def _human(date):
    import datetime as dt
    d = dt.datetime.strptime(date, "%Y-%m-%d %H:%M")
    return d.strftime("%b %-d, %Y")


def entry(it):
    lang = f' lang="{it["lang"]}"' if it.get("lang") else ""
    extra = it.get("attrs", "")
    return (f'<article class="changelog-entry"{lang}{extra}>\n'
            f'<header><h2><a href="{_html.escape(it["link"])}">{_html.escape(it["title"])}</a></h2>\n'
            f'<time datetime="{it["date"][:10]}">{_human(it["date"])}</time>\n'
            f'<span class="product-badge">{_html.escape(it["product"])}</span></header>\n'
            f'<div class="entry-body">\n{it["body"]}\n</div>\n'
            f'</article>\n')


ITEMS = [
    item("cf-rdp-postgres", "cloudflare-connect", "hard",
         "Infrastructure access beyond SSH (RDP and PostgreSQL targets behind cloudflared, per-session short-lived credentials): BastionZero-derived Access for Infrastructure growing; no 'BastionZero' keyword.",
         "2026-11-20 17:00", "Access for Infrastructure adds RDP and PostgreSQL targets",
         link=L + "2026-11-20-access-infrastructure-rdp-postgres/", product="Access",
         body="""<p>Infrastructure targets in Access are no longer limited to SSH servers. Administrators can now register Windows hosts for RDP and PostgreSQL databases as targets behind an existing <code>cloudflared</code> tunnel.</p>
<ul>
<li>Users open RDP sessions from the browser or a native client; Access issues a credential for that session only and the host never sees a long-lived password.</li>
<li>Database users connect with <code>cloudflared access tcp</code> and authenticate with their identity provider; Access maps the user to a database role per policy.</li>
<li>Every session is logged with the target, the role used and the duration, and can be streamed with Logpush.</li>
</ul>
<p>Support for MySQL and Microsoft SQL Server targets is planned for early 2027.</p>"""),

    item("cf-warp-2026-11-2", "cloudflare-connect", "hard",
         "Buried signal: WARP client release notes; one bullet (of nine) lets enrolled devices reach each other directly, bypassing the Cloudflare edge. Title gives no hint.",
         "2026-11-18 19:00", "WARP client 2026.11.2 (beta)",
         link=L + "2026-11-18-warp-client-2026-11-2-beta/", product="WARP client",
         body="""<p>A new beta release of the WARP client is available for Windows, macOS and Linux.</p>
<p><strong>Changes and improvements</strong></p>
<ul>
<li>Reduced memory use on macOS when many split-tunnel routes are configured.</li>
<li>The client now reports battery-saver state in device posture.</li>
<li>Improved captive portal detection on airline Wi-Fi.</li>
<li>Devices enrolled in the same Zero Trust organization can now reach each other over a direct encrypted path when both allow it, instead of relaying through a Cloudflare data center; the client falls back to the relay when no direct path can be established.</li>
<li>Added a <code>warp-cli debug paths</code> command.</li>
</ul>
<p><strong>Known issues</strong></p>
<ul>
<li>On Windows 11 24H2, the tray icon may show a stale status after resume from hibernation.</li>
<li>Some third-party firewalls block the new UDP port range; see the firewall documentation.</li>
<li>Linux packages for Ubuntu 20.04 are no longer published.</li>
<li>Log collection via the GUI may time out on large debug bundles.</li>
</ul>"""),

    item("cf-cloudflared-2026-11-0", "cloudflare-connect", "hard",
         "Buried signal: cloudflared release notes; one bullet makes two connectors in different networks exchange traffic directly (peer links) instead of via the edge.",
         "2026-11-14 16:00", "cloudflared 2026.11.0",
         link=L + "2026-11-14-cloudflared-2026-11-0/", product="Cloudflare Tunnel",
         body="""<p>This release of <code>cloudflared</code> includes the following changes.</p>
<ul>
<li>Upgraded the bundled Go toolchain to 1.25.4.</li>
<li>Tunnel metrics now include per-origin request latency histograms.</li>
<li>New experimental <code>peer-links</code> mode: two <code>cloudflared</code> instances in different networks that belong to the same account can exchange private traffic over a direct UDP path, negotiated through Cloudflare but not carried by it.</li>
<li>Fixed a race that could leave a connection in a half-closed state after an origin restart.</li>
<li>Deprecated the <code>--legacy-tls</code> flag; it will be removed in 2027.1.0.</li>
</ul>"""),

    item("cf-mesh-beta", "cloudflare-connect", "easy",
         "Cloudflare launches mesh networking for Cloudflare One; keyword in title and body.",
         "2026-11-10 14:00", "Mesh networking for Cloudflare One is in open beta",
         link=L + "2026-11-10-mesh-networking-open-beta/", product="Cloudflare One",
         body="""<p>Mesh networking for Cloudflare One is now available in open beta to all Zero Trust plans. Devices running the WARP client and servers running <code>cloudflared</code> can join a private mesh network in which every member gets a stable private address and can reach any other member that policy allows.</p>
<ul>
<li>Connections are established directly between members when the network allows it, and relayed through Cloudflare otherwise.</li>
<li>Gateway network policies apply to mesh traffic, and each flow is logged.</li>
<li>Up to 1,000 members per account during the beta.</li>
</ul>
<p>To get started, go to <strong>Networks &gt; Mesh</strong> in the Zero Trust dashboard.</p>"""),

    item("cf-tunnel-svc-routes", "cloudflare-connect", "hard",
         "Service mesh offering described without the phrase: workloads in one cluster call services in another by name with mutual TLS managed by Cloudflare.",
         "2026-11-06 15:00", "Tunnel: name-based routes between clusters",
         link=L + "2026-11-06-tunnel-name-based-routes-between-clusters/", product="Cloudflare Tunnel",
         body="""<p>Workloads in one Kubernetes cluster can now call services in another cluster by name through Cloudflare Tunnel. Register a service with the new <code>cloudflared</code> sidecar, and any workload in your account that policy allows can resolve it as <code>name.namespace.cf.internal</code>.</p>
<ul>
<li>Traffic between the sidecars uses mutual TLS, with certificates issued and rotated by Cloudflare.</li>
<li>Retries, timeouts and per-route access policies are configured in the dashboard or with Terraform.</li>
<li>Requests are traced end to end and can be exported to your observability platform.</li>
</ul>
<p>This feature is in closed beta for Enterprise customers.</p>"""),

    item("cf-openpubkey-ssh", "cloudflare-connect", "hard",
         "BastionZero technology (OpenPubkey) in cloudflared: SSH certificates bound to the identity provider token; keyword 'BastionZero' absent.",
         "2026-11-25 16:30", "SSH certificates from your identity provider token",
         link=L + "2026-11-25-ssh-certificates-identity-token/", product="Access",
         body="""<p><code>cloudflared access ssh</code> can now obtain an SSH certificate that is cryptographically bound to the user's identity provider token, using the OpenPubkey protocol. Servers verify the certificate against your identity provider directly and do not need to trust a Cloudflare-held certificate authority.</p>
<ul>
<li>Works with any OpenID Connect provider that publishes its signing keys.</li>
<li>Certificates expire with the user's session; revoking the user in the identity provider ends future access.</li>
</ul>
<p>See the Access for Infrastructure documentation to enable it for a target group.</p>"""),

    item("cf-magic-transit-full-mesh", "none", "hard",
         "Full-mesh BGP between customer routers and Cloudflare (routing topology), not a mesh networking product for devices.",
         "2026-11-24 15:00", "Magic Transit: full-mesh BGP sessions for multi-router sites",
         link=L + "2026-11-24-magic-transit-full-mesh-bgp/", product="Magic Transit",
         body="""<p>Sites with several edge routers can now establish BGP sessions from every router to every Cloudflare tunnel endpoint in a full mesh, instead of designating a primary router. Route advertisements are accepted from any router in the site, and Cloudflare withdraws a path within seconds when a session drops.</p>
<p>Full-mesh BGP is configured per site under <strong>Magic Transit &gt; Sites</strong>.</p>"""),

    item("cf-calls-turn", "none", "hard",
         "WebRTC / TURN media peer-to-peer (Calls), explicitly listed as not a signal.",
         "2026-11-21 15:00", "Calls: TURN relays in 30 more cities",
         link=L + "2026-11-21-calls-turn-30-cities/", product="Calls",
         body="""<p>Cloudflare Calls now runs TURN relays in 30 additional cities. WebRTC clients that cannot establish a peer-to-peer media path because of symmetric NAT or restrictive firewalls are relayed through the closest location, which reduces round-trip time for participants in Southeast Asia and South America by up to 40 percent.</p>
<p>No configuration change is needed; existing TURN credentials use the new locations automatically.</p>"""),

    item("cf-dns-logs-attr-trap", "none", "hard",
         "Keywords only in markup: data attributes and a JSON-LD script carry 'mesh', 'peer-to-peer' and 'Cloudflare Connect'; visible text is about Gateway DNS log export.",
         "2026-11-19 16:00", "Gateway: export DNS logs to R2",
         link=L + "2026-11-19-gateway-dns-logs-r2/", product="Gateway",
         attrs=' data-tags="mesh-networking peer-to-peer cloudflare-connect" data-related="warp-mesh"',
         body="""<script type="application/ld+json">{"@type":"TechArticle","about":["mesh networking","peer-to-peer","Cloudflare Connect"],"keywords":"mesh, service mesh, device-to-device"}</script>
<p>Gateway DNS query logs can now be exported directly to an R2 bucket on a schedule, without setting up Logpush. Choose the bucket, the retention period and the file format (JSON lines or Parquet) under <strong>Logs &gt; Gateway</strong>.</p>
<p>Exports include the resolved category, the policy decision and the device identifier, and can be queried with R2 SQL.</p>"""),

    item("cf-connect-cfp", "none", "hard",
         "'Cloudflare Connect' is the customer conference, not a product.",
         "2026-11-13 17:00", "Cloudflare Connect 2027: call for talks on zero trust",
         link=L + "2026-11-13-cloudflare-connect-2027-call-for-talks/", product="Cloudflare One",
         body="""<p>Cloudflare Connect 2027 takes place in London and Las Vegas next spring, and the call for talks is open until January 15. We are looking for customer stories about retiring remote-access VPNs, securing contractors and rolling out data-loss prevention with Cloudflare One.</p>
<p>Accepted speakers receive a free pass and travel support. Submit a proposal on the Connect website.</p>"""),

    item("cf-audit-log-filters", "none", "easy",
         "Routine dashboard improvement.",
         "2026-11-12 16:00", "Dashboard: new filters for Zero Trust audit logs",
         link=L + "2026-11-12-audit-log-filters/", product="Cloudflare One",
         body="""<p>Zero Trust audit logs can now be filtered by actor email, resource type and action, and filters can be saved as views. Exported CSV files include the same columns as the table.</p>"""),

    item("cf-gateway-p2p-category", "none", "hard",
         "'Peer-to-peer' in the file-sharing sense: Gateway category for blocking P2P apps.",
         "2026-11-17 15:00", "Gateway: new application category for peer-to-peer file sharing",
         link=L + "2026-11-17-gateway-p2p-file-sharing-category/", product="Gateway",
         body="""<p>Gateway adds a <strong>Peer-to-peer file sharing</strong> application category covering BitTorrent clients, eDonkey clients and several desktop sync tools that exchange data directly between users. Administrators can block or isolate the category in HTTP and network policies.</p>
<p>Existing policies that block the older "P2P" content category continue to work; we recommend moving to the new application category, which is detected by protocol as well as hostname.</p>"""),

    item("cf-warp-mesh-wifi-fix", "none", "hard",
         "'Mesh' in the Wi-Fi sense (mesh routers); a bug fix.",
         "2026-11-08 18:00", "WARP client 2026.11.0",
         link=L + "2026-11-08-warp-client-2026-11-0/", product="WARP client",
         body="""<p>A new GA release of the WARP client is available.</p>
<ul>
<li>Fixed an issue where devices connected through some home mesh Wi-Fi systems dropped the tunnel when roaming between access points.</li>
<li>Fixed a crash on Linux when the system resolver configuration was a symbolic link.</li>
<li>The client now honours the organization's auto-connect timeout after sleep.</li>
</ul>"""),

    item("cf-logpush-url-trap", "none", "hard",
         "Keywords only in the URL: the entry's link slug says 'mesh-peer-routes', the visible text is about Logpush fields. URLs never count.",
         "2026-11-16 15:00", "Logpush: five new fields for Access requests",
         link=L + "2026-11-16-mesh-peer-routes-preview-logpush-fields/", product="Access",
         body="""<p>Access request logs pushed with Logpush now include five new fields: the application type, the identity provider used, the device posture result, the country of the request and the matched policy identifier.</p>
<p>Existing jobs receive the new fields automatically when they use the default field list.</p>"""),

    item("cf-mesh-beta-ja", "none", "hard",
         "Non-English (article lang=ja): Japanese version of the mesh networking beta entry; loanwords (WARP, cloudflared) are not a hit.",
         "2026-11-11 02:00", "Cloudflare One のメッシュネットワーク機能をオープンベータで提供開始",
         link=L + "2026-11-11-mesh-open-beta-ja/", product="Cloudflare One", lang="ja",
         body="""<p>Cloudflare One のメッシュネットワーク機能が、すべての Zero Trust プランでオープンベータとして利用可能になりました。WARP クライアントを実行するデバイスと <code>cloudflared</code> を実行するサーバーは、プライベートなメッシュネットワークに参加できます。各メンバーには固定のプライベートアドレスが割り当てられ、ポリシーで許可された他のメンバーに接続できます。</p>
<ul>
<li>ネットワークが許す場合はメンバー同士が直接接続し、それ以外の場合は Cloudflare を経由して中継されます。</li>
<li>ベータ期間中は 1 アカウントあたり最大 1,000 メンバーまでです。</li>
</ul>"""),

    item("cf-afi-ssh-beta-2025", "none", "hard",
         "Stale: back catalogue entry from 2025-03-18 (first seen 2026-12-01); the SSH launch of Access for Infrastructure would be a signal if new.",
         "2025-03-18 15:00", "Access for Infrastructure: SSH targets (beta)",
         link=L + "2025-03-18-access-infrastructure-ssh-beta/", product="Access",
         body="""<p>Access for Infrastructure is now in beta. Register SSH servers as targets, and users connect with their identity instead of shared keys; Access issues short-lived certificates for each session and records the commands run.</p>
<p>Kubernetes and database targets will follow.</p>"""),

    item("cf-rbi-clipboard-2026-09", "none", "hard",
         "Stale: back catalogue entry from 2026-09-30, more than 30 days before first seen; routine feature.",
         "2026-09-30 15:00", "Browser Isolation: per-application clipboard controls",
         link=L + "2026-09-30-browser-isolation-clipboard-controls/", product="Browser Isolation",
         body="""<p>Clipboard controls in Browser Isolation can now be set per application, so users may copy out of a ticketing system but not out of a finance tool. Configure the controls in the isolation settings of an HTTP policy.</p>"""),
]

ITEMS.sort(key=lambda it: it["date"], reverse=True)
