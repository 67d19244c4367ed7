"""NetOps Dispatch (invented trade site): WordPress RSS with long articles, mixed vendors."""
from .common import item

FILE = "netops-dispatch.xml"
RENDER = "trade"
META = {
    "title": "NetOps Dispatch",
    "link": "https://www.netopsdispatch.com/",
    "description": "News and analysis for people who run networks",
    "built": "2026-11-30 23:00",
}


def a(key, pb, diff, note, date, title, slug, author, dek, cats, body=None, **kw):
    return item(key, pb, diff, note, date, title, body=body, slug=slug, author=author,
                dek=dek, cats=cats, **kw)


ITEMS = [
    a("nd-cf-without-edge", "cloudflare-connect", "hard",
      "Cross-playbook trap: Cloudflare feature on direct device connections (WARP direct paths, cloudflared peer links) and ex-ZeroTier hires, no 'mesh' keyword in the lead; Zscaler's ZeroTier agreement and its unshipped plans for Client Connector appear only as background (zscaler-acquisition or zscaler-smb-mesh hits are false positives).",
      "2026-11-16 13:00", "Inside Cloudflare's push to connect devices without its edge",
      "inside-cloudflare-push-connect-devices-without-edge", "Ines Carvalho",
      "For a company built on proxies, letting traffic skip the proxy is a big change.",
      ["Zero Trust", "Cloudflare"],
      """<p>Cloudflare has spent fifteen years persuading the world to send its traffic through Cloudflare. So it was striking to read, in the release notes of a beta WARP client and a new version of <code>cloudflared</code> this month, a handful of lines that do the opposite: they let two of a customer's machines talk to each other without any Cloudflare data centre in the middle.</p>
<p>The WARP change is the bigger one. In the beta, laptops and phones that belong to the same Cloudflare One organization can find each other and set up a direct encrypted path when their networks allow it. Cloudflare still decides whether the two devices may talk, and it still hands out the keys, but the packets take the short way. When a direct path cannot be opened, say behind a strict corporate firewall, traffic falls back to Cloudflare's relays as before.</p>
<p>The <code>cloudflared</code> change applies the same idea to servers. An experimental mode lets two tunnel daemons in different networks exchange private traffic over UDP after Cloudflare introduces them.</p>
<h2>Why now</h2>
<p>People who have talked to Cloudflare's product team describe two pressures. The first is latency: routing a developer's SSH session from Berlin to a server in the next room through a data centre in Frankfurt is fine, but routing a video call between two offices on the same continent through a relay is not. The second is competition. Overlay networks that connect devices directly have become the default choice of infrastructure teams, and Cloudflare has watched some of its own customers run one of them next to Cloudflare One.</p>
<p>Cloudflare has also been hiring. At least four engineers who previously worked on ZeroTier's path-finding code have joined the company since the summer, according to their public profiles, and several job postings ask for experience with hole punching and relay selection.</p>
<h2>The competitive picture</h2>
<p>The timing is awkward for rivals. Zscaler, which signed an agreement to take over ZeroTier earlier this month, has said it wants Client Connector to use ZeroTier's technology eventually, but has shipped nothing yet. Cloudflare, by contrast, has code in customers' hands, even if it is labelled beta.</p>
<p>Analysts we spoke to were cautious. "Direct paths are the easy part," said one. "Policy, visibility and logging for traffic you never see are the hard part, and that is where Cloudflare's architecture has always relied on being in the middle." Cloudflare says mesh flows are still logged by the client and subject to Gateway network policies.</p>
<p>Cloudflare declined to say when the features would leave beta. A spokesperson said the company would "share more at the right time."</p>"""),

    a("nd-cf-nat-team", "cloudflare-connect", "hard",
      "Cloudflare hiring former Tailscale engineers and posting jobs for NAT traversal / device-to-device work; no 'mesh' keyword.",
      "2026-11-22 15:30", "Cloudflare quietly builds a team for NAT traversal",
      "cloudflare-quietly-builds-nat-traversal-team", "Devon Achterberg",
      "Job postings and new hires point to a bigger bet on device-to-device networking.",
      ["Cloudflare", "Jobs"],
      """<p>Cloudflare has opened eleven engineering positions since October that share an unusual requirement: experience getting packets through home routers and corporate firewalls without a server in the middle. The postings, for roles in Austin, Lisbon and London, ask for knowledge of STUN, ICE, UDP hole punching and relay fallback, and describe a new team "connecting devices to each other."</p>
<p>The company has also hired at least three engineers who previously worked at Tailscale, according to their professional profiles, including one who led the rewrite of Tailscale's relay network. Cloudflare did not comment on individual hires.</p>
<p>Taken together with the direct-path features that appeared in WARP and <code>cloudflared</code> betas this month, the hiring suggests Cloudflare is building more than an experiment. One posting, for a staff engineer, says the team's goal is "for any two devices in a Cloudflare One organization to reach each other with the lowest possible latency, whether or not our network is in the path."</p>
<p>Device-to-device connectivity has been the defining feature of overlay products such as Tailscale, ZeroTier and NetBird. Cloudflare's existing remote-access products, like those of Zscaler and Netskope, send traffic through the vendor's data centres, which makes inspection straightforward but adds distance.</p>
<p>Recruiters contacted by NetOps Dispatch said Cloudflare was offering above-market packages for senior networking engineers. "They are very specific about what they want," said one. "If you have shipped NAT traversal at scale, they will call you back the same day."</p>"""),

    a("nd-zs-zerotier-analysis", "zscaler-acquisition", "hard",
      "Cross-playbook trap: analysis reporting the ZeroTier deal ('agreement to take over', 'folded into'), without the verb 'acquire'; future direct paths are only executives' plans (a zscaler-smb-mesh hit is a false positive).",
      "2026-11-14 12:00", "What Zscaler gets with ZeroTier, and what it gives up",
      "what-zscaler-gets-with-zerotier", "Ines Carvalho",
      "A proxy company takes over a peer-to-peer one. The engineering is the easy part.",
      ["Zscaler", "Deals", "Analysis"],
      """<p>Zscaler's agreement this week to take over ZeroTier, for a price that two people familiar with the terms put at close to $300 million in cash and stock, is the largest bet yet by one of the big zero trust vendors on the peer-to-peer overlay networks that engineers have adopted on their own.</p>
<p>What does Zscaler get? First, a mature network engine. ZeroTier One has been in production since 2014, runs on almost every operating system and embedded platform, and has a reputation for finding a path between two devices where other tools give up. Second, an installed base that Zscaler has never reached: the industrial, IoT and developer users who connect machines rather than people. Third, and perhaps most important, a team that has spent a decade on problems Zscaler's engineers have mostly avoided by design.</p>
<p>What does it give up? Simplicity of message, for one. Zscaler has argued for years, including on its own blog this month, that traffic which does not pass through an inspection point is a blind spot. Once ZeroTier is folded into the company, it will be selling exactly such traffic. Executives say the two models can coexist, with the Zero Trust Exchange authorizing direct paths and collecting logs from the endpoints, but customers will want to see it working.</p>
<h2>Integration risk</h2>
<p>Zscaler has bought eight companies in the last five years and has generally integrated them as features of its platform rather than as stand-alone products. ZeroTier is different: its open-source community edition has more than a million installations, and much of its value depends on that community staying engaged. Zscaler has promised to keep ZeroTier One open source and to hold prices for existing ZeroTier Central plans through 2027.</p>
<p>Rivals were quick to comment. A Netskope executive told us the deal "validates that the market wants both inspection and direct paths." A founder of a smaller overlay company was blunter: "Every ZeroTier user who ever complained about their VPN vendor just got a VPN vendor."</p>
<p>The transaction is expected to close before the end of Zscaler's fiscal second quarter, subject to regulatory review.</p>"""),

    a("nd-zs-firezone-talks", "zscaler-acquisition", "hard",
      "Credible report of talks ('in talks to buy', people familiar) for Firezone, a WireGuard-based ZTNA peer; Twingate's denial appears only as context.",
      "2026-11-25 18:00", "Zscaler in talks with Firezone, people familiar say",
      "zscaler-talks-firezone-people-familiar", "Devon Achterberg",
      "A second overlay deal in a month would signal a strategy, not an experiment.",
      ["Zscaler", "Deals"],
      """<p>Zscaler is in advanced talks to buy Firezone, the company behind the open-source, WireGuard-based remote-access product of the same name, according to two people familiar with the discussions who asked not to be named because the talks are private.</p>
<p>A deal could be announced within weeks, one of the people said, though talks could still fall apart. Terms under discussion value Firezone at well under $100 million. Zscaler and Firezone both declined to comment.</p>
<p>The talks come less than two weeks after Zscaler agreed to take over ZeroTier. Where ZeroTier is strongest in connecting machines, Firezone's product is aimed at giving employees access to private resources, and it has a following among smaller companies that find traditional enterprise products too heavy. People close to Zscaler say the company sees Firezone as a way to reach those customers quickly.</p>
<p>Rumours about Zscaler's shopping list have been circulating since the ZeroTier announcement. Twingate, which had also been mentioned, said on Tuesday it was not for sale.</p>
<p>If a Firezone deal goes ahead, Zscaler would own two of the most widely used open-source overlay projects, an unusual position for a company whose products are almost entirely proprietary.</p>"""),

    a("nd-zs-downmarket", "zscaler-smb-mesh", "hard",
      "Cross-playbook trap: Zscaler's Foundations edition for firms under 150 people, bought with a card (no 'SMB' in the lead); the ZeroTier agreement is background (a zscaler-acquisition hit is a false positive).",
      "2026-11-18 11:30", "Zscaler goes downmarket, and means it this time",
      "zscaler-goes-downmarket-foundations", "Priya Raman",
      "A plan you can buy with a card is a first for a company that sells to the Fortune 500.",
      ["Zscaler", "Pricing"],
      """<p>For most of its history, buying Zscaler meant a sales cycle measured in months, a partner, a proof of concept and a contract negotiated line by line. On Monday the company introduced a plan that skips all of that. Zscaler Foundations is aimed at organizations of up to 150 people, can be bought online with a credit card, and is meant to be set up in an afternoon by someone who is not a security specialist.</p>
<p>Foundations bundles internet access, private application access and a simplified data-protection policy at a single per-user price that Zscaler did not publish but that customers in the early-access programme put at around $9 per user per month on annual terms. It runs on the same cloud as Zscaler's enterprise products.</p>
<h2>A long time coming</h2>
<p>Zscaler has tried to reach smaller customers before, mostly through partners and bundles. Those efforts left the product unchanged and relied on resellers to absorb the complexity. Foundations changes the product: setup is guided, policies are pre-built and the administrative console hides most of the knobs enterprise customers expect.</p>
<p>"The firms we talk to have one IT person who also orders the printer toner," said an executive at a managed service provider who has tested Foundations. "For them, this is the first Zscaler product that makes sense."</p>
<p>The launch comes a week after Zscaler agreed to take over ZeroTier, whose community edition is popular with small teams, and some analysts read the two moves as parts of one plan. Zscaler says Foundations does not include ZeroTier and was in development long before the deal.</p>
<h2>Pressure on rivals</h2>
<p>Foundations lands in a market already crowded with products for smaller organizations, from overlay networks priced per device to the small-business tiers of larger firewall vendors. Zscaler's pitch is that customers get the same inspection as large enterprises. Its challenge is that smaller customers are more price-sensitive and less patient with complexity than the ones it knows.</p>
<p>Foundations is available now in the US, Canada, the UK, Ireland and Australia.</p>"""),

    a("nd-week-in-zt-nov20", "zscaler-smb-mesh", "hard",
      "Buried signal: weekly roundup of many vendors' news; one bullet reports Zscaler's Client Connector beta letting two managed laptops talk directly. Other bullets are other vendors (NetBird, Palo Alto, Netskope) or non-signals.",
      "2026-11-20 17:00", "The week in zero trust: November 16-20",
      "week-in-zero-trust-november-16-20", "NetOps Dispatch staff",
      "Deals, betas, price moves and one very long outage.",
      ["Roundup"],
      """<p>Our weekly summary of what happened in remote access and zero trust networking.</p>
<ul>
<li><strong>Netskope</strong> closed its purchase of Defined Networking, the company behind the Nebula overlay, nine days after announcing it. Nebula stays open source.</li>
<li><strong>Palo Alto Networks</strong> put Prisma Access on sale to companies with fewer than 100 employees through a new partner-only bundle.</li>
<li><strong>NetBird</strong> raised the free tier of its hosted service to 10 users and added a monthly plan for small teams.</li>
<li><strong>Zscaler</strong> opened a beta of Client Connector 4.9 in which two managed laptops can talk to each other directly instead of through a broker in its cloud, when an administrator allows it.</li>
<li><strong>Fortinet</strong> fixed a critical authentication bypass in FortiGate SSL-VPN; patch now if you have not already.</li>
<li><strong>Microsoft</strong> said SMB signing will be required by default on all Windows Server editions from next year.</li>
<li><strong>A large regional ISP</strong> in Europe suffered a nine-hour outage after a routing change, taking several SASE points of presence with it.</li>
<li><strong>Gartner</strong> published its first market guide for "infrastructure access," naming eleven vendors.</li>
</ul>
<p>See you next week.</p>"""),

    a("nd-tg-machines", "twingate-platform", "hard",
      "Twingate moving to service-to-service and workload access ('connections that have no person behind them'); the comparison with Cloudflare is context.",
      "2026-11-19 10:00", "Twingate turns toward the machines",
      "twingate-turns-toward-the-machines", "Priya Raman",
      "The remote-access company now wants to broker the connections that have no person behind them.",
      ["Twingate", "Kubernetes"],
      """<p>Twingate built its business replacing VPNs for employees. Its announcements this week are about something else entirely: the services, pipelines and scripts that make up most of the connections on a modern network and have no person behind them.</p>
<p>The company introduced two pieces and previewed a third. Pods, CI jobs and cloud functions can now authenticate to Twingate with the token their platform already gives them, rather than with a stored key. Its Kubernetes operator, updated last week, can publish services inside one cluster so that workloads in another cluster reach them under policy. And an SDK for Go and Python, due next week, will let programs open connections to private resources at runtime.</p>
<p>"Our customers have hundreds of people and thousands of services," the company's chief product officer, Rafael Quintero, told NetOps Dispatch. "We were securing the smaller number."</p>
<h2>Crowded territory</h2>
<p>Service-to-service access is not an empty field. Cloud providers have their own identity federation, service meshes handle traffic inside clusters, and secrets managers hand out credentials. Twingate argues that none of them covers the messy middle: a job in one cloud reaching a database in another, or a build runner deploying into a private network.</p>
<p>Analysts see the move as defensive as much as ambitious. As Cloudflare, Zscaler and others add device-to-device features to their products, the market for simply replacing the VPN is getting crowded and cheaper. Workloads are a place where Twingate can charge for something new.</p>
<p>The workload identity and operator features are in beta for Business and Enterprise customers. The SDK is a preview, and Twingate has not said how machine access will be priced.</p>"""),

    a("nd-tg-cto-qa", "twingate-platform", "hard",
      "Interview: Twingate's CTO on giving every pod an identity and service discovery for workloads; keywords split across Q&A.",
      "2026-11-24 12:00", "Q&A: Twingate's CTO on why every pod should have an identity",
      "qa-twingate-cto-every-pod-identity", "Devon Achterberg",
      "Ayodele Martins on tokens, registries and the end of the shared API key.",
      ["Twingate", "Interview"],
      """<p><em>Twingate's chief technology officer, Ayodele Martins, joined the company in 2023 from a large cloud provider. We spoke about the company's new features for services and pipelines. The interview has been edited for length.</em></p>
<p><strong>NetOps Dispatch: Why does Twingate care about pods?</strong></p>
<p><strong>Martins:</strong> Because our customers' networks are mostly pods. When we looked at what was reaching the private resources behind our Connectors, people were a small minority. The rest was automation using static keys that nobody rotated.</p>
<p><strong>ND: What did you build?</strong></p>
<p><strong>Martins:</strong> Three things. A pod or a CI job can now show us the token its platform issued and get access based on what it is, not on a secret someone pasted into a config file. Our operator can make a service in one cluster reachable by workloads in another. And Connectors can tell us which services sit next to them, so workloads can find each other by name through us.</p>
<p><strong>ND: Isn't that a service mesh?</strong></p>
<p><strong>Martins:</strong> A service mesh is great inside a cluster. Most of the pain we see is between clusters, clouds and data centres, where a mesh doesn't reach and a VPN is too blunt.</p>
<p><strong>ND: Will customers pay for it?</strong></p>
<p><strong>Martins:</strong> We will find out. We are talking to customers about pricing per workload rather than per user, which is a different model for us.</p>"""),

    a("nd-gravitl-do", "netmaker-saas", "hard",
      "Cross-playbook trap: Netmaker's maker Gravitl sold to DigitalOcean ('sells itself'); Zscaler's ZeroTier deal appears as market context (a zscaler-acquisition hit is a false positive).",
      "2026-11-25 09:00", "Gravitl sells itself to DigitalOcean, and Netmaker gets a landlord",
      "gravitl-sells-to-digitalocean-netmaker", "Ines Carvalho",
      "The WireGuard platform's new owner wants a networking product for developers.",
      ["Netmaker", "Deals"],
      """<p>Gravitl, the company behind the open-source Netmaker networking platform, has agreed to sell itself to DigitalOcean, the two companies said on Monday. Terms were not disclosed. About 40 Gravitl employees will join DigitalOcean's networking group.</p>
<p>For DigitalOcean, the deal fills a gap. Its customers, mostly small companies and individual developers, have long asked for a simple way to connect Droplets, Kubernetes clusters and machines outside DigitalOcean on one private network. Netmaker, which builds WireGuard networks between hosts and manages them from a central server, does exactly that.</p>
<p>For Gravitl, the timing is notable. Only three weeks ago the company opened early access to a version of Netmaker that it runs for customers, so they no longer have to operate a server. DigitalOcean said the hosted version would become part of its cloud, and that the self-managed edition would stay open source.</p>
<h2>A busy month for overlays</h2>
<p>The deal is the third this month involving an overlay network company. Zscaler agreed to take over ZeroTier, and Netskope closed its purchase of Defined Networking. Buyers have different reasons: Zscaler and Netskope want the technology inside their security platforms, while DigitalOcean wants a product its developers can switch on.</p>
<p>Netmaker users on community forums reacted with a mix of relief and worry. Several asked whether the project would keep its permissive licence; DigitalOcean said it would.</p>"""),

    a("nd-netmaker-hosted-handson", "netmaker-saas", "hard",
      "Hands-on review of Netmaker's hosted control plane during early access ('the control plane is run by Gravitl').",
      "2026-11-19 14:00", "Hands-on: Netmaker without the server",
      "hands-on-netmaker-hosted-control-plane", "Tomás Ebner",
      "We tried the early-access version where Gravitl runs the control plane for you.",
      ["Netmaker", "Reviews"],
      """<p>The worst part of Netmaker has always been the first hour: provisioning a server, configuring DNS and certificates, and getting the broker running before you can connect a single machine. The early-access version that Gravitl opened this month removes that hour. The control plane is run by Gravitl; you sign up, create a network and start adding hosts.</p>
<p>We connected eight machines across two clouds and a home lab. Installing the client took one command per host, and hosts found each other within seconds. Relays for hosts behind strict NAT were provisioned automatically in the nearest of three regions.</p>
<h2>What's missing</h2>
<ul>
<li>There is no way yet to bring your own identity provider other than Google and GitHub.</li>
<li>Usage limits are generous but undocumented; Gravitl says pricing will be published when early access ends.</li>
<li>Some advanced features of the self-managed edition, such as custom egress gateways, are not yet available.</li>
</ul>
<p>For teams that liked Netmaker but did not want to run it, this is the version to try. For teams already running their own server, there is little reason to move yet.</p>"""),

    a("nd-service-mesh-retro", "none", "hard",
      "Service mesh retrospective at a fintech; Cloudflare appears only as its CDN. No vendor move.",
      "2026-11-12 10:00", "We ran a service mesh for five years. Here is what we would do differently",
      "ran-service-mesh-five-years-differently", "Guest contributor: Hana Petrovic",
      "A platform lead's honest accounting of sidecars, certificates and on-call pages.",
      ["Kubernetes", "Opinion"],
      """<p><em>Hana Petrovic leads the platform team at a European payments company.</em></p>
<p>In 2021 we adopted a service mesh across 400 services. This year we removed it from all but 30 of them. Neither decision was a mistake, but we learned a lot in between.</p>
<p>The mesh gave us mutual TLS everywhere without touching application code, which our auditors loved. It gave us retries and timeouts that teams configured inconsistently, which our on-call engineers did not love. Sidecars added memory to every pod and a few milliseconds to every call, and upgrading the mesh became a quarterly project that nobody wanted to own.</p>
<p>What we do now is simpler. Most services talk over plain mTLS using certificates issued by our platform. Traffic policy lives in the services' client libraries. The 30 services that remain on the mesh are the ones that genuinely need fine-grained traffic shifting. At the edge, nothing changed: Cloudflare still sits in front of our public APIs.</p>
<p>If I could go back, I would adopt the mesh for a handful of services first, measure what it costs, and only then decide. The technology was fine. Our appetite for it was the problem.</p>"""),

    a("nd-netbird-cloud-ga", "none", "hard",
      "Another vendor's hosted service and small-team pricing (NetBird); Netmaker and Tailscale mentioned only as rivals.",
      "2026-11-10 13:00", "NetBird's hosted service reaches general availability with small-team pricing",
      "netbird-hosted-service-general-availability", "Tomás Ebner",
      "The Berlin overlay company takes aim at teams that do not want to run their own server.",
      ["NetBird", "Pricing"],
      """<p>NetBird, the Berlin-based company behind an open-source WireGuard overlay, said its hosted service is generally available after a year in beta. A new Team plan costs $5 per user per month for up to 50 users, and a free tier covers five users and 100 machines.</p>
<p>The hosted service runs the management and signal servers for customers, who previously had to operate them themselves. NetBird says more than 60 percent of new sign-ups during the beta chose hosting over self-managing, mostly teams of fewer than twenty people.</p>
<p>NetBird competes with Tailscale, ZeroTier and Netmaker, all of which offer, or plan to offer, hosted control planes alongside self-managed options. The company said it would keep its self-hosted edition free and open source.</p>"""),

    a("nd-netskope-defined", "none", "hard",
      "Another buyer: Netskope 'snaps up' an overlay company (Defined Networking); Zscaler appears only as a competitor.",
      "2026-11-10 16:00", "Netskope snaps up Defined Networking to add overlay networking",
      "netskope-snaps-up-defined-networking", "Devon Achterberg",
      "The Nebula project's commercial steward joins a SASE vendor.",
      ["Netskope", "Deals"],
      """<p>Netskope has agreed to buy Defined Networking, the company that maintains the open-source Nebula overlay network and sells a managed version of it, the companies said on Monday. The price was not disclosed.</p>
<p>Nebula was created inside a large consumer technology company to connect tens of thousands of servers and was released as open source in 2019. Defined Networking, founded by two of its authors, sells a hosted management layer used mostly by infrastructure teams.</p>
<p>Netskope said Nebula would let its customers connect servers and devices directly while applying Netskope's security policies. The deal puts Netskope into a market that it, like Zscaler, had previously dismissed as a niche for engineers.</p>
<p>Defined Networking's 25 employees will join Netskope. Nebula will remain open source under its current licence, the companies said.</p>"""),

    a("nd-opinion-zs-tg", "none", "hard",
      "Opinion column arguing Zscaler should buy Twingate; no deal, talks or report.",
      "2026-11-08 09:00", "Zscaler needs a mesh story. Buying Twingate would give it one",
      "zscaler-needs-mesh-story-buy-twingate", "Column by Leo Hartigan",
      "An outside view on what the zero trust incumbent is missing.",
      ["Opinion", "Zscaler", "Twingate"],
      """<p><em>Leo Hartigan is a former network architect and writes a monthly column for NetOps Dispatch.</em></p>
<p>Zscaler is a remarkable business with an awkward gap. Its cloud inspects the traffic of some of the largest companies in the world, but it has nothing for the engineer who wants two machines to talk to each other quickly, and nothing a 30-person company can buy on a Tuesday afternoon.</p>
<p>If I ran Zscaler's corporate development team, I would be calling Twingate. Its product is liked by administrators, its customer base skews toward the mid-sized companies Zscaler struggles to reach, and its recent work on access for services would give Zscaler a story for the machines.</p>
<p>Would Twingate sell? I have no idea, and nothing I have heard suggests the two companies have spoken. Would it be cheap? Not after the last two years of growth. But Zscaler has the cash, and building all of this itself would take longer than its rivals will wait.</p>
<p>Zscaler may well decide to build rather than buy. Either way, the gap is real, and somebody is going to fill it.</p>"""),

    a("nd-mesh-wifi-branch", "none", "hard",
      "Mesh Wi-Fi buyer's guide; 'mesh' in the wireless sense, small offices as customers, no vendor move.",
      "2026-11-13 08:00", "Mesh Wi-Fi for small branch offices: a buyer's guide",
      "mesh-wifi-small-branch-offices-buyers-guide", "Tomás Ebner",
      "When one access point is not enough and a controller is too much.",
      ["Wireless", "Guides"],
      """<p>A small branch office with thirty people, an awkward floor plan and no on-site IT is where mesh Wi-Fi systems earn their keep. Several access points connect to each other wirelessly, so only one needs a cable back to the router, and a cloud dashboard replaces the controller that larger sites use.</p>
<h2>What to look for</h2>
<ul>
<li><strong>A wired backhaul option.</strong> Wireless links between mesh nodes halve throughput with every hop. If you can run even one cable, do.</li>
<li><strong>Tri-band radios.</strong> A dedicated radio for node-to-node traffic keeps client performance up.</li>
<li><strong>VLAN support.</strong> Guest traffic and office traffic should not share a network.</li>
<li><strong>Cloud management with role-based access.</strong> A managed service provider should be able to look after many sites without sharing one password.</li>
</ul>
<p>We tested six systems over four weeks in a two-storey office. Prices ranged from $450 to $1,900 for three nodes. Our favourite balanced coverage and management well; the cheapest was fine for a single open-plan floor but struggled through concrete.</p>"""),

    a("nd-smb-signing", "none", "hard",
      "SMB = Server Message Block: signing requirements for Windows file servers; Zscaler's research cited as a source only.",
      "2026-11-15 11:00", "SMB signing by default: what changes for your file servers",
      "smb-signing-default-file-servers", "Priya Raman",
      "Microsoft's new default will break some old devices. Here is how to prepare.",
      ["Windows", "Security"],
      """<p>Microsoft says SMB signing will be required by default on every edition of Windows Server from next year, extending a change it first made for Windows 11 clients. Signing protects file-sharing sessions against relay and tampering attacks, which remain a common way for intruders to move through a network.</p>
<p>The change is overdue. Research published this month by Zscaler's ThreatLabz counted more than 3,000 networks still sending SMBv1 traffic to the internet, and incident responders regularly find NTLM relay attacks against unsigned SMB servers in ransomware cases.</p>
<h2>What will break</h2>
<ul>
<li>Older multifunction printers and scanners that save to network shares.</li>
<li>Some network-attached storage devices with outdated firmware.</li>
<li>Legacy applications that connect to shares with guest access.</li>
</ul>
<p>Administrators can audit which clients would fail by enabling signing in audit mode now, then replacing or updating the devices that show up. Turning signing off again is possible but should be a last resort.</p>"""),

    a("nd-tg-price-msp", "none", "hard",
      "Twingate pricing and MSP channel news; neither is a platform move (and another vendor's price cut is not a Zscaler SMB signal).",
      "2026-11-20 10:00", "Twingate trims Business plan price and expands its MSP programme",
      "twingate-trims-business-price-msp", "Tomás Ebner",
      "A cheaper entry point and a console for providers who manage many customers.",
      ["Twingate", "Pricing"],
      """<p>Twingate has cut the price of its Business plan to $8 per user per month from $10 and introduced a console for managed service providers that lets them administer many customer networks from one account.</p>
<p>The company said the price change reflects lower infrastructure costs and competition from rivals that have expanded their free tiers. Existing customers will move to the new price at their next renewal.</p>
<p>The MSP console includes tenant templates, consolidated billing and delegated support access. Twingate said the number of MSPs reselling its product had tripled over the past year, mostly providers serving companies with fewer than 200 employees.</p>"""),

    a("nd-cf-mesh-ja", "none", "hard",
      "Non-English (xml:lang ja): Japanese article about Cloudflare's mesh beta; loanwords (Cloudflare One, WARP) are not a hit.",
      "2026-11-12 04:00", "Cloudflare、Cloudflare One にメッシュ型ネットワーク機能をベータ提供",
      "cloudflare-one-mesh-beta-ja", "Kenji Morimoto",
      "デバイス同士を直接つなぐ機能で、オーバーレイ型 VPN 各社と競合へ。",
      ["Cloudflare", "Japanese"], lang="ja", body="""<p>Cloudflare は、ゼロトラスト製品群 Cloudflare One にメッシュ型のネットワーク機能を追加し、オープンベータとして提供を開始した。WARP クライアントを導入した端末や cloudflared を実行するサーバーが、同じ組織内の他のメンバーに直接接続できるようになる。</p>
<p>ネットワーク環境が許す場合は端末同士が直接通信し、それができない場合は Cloudflare のデータセンターを経由して中継される。通信は Gateway のネットワークポリシーの対象となり、ログも記録される。</p>
<p>端末同士を直接つなぐ仕組みは、これまでオーバーレイ型 VPN を提供する各社の特徴だった。プロキシ型のアーキテクチャで知られる Cloudflare がこの分野に参入したことで、競争が一段と激しくなりそうだ。ベータ期間中は 1 アカウントあたり最大 1,000 メンバーまで利用できる。</p>"""),

    a("nd-zs-foundations-fr", "none", "hard",
      "Non-English (xml:lang fr): French article about Zscaler Foundations; loanwords (Foundations, self-service) are not a hit.",
      "2026-11-18 07:30", "Zscaler lance Foundations, une offre en libre-service pour les petites structures",
      "zscaler-foundations-libre-service-fr", "Claire Dumont",
      "Pour la première fois, le spécialiste du zero trust se vend sans commercial.",
      ["Zscaler", "Français"], lang="fr", body="""<p>Zscaler a présenté lundi Foundations, une nouvelle formule destinée aux organisations de 150 personnes au plus. Elle s'achète en ligne, par carte bancaire, et se configure en quelques heures grâce à un assistant qui connecte le fournisseur d'identité, déploie Client Connector sur les postes et publie une première application privée.</p>
<p>L'offre regroupe l'accès sécurisé à Internet, l'accès aux applications privées et une politique simplifiée de protection des données, pour un prix unique par utilisateur, facturé au mois ou à l'année. Elle repose sur la même infrastructure que les offres destinées aux grands comptes.</p>
<p>Jusqu'ici, Zscaler ne s'adressait aux petites entreprises qu'à travers ses partenaires. Foundations est d'abord disponible en Amérique du Nord, au Royaume-Uni, en Irlande et en Australie ; la France devrait suivre au premier semestre 2027.</p>"""),

    a("nd-zs-shopping-2025", "none", "hard",
      "Stale: published 2025-10-02 (first seen 2026-12-01): old speculation about Zscaler buying a mesh VPN.",
      "2025-10-02 09:00", "Is Zscaler shopping for a mesh VPN?",
      "is-zscaler-shopping-for-mesh-vpn", "Devon Achterberg",
      "Hiring patterns and an analyst day remark fuel speculation.",
      ["Zscaler", "Deals"],
      """<p>Zscaler executives fielded several questions about overlay networks at last week's analyst day, and one answer has been quoted ever since: asked whether the company would build or buy a peer-to-peer capability, the chief strategy officer said "we never rule anything out."</p>
<p>Bankers who work on security deals say Zscaler has spoken with at least two overlay companies this year, though neither conversation is said to be advanced. ZeroTier and Twingate are the names most often mentioned. Both declined to comment.</p>
<p>Zscaler has more than $2 billion in cash and has made several small acquisitions in the past three years, most of them folded into its platform within a year.</p>"""),

    a("nd-ddos-script-trap", "none", "hard",
      "Keywords only in markup: a <script> block and an iframe src carry 'Cloudflare mesh networking' and 'peer-to-peer'; visible text is about a DDoS attack.",
      "2026-11-21 12:00", "Magic Transit absorbed a 9 Tbps attack. Here is what it looked like",
      "magic-transit-9-tbps-attack", "Ines Carvalho",
      "A record volumetric attack, and why the target barely noticed.",
      ["Cloudflare", "DDoS"],
      """<script>var dispatchTrack = {section: "cloudflare", related: ["cloudflare mesh networking", "peer-to-peer", "service mesh"], sponsor: "Cloudflare Connect"};</script>
<p>A hosting company in Southeast Asia was hit last week by a volumetric attack that peaked at 9.1 terabits per second, according to Cloudflare, which protects the company's network with its Magic Transit service. The attack lasted 70 seconds and came from about 40,000 compromised routers and set-top boxes.</p>
<p>The target's customers saw no disruption, the company said, because the traffic was absorbed across more than 300 Cloudflare locations before it reached the company's own links. The hosting provider's chief technology officer said his team learned of the attack from an automated report the next morning.</p>
<p>Attacks of this size have become more frequent this year as botnets built from poorly secured consumer devices have grown. Most last under two minutes, which is too short for manual mitigation.</p>
<p><iframe src="https://player.netopsdispatch.com/embed/cloudflare-mesh-networking-peer-to-peer-explainer" title="Video" width="640" height="360"></iframe></p>"""),

    a("nd-cf-tg-posture", "none", "hard",
      "Partnership / integration between Cloudflare and Twingate (device posture sharing); neither a Cloudflare mesh move nor a Twingate platform move.",
      "2026-11-17 09:30", "Cloudflare and Twingate agree to share device posture signals",
      "cloudflare-twingate-share-device-posture", "Priya Raman",
      "Customers that run both products will no longer need two endpoint checks.",
      ["Cloudflare", "Twingate", "Partnerships"],
      """<p>Cloudflare and Twingate have agreed to share device posture information, so that a customer using Cloudflare's secure web gateway and Twingate for private access can evaluate a laptop once rather than twice.</p>
<p>Under the integration, the Twingate Client can report its posture checks to Cloudflare One, and Cloudflare's WARP client can pass its device health results to Twingate. Administrators enable the link from either console.</p>
<p>The companies said a number of shared customers had asked for the integration. It is available now at no additional cost.</p>"""),

    a("nd-ztna-market-q3", "none", "easy",
      "Market-size report; no vendor move.",
      "2026-11-28 10:00", "ZTNA market grew 31% in the third quarter, analysts say",
      "ztna-market-grew-31-percent-q3", "NetOps Dispatch staff",
      "Growth is strongest among mid-sized buyers replacing VPN appliances.",
      ["Market"],
      """<p>Spending on zero trust network access products grew 31 percent year over year in the third quarter, according to a report by an industry research firm, reaching an estimated $1.4 billion for the quarter.</p>
<p>The firm said growth was strongest among organizations with 500 to 5,000 employees replacing ageing VPN appliances, and weakest in the public sector, where budgets were held back by procurement delays. The five largest vendors accounted for about 60 percent of revenue, unchanged from a year earlier.</p>
<p>The report expects growth to slow to about 25 percent next year as the market matures and prices fall.</p>"""),
]
