"""Zscaler blog as a JSON Feed 1.1 (competitor zscaler)."""
from .common import item

FILE = "zscaler-insights.json"
RENDER = "jsonfeed"
B = "https://www.zscaler.com/blogs/"
META = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Zscaler Blog",
    "home_page_url": "https://www.zscaler.com/blogs",
    "feed_url": "https://www.zscaler.com/blogs/feed.json",
    "description": "News, product insights and research from Zscaler.",
    "icon": "https://www.zscaler.com/themes/custom/zscaler/img/icon-512.png",
    "language": "en-US",
    "authors": [{"name": "Zscaler", "url": "https://www.zscaler.com"}],
}

ITEMS = [
    item("zs-welcome-zerotier", "zscaler-acquisition", "hard",
         "Cross-playbook trap: deal announced without 'acquire' (agreement under which ZeroTier 'will become part of' Zscaler); direct device paths are only a plan, so a zscaler-smb-mesh hit is a false positive.",
         "2026-11-12 13:10", "An agreement to welcome ZeroTier",
         link=B + "company-news/agreement-welcome-zerotier",
         authors=["Priya Venkataraman, Chief Strategy Officer"],
         summary="ZeroTier's people and its open-source network engine are coming to Zscaler.",
         tags=["Company News"],
         body="""<p>This morning our board approved, and ZeroTier's founders signed, the papers under which ZeroTier will become part of Zscaler. Regulators still have to look at the deal, which we expect to take weeks rather than months; after that, the ZeroTier team will join our networking organisation in San Jose and keep working from Irvine and Amsterdam.</p>
<p>Why ZeroTier? For fifteen years the Zero Trust Exchange has been the place where every connection is brokered, inspected and logged. That model is right for most traffic. But our customers keep telling us about the traffic that does not fit it: a build server talking to a test rig on a factory floor, two engineers pairing across continents, a fleet of kiosks that only ever talk to each other. ZeroTier's engine has been solving exactly that problem since 2011, and its community edition runs on more than a million devices.</p>
<h2>What stays the same</h2>
<ul>
<li>ZeroTier One remains open source under its current licence.</li>
<li>Existing ZeroTier Central plans keep their prices through at least the end of 2027.</li>
<li>Support contracts move over unchanged; your account team will not change before the transaction closes.</li>
</ul>
<p>Over time we plan to let Client Connector use ZeroTier's path-finding so that managed devices can talk to each other where policy allows. That is a plan, not a product, and we will say more when there is something to try.</p>
<p>To everyone at ZeroTier: welcome. We are glad you are coming.</p>"""),

    item("zs-zerotier-closed", "zscaler-acquisition", "hard",
         "Cross-playbook trap: completion of the ZeroTier purchase ('the transaction closed', 'now a Zscaler company'); mentions the Foundations plan as background, which is not a new SMB signal.",
         "2026-11-30 16:45", "ZeroTier is now a Zscaler company: what changes on day one",
         link=B + "company-news/zerotier-now-zscaler-company-day-one",
         authors=["Marcus Oyelaran, VP Customer Success"],
         summary="The transaction closed this morning. Here is what ZeroTier and Zscaler customers should expect.",
         tags=["Company News", "Customers"],
         body="""<p>The transaction we announced on November 12 closed this morning, and ZeroTier, Inc. is now a wholly owned Zscaler company. If you are a ZeroTier customer, very little changes today, and we want to be specific about what does.</p>
<h2>For ZeroTier customers</h2>
<ul>
<li>Your networks, controllers and API tokens keep working. Nothing is being migrated.</li>
<li>Invoices will show Zscaler, Inc. as the seller starting with the January billing cycle.</li>
<li>The ZeroTier status page, documentation and forum stay where they are.</li>
</ul>
<h2>For Zscaler customers</h2>
<p>There is nothing to do. Private access through ZPA and the Zero Trust Exchange continues as before. Customers on the Foundations plan we introduced two weeks ago will see the same product they signed up for; we are not bundling ZeroTier into Foundations at this time.</p>
<h2>What comes next</h2>
<p>Engineering teams from both sides begin working together next week. Our first joint milestone is single sign-on between ZeroTier Central and the Zscaler admin portal, which we expect in the first quarter. We will publish a public roadmap once the teams have had time to agree on one.</p>
<p>Questions can go to your account manager or to the ZeroTier support desk as usual.</p>"""),

    item("zs-week-recap-nov13", "zscaler-acquisition", "hard",
         "Buried signal: weekly recap; one bullet reports the ZeroTier agreement ('founders will join us once the deal we signed on Thursday closes'). Title gives no hint.",
         "2026-11-13 22:00", "This week at Zscaler: November 9-13",
         link=B + "company-news/this-week-zscaler-november-9-13",
         authors=["Zscaler Editorial Team"],
         summary="A webinar series, new ThreatLabz findings, a customer award and more.",
         tags=["Recap"],
         body="""<p>Here is everything that happened on the blog, in the product and around the company this week.</p>
<ul>
<li><strong>ThreatLabz</strong> published its analysis of a loader family that abuses signed installers for remote-management tools. Indicators are in the research hub.</li>
<li><strong>Zero Trust Branch</strong> picked up two new certified hardware partners for retail stores in Latin America.</li>
<li><strong>Webinars:</strong> our "Zero Trust in 30 minutes" series returns on December 2 with a session on replacing site-to-site VPN for distribution centres.</li>
<li><strong>Corporate:</strong> ZeroTier's founders and engineers will join us once the deal we signed on Thursday closes; Priya's post explains why their network engine matters to us.</li>
<li><strong>Customers:</strong> a European rail operator received an industry award for its migration of 22,000 field workers off legacy remote access.</li>
<li><strong>Careers:</strong> we opened more than 60 roles in engineering across Bangalore, San Jose and Toronto.</li>
<li><strong>Community:</strong> the Zenith Community forum passed 40,000 members.</li>
</ul>
<p>See you next week.</p>"""),

    item("zs-foundations-launch", "zscaler-smb-mesh", "hard",
         "SMB edition launched without 'SMB' or 'small business': 'organisations with up to 150 people', 'sign up with a credit card', self-serve trial.",
         "2026-11-17 14:00", "Zero trust for teams that don't have a security team",
         link=B + "product-insights/zero-trust-teams-without-security-team",
         authors=["Hannah Liu, Product Management"],
         summary="Introducing Zscaler Foundations: internet and private app protection you can buy and deploy yourself.",
         tags=["Product Insights", "Zscaler Foundations"],
         body="""<p>Most of our customers have a security team, a network team and a procurement team. Many of the organisations that ask us for help have none of those: a dental group with nine offices, a design studio of forty people, a regional logistics firm where the IT department is one very busy person.</p>
<p>Today we are opening <strong>Zscaler Foundations</strong> to them. Foundations is built for organisations with up to 150 people, and it is the first Zscaler plan you can buy without talking to anyone:</p>
<ul>
<li>Sign up with a work email and a credit card; a 30-day trial needs no card at all.</li>
<li>A guided setup connects your identity provider, pushes Client Connector to devices and publishes your first private app in about an hour.</li>
<li>Secure internet access, private app access and a simplified data-protection policy are included in one per-user price, billed monthly or yearly.</li>
<li>Policies come pre-built for common cases, with plain-language explanations instead of rule tables.</li>
</ul>
<p>Foundations runs on the same Zero Trust Exchange as our largest customers, with the same inspection and the same uptime commitment. When an Foundations customer grows past 150 people, it can move to our other plans without reinstalling anything.</p>
<p>You can sign up today if you are based in North America, the UK, Ireland or Australia; other countries follow during the first half of next year.</p>"""),

    item("zs-cc-direct-paths", "zscaler-smb-mesh", "hard",
         "Mesh capability without 'mesh' or 'peer-to-peer': two enrolled devices exchange traffic directly instead of through a ZPA broker (beta).",
         "2026-11-19 15:30", "Client Connector 4.9 beta: the shortest route between two laptops",
         link=B + "product-insights/client-connector-49-beta-direct-paths",
         authors=["Tomasz Wieczorek, Principal Product Manager"],
         summary="When policy allows it, two enrolled endpoints can now exchange traffic without a detour through the cloud.",
         tags=["Product Insights", "Zscaler Private Access"],
         body="""<p>Until now every private connection made through Client Connector followed the same route: from the device to the nearest Zero Trust Exchange data centre, through a broker, and out through an App Connector next to the application. That works well when the application sits in a data centre. It works less well when the "application" is another laptop.</p>
<p>In the Client Connector 4.9 beta, two enrolled devices in the same tenant can exchange traffic directly when an administrator allows it. Policy is still evaluated in the Zero Trust Exchange, which issues both ends short-lived keys and logs the session; only the packets take the short way, straight between the two machines, across the office LAN or through home routers using hole punching. If no direct path can be found, traffic falls back to the brokered route automatically.</p>
<h2>What people use it for</h2>
<ul>
<li>Support engineers reaching a user's desktop for remote assistance without a relay adding latency.</li>
<li>Developers sharing a local service with a colleague for a code review.</li>
<li>Point-of-sale terminals syncing with the back-office PC in the same shop.</li>
</ul>
<p>The feature is off by default. Turn them on per device group under Policy &gt; Device Connectivity. The beta is open to all ZPA customers and to Foundations customers.</p>"""),

    item("zs-release-highlights-nov", "zscaler-smb-mesh", "hard",
         "Buried signal: monthly release notes; one bullet under 'Plans and billing' cuts the list price of the existing small-team package (Business Starter, under 500 users) from $8 to $6 per user: a lower price point.",
         "2026-11-27 18:20", "Release highlights: November 2026",
         link=B + "product-insights/release-highlights-november-2026",
         authors=["Zscaler Product Team"],
         summary="Twenty-one improvements across ZIA, ZPA, ZDX and the admin portal.",
         tags=["Product Insights", "Release Notes"],
         body="""<p>A summary of what shipped across the platform in November. Full details are in the release notes for each service.</p>
<h2>Internet access</h2>
<ul>
<li>Cloud firewall rules can now reference device posture profiles.</li>
<li>TLS inspection adds support for two additional post-quantum key exchange groups.</li>
<li>URL categories gain "generative AI: code assistants" as a separate category.</li>
</ul>
<h2>Private access</h2>
<ul>
<li>App Connector groups can be upgraded on a schedule per region.</li>
<li>Browser access supports custom error pages.</li>
</ul>
<h2>Digital experience</h2>
<ul>
<li>ZDX adds call-quality scores for two more meeting platforms.</li>
<li>Alert rules can be scoped to a single department.</li>
</ul>
<h2>Plans and billing</h2>
<ul>
<li>Business Starter, our package for organisations with fewer than 500 users, now lists at $6 per user per month, down from $8, for new and renewing customers.</li>
<li>Invoices can be downloaded as CSV from the admin portal.</li>
</ul>
<h2>Admin portal</h2>
<ul>
<li>Audit logs can be streamed to two additional SIEMs.</li>
<li>The policy search box understands app segment names.</li>
</ul>"""),

    item("zs-smbv1-exposure", "none", "hard",
         "SMB = the Server Message Block protocol; threat research, no offer for small businesses.",
         "2026-11-06 17:00", "SMBv1 refuses to die: what our cloud saw in Q3",
         link=B + "security-research/smbv1-refuses-die-q3",
         authors=["ThreatLabz"],
         summary="Legacy file-sharing traffic is still crossing the internet, and attackers are noticing.",
         tags=["Security Research"],
         body="""<p>Version 1 of the Server Message Block protocol was deprecated years ago, yet in the third quarter our cloud observed SMBv1 negotiation attempts leaving more than 3,100 customer networks toward the internet. Most came from printers, medical imaging devices and building-management controllers that nobody has touched in a decade.</p>
<p>That matters because the same exploitation techniques that powered the large worm outbreaks of the last decade still work against unpatched SMB stacks. We tracked three ransomware affiliates scanning for exposed SMB services on port 445 and moving laterally with stolen NTLM hashes once inside.</p>
<h2>Recommendations</h2>
<ul>
<li>Block outbound TCP 445 at the firewall; there is almost never a business reason to allow it.</li>
<li>Inventory devices that still negotiate SMBv1 and isolate them behind an App Connector.</li>
<li>Require SMB signing on file servers and disable NTLM where you can.</li>
</ul>
<p>We have published the indicators for these campaigns in our GitHub repository.</p>"""),

    item("zs-ransomware-small-firms", "none", "hard",
         "Threat research about small businesses (ransomware statistics); no new offer or price.",
         "2026-11-09 16:00", "Ransomware's favourite targets are getting smaller",
         link=B + "security-research/ransomware-favourite-targets-getting-smaller",
         authors=["ThreatLabz"],
         summary="Organisations with fewer than 250 employees made up more than half of leak-site victims this year.",
         tags=["Security Research"],
         body="""<p>For this report we reviewed 6,400 victim listings on ransomware leak sites between January and October. Organisations with fewer than 250 employees accounted for 54 percent of them, up from 41 percent a year earlier. Small businesses are not more valuable targets; they are easier ones, and affiliate programmes have learned to run more, smaller operations.</p>
<h2>Why small firms are exposed</h2>
<ul>
<li>Remote-access appliances that are rarely patched: 37 percent of initial access we could attribute came through an internet-facing VPN or firewall.</li>
<li>Shared administrator accounts without multi-factor authentication.</li>
<li>Backups stored on the same network share as production data.</li>
</ul>
<p>Ransom demands against these victims were modest, with a median of $85,000, but the median downtime was 11 days. For a company of forty people, that can be the end of the business.</p>
<p>The recommendations at the end of this report apply whatever tools you use: patch edge devices first, turn on multi-factor authentication everywhere, and keep one copy of your backups offline.</p>"""),

    item("zs-bank-vpn-retirement", "none", "hard",
         "Enterprise customer story that mentions small businesses in passing; no SMB offer, no mesh capability.",
         "2026-11-10 15:00", "How a global bank retired 40,000 VPN accounts in nine months",
         link=B + "customer-stories/global-bank-retired-40000-vpn-accounts",
         authors=["Elena Rossi, Customer Advisory"],
         summary="Phased migration, a strict app inventory and a lot of user communication.",
         tags=["Customer Stories", "Zscaler Private Access"],
         body="""<p>When the bank's chief information security officer set a nine-month deadline for switching off remote-access VPN, most of her team thought it was optimistic. The bank had 40,000 VPN accounts, 2,300 internal applications and branches in 31 countries.</p>
<p>The team began with an inventory. Using ZPA's application discovery for six weeks, they found that 70 percent of VPN traffic went to just 140 applications. Those were published first, to volunteers, then to whole departments. The long tail of rarely used applications was handled app by app, and 400 of them were retired instead of migrated.</p>
<p>Communication mattered as much as technology. Every wave got a two-minute video, a one-page guide and a named contact. Help-desk tickets fell after the second wave instead of rising.</p>
<p>"People assume this only works for a big organisation with a big team," the programme lead told us. "The approach is the same one a small business would use. Ours just had more applications." The last VPN concentrator was powered off in September.</p>"""),

    item("zs-msp-partner-tier", "none", "hard",
         "Selling to SMBs only through MSP partners, with no new offer or price (existing products).",
         "2026-11-20 15:00", "A new partner tier for managed service providers",
         link=B + "partners/new-partner-tier-managed-service-providers",
         authors=["Daniel Okafor, Global Channel Programs"],
         summary="Multi-tenant management and co-selling support for MSPs serving smaller customers.",
         tags=["Partners"],
         body="""<p>Hundreds of thousands of smaller organisations will never employ a security engineer; many of them rely on a managed service provider instead. Starting in January, MSPs can join a dedicated tier of the Zscaler Partner Program designed around how they work.</p>
<ul>
<li>One login from which a provider administers ZIA and ZPA across all of its customers.</li>
<li>Consumption-based billing to the partner, so the MSP can package Zscaler inside its own services.</li>
<li>Co-selling support and marketing funds for partners that reach agreed growth targets.</li>
</ul>
<p>The products MSPs resell are the same ones our partners already offer today; the tier changes how they are managed and billed, not what they include. Partners interested in the tier can apply through the partner portal from December 1.</p>"""),

    item("zs-buys-quillon", "none", "hard",
         "Zscaler buying an unrelated company (an AI red-teaming startup), not a mesh / ZTNA peer.",
         "2026-11-24 14:00", "Zscaler acquires Quillon to test AI applications before attackers do",
         link=B + "company-news/zscaler-acquires-quillon",
         authors=["Priya Venkataraman, Chief Strategy Officer"],
         summary="Quillon's automated red-teaming will become part of our AI security portfolio.",
         tags=["Company News", "AI Security"],
         body="""<p>Today we completed the acquisition of Quillon, a 30-person company in Tel Aviv whose software attacks AI applications the way a determined adversary would: prompt injection, data extraction, tool abuse and jailbreaks, run continuously against every model and agent a company deploys.</p>
<p>Our customers are shipping AI features faster than their security teams can review them. Quillon gives those teams an automated red team that reports what broke and why, and its findings will feed the AI guardrails in the Zero Trust Exchange so that a weakness discovered in testing is blocked in production the same day.</p>
<p>Quillon's founders, Noa Ben-Ami and Yuval Sharabi, will lead the AI assurance product line. Existing Quillon customers keep their contracts and support. Financial terms were not disclosed; we do not expect the purchase to affect our results materially.</p>"""),

    item("zs-foundations-de", "none", "hard",
         "Non-English (JSON Feed item language de): German version of the Foundations launch; English loanwords (Foundations, Self-Service, Client Connector) are not a hit.",
         "2026-11-18 09:00", "Zero Trust für Teams ohne eigenes Sicherheitsteam",
         link=B + "de/product-insights/zero-trust-fuer-teams-ohne-sicherheitsteam",
         authors=["Hannah Liu, Product Management"],
         summary="Zscaler Foundations: Internetschutz und privater App-Zugriff zum Selbstbuchen.",
         tags=["Product Insights", "Zscaler Foundations"], lang="de",
         body="""<p>Viele Organisationen, die uns um Hilfe bitten, haben weder ein Sicherheitsteam noch eine eigene Netzwerkabteilung: eine Zahnarztpraxis mit neun Standorten, ein Designbüro mit vierzig Beschäftigten, ein Logistikbetrieb, in dem eine einzige Person die gesamte IT betreut.</p>
<p>Für sie gibt es ab heute <strong>Zscaler Foundations</strong>, gedacht für Organisationen mit bis zu 150 Mitarbeitenden und erstmals vollständig im Self-Service buchbar:</p>
<ul>
<li>Registrierung mit geschäftlicher E-Mail-Adresse und Kreditkarte; die 30-tägige Testphase kommt ohne Karte aus.</li>
<li>Ein geführtes Setup verbindet den Identity Provider, verteilt den Client Connector und veröffentlicht die erste private Anwendung in etwa einer Stunde.</li>
<li>Internetschutz, privater App-Zugriff und eine vereinfachte Datenschutzrichtlinie zu einem Preis pro Nutzer, monatlich oder jährlich abgerechnet.</li>
</ul>
<p>Foundations läuft auf derselben Zero Trust Exchange wie bei unseren größten Kunden. Wächst eine Organisation über 150 Personen hinaus, wechselt sie ohne Neuinstallation in einen anderen Tarif. Verfügbar zunächst in Nordamerika, Großbritannien, Irland und Australien; der deutschsprachige Raum folgt im ersten Halbjahr.</p>"""),

    item("zs-zerotier-ja", "none", "hard",
         "Non-English (JSON Feed item language ja): Japanese version of the ZeroTier agreement post; loanwords ZeroTier, Zscaler are not a hit.",
         "2026-11-13 03:00", "ZeroTier が Zscaler の一員に",
         link=B + "ja/company-news/zerotier-zscaler-ichiin",
         authors=["Priya Venkataraman, Chief Strategy Officer"],
         summary="ZeroTier のチームとオープンソースのネットワークエンジンが Zscaler に加わります。",
         tags=["Company News"], lang="ja",
         body="""<p>本日、ZeroTier の創業者との間で、ZeroTier が Zscaler の一員となることについて合意しました。通常の規制当局による審査が完了した後、ZeroTier のチームはサンノゼの当社ネットワーク部門に加わり、アーバインとアムステルダムの拠点でも引き続き業務を行います。</p>
<p>Zero Trust Exchange はこれまで、すべての接続を仲介し、検査し、記録する場所でした。しかしお客様からは、この形に合わない通信についての声が多く寄せられています。工場のテスト機器と通信するビルドサーバー、大陸をまたいで共同作業するエンジニア、互いにだけ通信するキオスク端末などです。ZeroTier のエンジンは 2011 年からまさにこの課題に取り組んできました。</p>
<ul>
<li>ZeroTier One は現行のライセンスのままオープンソースとして提供を続けます。</li>
<li>既存の ZeroTier Central のプランは、少なくとも 2027 年末まで価格を据え置きます。</li>
<li>サポート契約はそのまま引き継がれます。</li>
</ul>
<p>ZeroTier チームの皆さん、ようこそ。</p>"""),

    item("zs-zdx-attr-trap", "none", "hard",
         "Keywords only in markup: image alt and link href carry 'peer-to-peer mesh' and 'small-business'; visible text is about ZDX Wi-Fi diagnostics.",
         "2026-11-16 16:00", "ZDX now tells you when the problem is the home Wi-Fi",
         link=B + "product-insights/zdx-home-wifi-diagnostics",
         authors=["Rahul Menon, Product Management"],
         summary="New client-side signals separate home network trouble from application trouble.",
         tags=["Product Insights", "Zscaler Digital Experience"],
         image="https://www.zscaler.com/sites/default/files/images/blogs/zdx-peer-to-peer-mesh-diagram.png",
         body="""<p><img src="https://www.zscaler.com/sites/default/files/images/blogs/zdx-wifi-signal.png" alt="peer-to-peer mesh networking diagram for small business offices" width="1200" height="630"></p>
<p>When a call drops or an application crawls, the first question the help desk asks is "is it us or is it you?" Digital Experience can now answer that more precisely for people working from home.</p>
<p>Client Connector collects three new signals from the device: the Wi-Fi signal strength and channel congestion, the latency to the home router, and the latency from the router to the internet provider's first hop. ZDX combines them into a score that appears next to each user's application scores.</p>
<ul>
<li>If the router is slow to answer, the problem is the local network.</li>
<li>If the router answers quickly but the provider's first hop does not, the problem is the internet connection.</li>
<li>If both are healthy, the problem is further along, and the usual ZDX path analysis takes over.</li>
</ul>
<p>Administrators can see the new score today. Read more in the <a href="https://help.zscaler.com/zdx/small-business-peer-to-peer-mesh-troubleshooting">help article</a>.</p>"""),

    item("zs-p2p-inspection-opinion", "none", "hard",
         "Zscaler argues against peer-to-peer VPNs (opinion); uses 'peer-to-peer' and 'mesh' about other products, announces nothing.",
         "2026-11-08 15:00", "Why direct tunnels between laptops are a blind spot",
         link=B + "product-insights/why-direct-tunnels-between-laptops-blind-spot",
         authors=["Sanjay Mehra, Field CTO"],
         summary="Peer-to-peer overlays are convenient. They are also very hard to inspect.",
         tags=["Product Insights", "Perspectives"],
         body="""<p>Engineers love mesh VPNs, and it is easy to see why. You install an agent, log in, and every machine can reach every other machine as if they were on the same switch. No tickets, no firewall changes, no waiting.</p>
<p>Security teams should be more cautious. In a peer-to-peer overlay, traffic between two endpoints never passes a point where it can be inspected. Data-loss policies cannot see it. Malware that lands on one laptop can reach every other laptop that shares the overlay. Access decisions are made by access lists on the devices themselves, which tend to grow and rarely shrink.</p>
<p>We talk to customers every week who found an unsanctioned mesh network during an incident. The question we ask them is simple: if this path had gone through an inspection point, would the incident have been smaller?</p>
<p>Convenience and control are not opposites. The answer is not to forbid engineers from connecting things; it is to make the inspected path fast enough that nobody wants to route around it.</p>"""),

    item("zs-zenith-live-dates", "none", "easy",
         "Event announcement; nothing about acquisitions, SMB plans or device-to-device connectivity.",
         "2026-11-05 16:00", "Save the date: Zenith Live 2027",
         link=B + "company-news/save-date-zenith-live-2027",
         authors=["Zscaler Events"],
         summary="Our annual customer conference returns to Las Vegas in June.",
         tags=["Events"],
         body="""<p>Zenith Live, our annual conference for customers, partners and practitioners, will take place June 14-17, 2027 at the Bellagio in Las Vegas, with a European edition in Amsterdam two weeks later.</p>
<p>Expect three days of product sessions, hands-on labs and certification exams, plus customer talks from organisations that have spent the past year moving their networks and security to zero trust. The call for presentations opens on January 10; we are especially interested in talks about AI security, operational technology and migrations from legacy firewalls.</p>
<p>Early registration opens in February with a discounted rate for the first 1,000 attendees. Partners can reserve sponsorship packages through their partner manager now.</p>"""),

    item("zs-dlp-dictionaries", "none", "easy",
         "Routine product update (data protection dictionaries).",
         "2026-11-23 16:00", "Eighteen new data protection dictionaries for healthcare and finance",
         link=B + "product-insights/eighteen-new-dlp-dictionaries",
         authors=["Grace Adeyemi, Product Management"],
         summary="Detect more regulated data types out of the box.",
         tags=["Product Insights", "Data Protection"],
         body="""<p>Data protection policies are only as good as what they can recognise. This month we added eighteen predefined dictionaries, most of them requested by customers in healthcare and financial services.</p>
<ul>
<li>National health identifiers for six additional countries.</li>
<li>International bank account numbers with country-specific checksum validation.</li>
<li>Securities identifiers (ISIN, CUSIP and SEDOL) and internal trading account formats.</li>
<li>Clinical trial identifiers and common laboratory result formats.</li>
</ul>
<p>Each dictionary ships with a confidence threshold tuned on labelled samples to keep false positives low. You can use the new dictionaries in inline inspection, in cloud application scanning and on endpoints, and you can combine them with exact data matching for your own records.</p>
<p>The dictionaries are available to every customer with a data protection subscription, with no configuration change required beyond adding them to a policy.</p>"""),

    item("zs-starter-bundle-2025", "none", "hard",
         "Stale: published 2025-06-10, far more than 30 days before first seen (2026-12-01); an old offer for growing companies surfacing in the feed.",
         "2025-06-10 15:00", "A simpler bundle for fast-growing companies",
         link=B + "product-insights/simpler-bundle-fast-growing-companies",
         authors=["Hannah Liu, Product Management"],
         summary="Business Starter packages internet and private access for organisations under 500 users.",
         tags=["Product Insights"],
         body="""<p>Fast-growing companies tell us they want zero trust, but not a long sales cycle. Business Starter is our answer: a single package for organisations with fewer than 500 users that pairs internet access and private access with entry-level digital experience monitoring.</p>
<ul>
<li>One price per user, with annual terms.</li>
<li>Deployment assistance from a certified partner included in the first year.</li>
<li>A path to our full suites without changing clients or policies.</li>
</ul>
<p>Business Starter is sold through our partners in North America and Europe from today. Ask your partner for a quote.</p>"""),

    item("zs-exchange-mesh-of-dcs", "none", "hard",
         "'Mesh' describes Zscaler's own data-centre backbone; no device-to-device capability for customers.",
         "2026-11-21 16:00", "Inside the Zero Trust Exchange: a mesh of 160 data centres",
         link=B + "product-insights/inside-zero-trust-exchange-mesh-160-data-centres",
         authors=["Arjun Nair, Cloud Operations"],
         summary="How we route between our own facilities, and why you never notice.",
         tags=["Product Insights", "Architecture"],
         body="""<p>Customers see one cloud. Behind it are 160 data centres in 50 countries, connected to each other by a private backbone that we have been building since 2019. This post explains how traffic moves between them.</p>
<p>Every data centre peers with its neighbours over at least two diverse paths, and each region is interconnected in a full mesh so that losing one site never isolates another. Our routing layer measures latency and loss between every pair of sites every few seconds and moves tunnels away from degraded links before users notice.</p>
<p>The backbone also lets us keep traffic in-region for data-residency rules. A user in Frankfurt connecting to an application in Paris is brokered in Europe and never leaves it.</p>
<p>In the last twelve months the backbone carried more than 500 trillion transactions, and regional failover events resolved in a median of 1.8 seconds. None of this changes how customers connect: devices and App Connectors still reach the nearest data centre, and the backbone does the rest.</p>"""),

    item("zs-ventures-netbird", "none", "hard",
         "Investment, not an acquisition: Zscaler's venture arm takes a minority stake in NetBird (a mesh peer).",
         "2026-11-25 15:00", "Why we invested in NetBird",
         link=B + "company-news/why-we-invested-netbird",
         authors=["Lena Hartmann, Zscaler Ventures"],
         summary="Zscaler Ventures joins NetBird's Series B as a minority investor.",
         tags=["Company News", "Zscaler Ventures"],
         body="""<p>Zscaler Ventures backs companies whose products make the zero trust ecosystem stronger, whether or not they ever become part of Zscaler. Today we are announcing a minority investment in NetBird as part of its $40 million Series B, led by an independent growth fund.</p>
<p>NetBird's open-source overlay is popular with infrastructure teams who want WireGuard connectivity with central policy. We think many of our customers will run NetBird alongside the Zero Trust Exchange, and we want the two to work well together: shared identity, consistent posture checks and logs that land in the same place.</p>
<p>The investment does not give us a board seat or any control over NetBird's roadmap, and NetBird remains an independent company. Its team will keep building in the open, as it always has.</p>
<p>We look forward to supporting the team as it grows.</p>"""),
]
