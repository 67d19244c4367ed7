"""Wire-service press releases (Business Wire style RSS), mixed vendors, long boilerplate."""
from .common import item

FILE = "businesswire-tech.xml"
RENDER = "wire"
META = {
    "title": "Business Wire Technology News: Networks and Security",
    "link": "https://www.businesswire.com/newsroom?industry=Technology%20Networks%20Security",
    "description": "The latest press releases from Business Wire on networks and security",
    "built": "2026-12-01 05:00",
}

BOILERPLATE = {
    "ABOUT_ZSCALER": """<p><b>About Zscaler</b></p>
<p>Zscaler (NASDAQ: ZS) accelerates digital transformation so that customers can be more agile, efficient, resilient and secure. The Zscaler Zero Trust Exchange platform protects thousands of customers from cyberattacks and data loss by securely connecting users, devices and applications in any location. Distributed across more than 160 data centers globally, the SSE-based Zero Trust Exchange is the world's largest inline cloud security platform. To learn more, visit www.zscaler.com.</p>
<p>Zscaler™ and the other trademarks listed at https://www.zscaler.com/legal/trademarks are either (i) registered trademarks or service marks or (ii) trademarks or service marks of Zscaler, Inc. in the United States and/or other countries. Any other trademarks are the properties of their respective owners.</p>""",
    "FLS_ZSCALER": """<p><b>Forward-Looking Statements</b></p>
<p>Statements in this release about the future are forward-looking statements, based on management's current beliefs, assumptions and the information available to it. They include, among others, statements regarding the expected benefits of new products and features, our market opportunity, the expected timing and benefits of our pending acquisition of ZeroTier, and our ability to integrate acquired businesses and technologies. Words such as "believe," "may," "will," "estimate," "continue," "anticipate," "intend," "expect," "plan," "project" and similar expressions are intended to identify forward-looking statements. These statements are subject to risks, uncertainties and assumptions that could cause actual results to differ materially, including the risks described under "Risk Factors" in our most recent Annual Report on Form 10-K and subsequent Quarterly Reports on Form 10-Q filed with the Securities and Exchange Commission. They speak only as of today, and Zscaler assumes no duty to revise them except where the law requires it.</p>""",
    "FLS_ZSCALER_PRE": """<p><b>Forward-Looking Statements</b></p>
<p>Statements in this release about the future are forward-looking statements, based on management's current beliefs, assumptions and the information available to it. They include, among others, statements regarding the expected benefits of new products, partnerships and features, and our market opportunity. Words such as "believe," "may," "will," "estimate," "continue," "anticipate," "intend," "expect," "plan" and similar expressions are intended to identify forward-looking statements. These statements are subject to risks, uncertainties and assumptions, including those described under "Risk Factors" in our most recent filings with the Securities and Exchange Commission, and actual results may differ materially. Zscaler assumes no duty to revise them except where the law requires it.</p>""",
    "ABOUT_ZEROTIER": """<p><b>About ZeroTier</b></p>
<p>ZeroTier builds software that connects devices, servers and machines anywhere into secure virtual networks that behave like a single local network. Founded in 2011 and headquartered in Irvine, California, ZeroTier serves thousands of businesses and a community of developers running its open-source ZeroTier One agent on more than a million devices. Learn more at www.zerotier.com.</p>""",
    "ABOUT_CLOUDFLARE": """<p><b>About Cloudflare</b></p>
<p>Cloudflare, Inc. (NYSE: NET) is the leading connectivity cloud company on a mission to help build a better Internet. It empowers organizations to make their employees, applications and networks faster and more secure everywhere, while reducing complexity and cost. Cloudflare's connectivity cloud delivers a full-featured, unified platform of cloud-native products and developer tools, so any organization can gain the control they need to work, develop and accelerate their business. Powered by one of the world's largest and most interconnected networks, Cloudflare blocks billions of threats online for its customers every day. Learn more at www.cloudflare.com.</p>""",
    "FLS_CLOUDFLARE": """<p><b>Forward-Looking Statements</b></p>
<p>Some statements in this release look ahead and are forward-looking statements under the federal securities laws; they involve substantial risks and uncertainties. In some cases, you can identify forward-looking statements because they contain words such as "may," "will," "should," "expect," "explore," "plan," "anticipate," "could," "intend," "target," "project," "contemplate," "believe," "estimate," "predict," "potential" or "continue," or the negative of these words. Forward-looking statements in this press release include statements regarding the features, benefits and availability of Cloudflare's products. Actual results could differ materially due to a number of factors, including those described in Cloudflare's filings with the Securities and Exchange Commission. Cloudflare undertakes no obligation to update any forward-looking statement.</p>""",
    "ABOUT_TWINGATE": """<p><b>About Twingate</b></p>
<p>Twingate makes zero trust access simple for organizations of every size. Its platform replaces legacy VPNs with fast, secure connections to private resources in any cloud or data center, deployed in minutes without changes to infrastructure. Twingate is headquartered in Redwood City, California, and is backed by leading venture investors. Learn more at www.twingate.com.</p>""",
    "ABOUT_GRAVITL": """<p><b>About Gravitl</b></p>
<p>Gravitl, Inc. builds Netmaker, an open-source platform for creating and managing fast, secure virtual networks with WireGuard. Netmaker connects servers, clusters, edge devices and people across clouds and data centers, and is used by thousands of engineering teams worldwide. Learn more at www.netmaker.io.</p>""",
    "ABOUT_DIGITALOCEAN": """<p><b>About DigitalOcean</b></p>
<p>DigitalOcean simplifies cloud computing so builders can spend more time creating software that changes the world. Its cloud platform offers compute, storage, networking, managed databases and AI infrastructure to hundreds of thousands of developers, startups and growing digital businesses. Learn more at www.digitalocean.com.</p>
<p><b>Forward-Looking Statements</b></p>
<p>Statements here about the future, such as those about the expected completion and benefits of the proposed acquisition of Gravitl, the integration of its products and employees, and DigitalOcean's product plans, are forward-looking statements. They are subject to risks and uncertainties, including the possibility that the transaction may not close on the expected timeline or at all, and those described in DigitalOcean's filings with the Securities and Exchange Commission. DigitalOcean does not intend to update them.</p>""",
    "ABOUT_NETSKOPE": """<p><b>About Netskope</b></p>
<p>Netskope, a leader in modern security and networking, addresses the needs of both security and networking professionals by enabling optimized access and real-time, context-based security for people, devices and data anywhere they go. Thousands of customers trust the Netskope One platform to address evolving threats and new risks. Learn more at www.netskope.com.</p>""",
    "ABOUT_PANW": """<p><b>About Palo Alto Networks</b></p>
<p>Palo Alto Networks is a global cybersecurity leader, dedicated to protecting our digital way of life through continuous innovation. Its platforms for network security, cloud security and security operations serve more than 70,000 organizations in over 150 countries. For more information, visit www.paloaltonetworks.com.</p>
<p>Palo Alto Networks, Prisma and the Palo Alto Networks logo are registered trademarks of Palo Alto Networks, Inc. in the United States and in jurisdictions throughout the world. Any unreleased services or features referenced in this release are not currently available and may not be delivered on time or at all. Customers should make purchase decisions based on services and features currently available.</p>""",
    "ABOUT_NETBIRD": """<p><b>About NetBird</b></p>
<p>NetBird builds an open-source, WireGuard-based overlay network that connects devices, servers and clouds with centralized access control. Headquartered in Berlin, NetBird is used by thousands of organizations and a large community of self-hosting users. Learn more at netbird.io.</p>""",
    "CONTACT_ZSCALER": """<p><b>Contacts</b></p><p>Media Relations<br>press@zscaler.com</p><p>Investor Relations<br>ir@zscaler.com</p>""",
}


def w(key, pb, diff, note, date, title, slug, company, body, **kw):
    return item(key, pb, diff, note, date, title, body=body, slug=slug, company=company, **kw)


ITEMS = [
    w("bw-zs-to-acquire-zerotier", "zscaler-acquisition", "easy",
      "Cross-playbook trap: Zscaler announces a definitive agreement to acquire ZeroTier (keyword in the title); the direct-device plans are future intent, not a launch, so a zscaler-smb-mesh hit is a false positive.",
      "2026-11-12 13:05", "Zscaler to Acquire ZeroTier, Extending the Zero Trust Exchange to Machine Networks",
      "Zscaler-to-Acquire-ZeroTier-Extending-the-Zero-Trust-Exchange-to-Machine-Networks", "Zscaler, Inc.",
      """<p><i>Combination brings ZeroTier's open-source virtual networking engine and community to the world's largest security cloud</i></p>
<p>SAN JOSE, Calif.--(BUSINESS WIRE)--Zscaler, Inc. (NASDAQ: ZS), the cloud security company, said today it has signed a definitive agreement to acquire ZeroTier, Inc., a pioneer in software-defined virtual networks that connect devices and machines directly to one another.</p>
<p>ZeroTier's technology creates secure virtual networks between devices wherever they are, finding direct paths through firewalls and address translation where possible. Its open-source agent runs on more than a million devices, from developer laptops to industrial controllers.</p>
<p>"Customers have asked us to secure the connections between machines with the same confidence we bring to users and applications," said Priya Venkataraman, Chief Strategy Officer at Zscaler. "ZeroTier's engineering and community give us a head start."</p>
<p>"Our mission has always been to make any two devices feel like they are on the same network," said Daniel Ferreira, Chief Executive Officer of ZeroTier. "Joining Zscaler lets us do that for the largest organizations in the world, with the security they require."</p>
<p>Following the close of the transaction, Zscaler intends to keep ZeroTier One open source and to explore, over time, allowing Zscaler Client Connector to establish direct connections between managed devices using ZeroTier technology.</p>
<p>Zscaler expects to complete the transaction during its fiscal 2027 second quarter, once regulatory approvals and other customary conditions are satisfied. Terms were not disclosed, and the transaction is not expected to be material to Zscaler's fiscal 2027 results.</p>
{ABOUT_ZSCALER}
{ABOUT_ZEROTIER}
{FLS_ZSCALER}
{CONTACT_ZSCALER}""", cats=["Technology", "Networks", "Security", "Mergers & Acquisitions"]),

    w("bw-zerotier-joins", "zscaler-acquisition", "hard",
      "Completion announced by ZeroTier without 'acquisition' in the title ('joins Zscaler', 'now part of Zscaler').",
      "2026-11-30 14:00", "ZeroTier Joins Zscaler",
      "ZeroTier-Joins-Zscaler", "ZeroTier, Inc.",
      """<p>IRVINE, Calif.--(BUSINESS WIRE)--ZeroTier, Inc. today announced that it is now part of Zscaler, Inc. (NASDAQ: ZS), following the completion of the transaction announced on November 12, 2026.</p>
<p>ZeroTier's team will continue to develop ZeroTier One, which remains open source, and ZeroTier Central, whose existing plans and prices are unchanged through at least the end of 2027. Customers do not need to take any action; networks, controllers and API access continue to work as before.</p>
<p>"Today ZeroTier becomes a Zscaler company, and our community gets the resources of one of the largest security companies in the world behind the software they rely on," said Daniel Ferreira, who will lead ZeroTier as a business unit within Zscaler. "Nothing our users love about ZeroTier is going away."</p>
<p>ZeroTier will hold a community call on December 9 to answer questions about the roadmap.</p>
{ABOUT_ZEROTIER}
<p>ZeroTier is a Zscaler company.</p>
{ABOUT_ZSCALER}
{FLS_ZSCALER_PRE}""", cats=["Technology", "Networks", "Mergers & Acquisitions"]),

    w("bw-zs-q1-fy27", "zscaler-acquisition", "hard",
      "Buried signal: quarterly results release; one business-highlights bullet reports the agreement for ZeroTier to join Zscaler. The earnings headline says nothing.",
      "2026-11-24 21:05", "Zscaler Reports First Quarter Fiscal 2027 Financial Results",
      "Zscaler-Reports-First-Quarter-Fiscal-2027-Financial-Results", "Zscaler, Inc.",
      """<p><i>Revenue grows 22% year-over-year to $866.4 million; annual recurring revenue surpasses $3.6 billion</i></p>
<p>SAN JOSE, Calif.--(BUSINESS WIRE)--Zscaler, Inc. (NASDAQ: ZS) today reported results for the first quarter of its 2027 fiscal year, which ended on October 31, 2026.</p>
<p><b>First Quarter Fiscal 2027 Financial Highlights</b></p>
<ul>
<li>Revenue: $866.4 million, an increase of 22% year-over-year.</li>
<li>Calculated billings: $812.9 million, an increase of 19% year-over-year.</li>
<li>Deferred revenue: $1,948.1 million, an increase of 24% year-over-year.</li>
<li>GAAP net income: $21.6 million, compared to a GAAP net loss of $12.1 million in the first quarter of fiscal 2026.</li>
<li>Non-GAAP net income: $231.4 million, compared to $182.6 million in the first quarter of fiscal 2026.</li>
<li>Cash flow from operations: $244.8 million, or 28% of revenue.</li>
<li>Free cash flow: $198.5 million, or 23% of revenue.</li>
<li>Cash, cash equivalents and short-term investments: $3,412.7 million as of October 31, 2026.</li>
</ul>
<p><b>Recent Business Highlights</b></p>
<ul>
<li>Signed a definitive agreement under which ZeroTier, the open-source virtual networking company, will join Zscaler; closing is expected in the second quarter of fiscal 2027.</li>
<li>Completed the purchase of Quillon, adding automated red-teaming for AI applications.</li>
<li>Surpassed 650 customers contributing more than $1 million in annual recurring revenue.</li>
</ul>
<p><b>Financial Outlook</b></p>
<p>For the second quarter of fiscal 2027, we expect revenue of $895 million to $898 million and non-GAAP income from operations of $193 million to $195 million. For the full year, we expect revenue of $3.59 billion to $3.60 billion and calculated billings of $4.01 billion to $4.03 billion.</p>
<p><b>Conference Call Information</b></p>
<p>Management will discuss these results on a call with analysts and investors today, starting at 1:30 p.m. Pacific time. The call will be webcast on the investor relations website at ir.zscaler.com, and a replay will be available for one year.</p>
<p><b>Non-GAAP Financial Measures</b></p>
<p>We use non-GAAP measures, including non-GAAP net income, calculated billings and free cash flow, to evaluate our performance. These measures exclude stock-based compensation, amortization of acquired intangible assets, acquisition-related expenses and certain other items, and should not be considered in isolation from, or as a substitute for, financial information prepared under GAAP. Reconciliations are provided in the tables accompanying this release.</p>
{ABOUT_ZSCALER}
{FLS_ZSCALER}
{CONTACT_ZSCALER}""", cats=["Technology", "Earnings"]),

    w("bw-zs-foundations", "zscaler-smb-mesh", "hard",
      "Cross-playbook trap: SMB edition launched without 'SMB' or 'small business' (up to 150 employees, bought online, no security team); the boilerplate forward-looking statements mention the pending ZeroTier acquisition (a zscaler-acquisition hit is a false positive).",
      "2026-11-17 13:00", "Zscaler Introduces Zscaler Foundations, the Zero Trust Exchange for Growing Organizations",
      "Zscaler-Introduces-Zscaler-Foundations-the-Zero-Trust-Exchange-for-Growing-Organizations", "Zscaler, Inc.",
      """<p><i>New plan can be purchased online and deployed in about an hour by organizations with up to 150 employees</i></p>
<p>SAN JOSE, Calif.--(BUSINESS WIRE)--Zscaler, Inc. (NASDAQ: ZS), the cloud security company, today introduced Zscaler Foundations, a new plan that brings the Zero Trust Exchange to organizations with up to 150 employees that do not have a dedicated security team.</p>
<p>Zscaler Foundations can be purchased online with a credit card, with no minimum contract length beyond one month, and includes a guided setup that connects an organization's identity provider, deploys Zscaler Client Connector and protects internet and private application access in about an hour. One per-user price covers secure web access, access to private applications and simplified data protection.</p>
<p>"Growing organizations face the same attackers as the largest enterprises, with a fraction of the staff," said Hannah Liu, Vice President of Product Management at Zscaler. "Foundations gives them the same protection, without the project."</p>
<p>Foundations is available today in the United States, Canada, the United Kingdom, Ireland and Australia, with additional countries planned for the first half of 2027.</p>
{ABOUT_ZSCALER}
{FLS_ZSCALER}
{CONTACT_ZSCALER}""", cats=["Technology", "Networks", "Security", "Small Business"]),

    w("bw-zs-device-to-device", "zscaler-smb-mesh", "hard",
      "Cross-playbook trap: mesh / peer-to-peer capability phrased as managed devices 'communicate directly with one another' (no 'mesh' or 'peer-to-peer'); the boilerplate forward-looking statements mention the pending ZeroTier acquisition (a zscaler-acquisition hit is a false positive).",
      "2026-11-19 13:00", "Zscaler Extends the Zero Trust Exchange to Device-to-Device Connections",
      "Zscaler-Extends-the-Zero-Trust-Exchange-to-Device-to-Device-Connections", "Zscaler, Inc.",
      """<p><i>Client Connector beta lets authorized endpoints communicate directly, with policy and visibility from the Zero Trust Exchange</i></p>
<p>SAN JOSE, Calif.--(BUSINESS WIRE)--Zscaler, Inc. (NASDAQ: ZS) today announced a beta of Zscaler Client Connector 4.9, which allows endpoints enrolled with Zscaler to communicate directly with one another, rather than sending every private connection through the Zscaler cloud.</p>
<p>With the new capability, the Zero Trust Exchange authorizes each connection between two managed devices, distributes short-lived keys and records the session, while traffic flows over the most direct available path between the devices. When no direct path is available, traffic is automatically carried through the Zero Trust Exchange as before.</p>
<p>"Remote support, developer collaboration and in-store systems all involve devices talking to devices," said Tomasz Wieczorek, Principal Product Manager at Zscaler. "Now those connections get zero trust policy without a detour."</p>
<p>The beta is available to Zscaler Private Access and Zscaler Foundations customers at no additional charge.</p>
{ABOUT_ZSCALER}
{FLS_ZSCALER}
{CONTACT_ZSCALER}""", cats=["Technology", "Networks", "Security"]),

    w("bw-cf-connect-product", "cloudflare-connect", "easy",
      "A Cloudflare product called 'Cloudflare Connect' with mesh networking and infrastructure access; keywords in title and body.",
      "2026-11-10 13:00", "Cloudflare Introduces Cloudflare Connect, a Private Mesh Network for Every Device, Server and Service",
      "Cloudflare-Introduces-Cloudflare-Connect-a-Private-Mesh-Network-for-Every-Device-Server-and-Service", "Cloudflare, Inc.",
      """<p><i>Cloudflare One customers can link laptops, servers and clusters directly, with Cloudflare's security policies and infrastructure access built in</i></p>
<p>SAN FRANCISCO--(BUSINESS WIRE)--Cloudflare, Inc. (NYSE: NET), the leading connectivity cloud company, today announced Cloudflare Connect, a private mesh network that links the devices, servers and services of an organization to one another. Cloudflare Connect is available in open beta to all Cloudflare One customers.</p>
<p>With Cloudflare Connect, every device running the WARP client and every server running cloudflared receives a stable private address and can reach any other member allowed by policy. Connections travel directly between members where networks allow, and through Cloudflare's global network where they do not. Cloudflare Connect also includes Access for Infrastructure, so that SSH, RDP and database sessions to members are authorized per user and recorded.</p>
<p>"A mesh is simple and a security platform is safe, and until now companies had to pick one," said Maya Lindgren, Senior Vice President of Zero Trust at Cloudflare. "Cloudflare Connect gives them both, and it replaces the VPN while it's at it."</p>
<p>Cloudflare Connect is free for up to 50 members during the beta.</p>
{ABOUT_CLOUDFLARE}
{FLS_CLOUDFLARE}
<p><b>Press Contact</b><br>press@cloudflare.com</p>""", cats=["Technology", "Networks", "Security"]),

    w("bw-tg-workloads", "twingate-platform", "easy",
      "Twingate launches workload identity and service-to-service access; keywords in title and body.",
      "2026-11-18 13:00", "Twingate Introduces Twingate for Workloads, Bringing Zero Trust to Service-to-Service Access",
      "Twingate-Introduces-Twingate-for-Workloads-Bringing-Zero-Trust-to-Service-to-Service-Access", "Twingate Inc.",
      """<p><i>Workload identity, a multi-cluster Kubernetes operator and a new SDK extend Twingate beyond human access</i></p>
<p>REDWOOD CITY, Calif.--(BUSINESS WIRE)--Twingate, the zero trust access company, today announced Twingate for Workloads, a set of capabilities that secure service-to-service and workload access across clouds, clusters and data centers.</p>
<p>Twingate for Workloads includes workload identity, which lets pods, CI jobs and cloud functions authenticate with the credentials their platforms already issue; an updated Kubernetes operator that publishes services in one cluster to authorized workloads in others; and an SDK, in preview, that lets programs request access to private resources at runtime.</p>
<p>"Machines now make most of the connections on our customers' networks," said Rafael Quintero, Chief Product Officer at Twingate. "Twingate for Workloads gives them the same least-privilege access we give people, without secrets to rotate."</p>
<p>Business and Enterprise customers can try workload identity and the operator in beta today. The SDK preview for Go and Python follows next week.</p>
{ABOUT_TWINGATE}
<p><b>Media Contact</b><br>press@twingate.com</p>""", cats=["Technology", "Security", "Software"]),

    w("bw-do-acquire-gravitl", "netmaker-saas", "easy",
      "Netmaker's maker Gravitl being acquired (by DigitalOcean); keywords in title.",
      "2026-11-24 13:30", "DigitalOcean to Acquire Gravitl, Creator of Netmaker",
      "DigitalOcean-to-Acquire-Gravitl-Creator-of-Netmaker", "DigitalOcean Holdings, Inc.",
      """<p>NEW YORK--(BUSINESS WIRE)--DigitalOcean Holdings, Inc. (NYSE: DOCN) said today it has agreed to acquire Gravitl, Inc., the company behind Netmaker, the open-source platform for WireGuard-based virtual networks.</p>
<p>Netmaker will give DigitalOcean customers a simple way to connect Droplets, Kubernetes clusters and machines outside DigitalOcean on a single private network. Netmaker's hosted edition, currently in early access, will become part of the DigitalOcean cloud, and the self-managed edition will remain open source.</p>
<p>"Our customers build across clouds, and their networks should follow them," said Sofia Adeyemi, Chief Product Officer of DigitalOcean. "Netmaker is the simplest way we have found to do that."</p>
<p>"DigitalOcean shares our belief that networking should be easy for every developer," said Jonah Reyes, Chief Executive Officer of Gravitl.</p>
<p>DigitalOcean expects to close the transaction in the first quarter of 2027, once customary conditions are met.</p>
{ABOUT_DIGITALOCEAN}
{ABOUT_GRAVITL}""", cats=["Technology", "Networks", "Mergers & Acquisitions"]),

    w("bw-gravitl-cloud-ea", "netmaker-saas", "hard",
      "Managed Netmaker launch (early access) phrased as a control plane 'fully operated by Gravitl'; no 'SaaS' keyword.",
      "2026-11-06 14:00", "Gravitl Opens Early Access to Netmaker Orbit",
      "Gravitl-Opens-Early-Access-to-Netmaker-Cloud", "Gravitl, Inc.",
      """<p><i>Teams can create WireGuard networks in minutes without installing or maintaining a server</i></p>
<p>SAN FRANCISCO--(BUSINESS WIRE)--Gravitl, Inc. today opened early access to Netmaker Orbit, a version of its Netmaker networking platform in which the control plane is fully operated by Gravitl. Teams sign up, create a network and add hosts with a single command, while Gravitl handles servers, upgrades, backups and relays.</p>
<p>"Our users told us the hardest part of Netmaker was running Netmaker," said Jonah Reyes, Chief Executive Officer of Gravitl. "Now they don't have to."</p>
<p>Netmaker Orbit runs in three regions in North America and Europe. Early access is free for up to 25 hosts; pricing will be announced at general availability. The self-managed edition of Netmaker remains open source and fully supported.</p>
{ABOUT_GRAVITL}
<p><b>Contact</b><br>press@gravitl.com</p>""", cats=["Technology", "Networks", "Software"]),

    w("bw-zs-zerotier-es", "none", "hard",
      "Non-English (xml:lang es): Spanish version of the ZeroTier release; loanwords (Zscaler, ZeroTier, Zero Trust Exchange) are not a hit.",
      "2026-11-12 15:30", "Zscaler adquirirá ZeroTier y extenderá Zero Trust Exchange a las redes de máquinas",
      "Zscaler-adquirir%C3%A1-ZeroTier", "Zscaler, Inc.",
      """<p>SAN JOSE, California--(BUSINESS WIRE)--Zscaler, Inc. (NASDAQ: ZS), líder en seguridad en la nube, anunció hoy que ha firmado un acuerdo definitivo para adquirir ZeroTier, Inc., pionera en redes virtuales definidas por software que conectan dispositivos y máquinas directamente entre sí.</p>
<p>La tecnología de ZeroTier crea redes virtuales seguras entre dispositivos dondequiera que estén, y su agente de código abierto funciona en más de un millón de equipos, desde portátiles de desarrolladores hasta controladores industriales.</p>
<p>"Nuestros clientes nos han pedido que protejamos las conexiones entre máquinas con la misma confianza que aportamos a usuarios y aplicaciones", afirmó Priya Venkataraman, directora de estrategia de Zscaler.</p>
<p>Se espera que la operación se cierre en el segundo trimestre del ejercicio fiscal 2027 de Zscaler, sujeta a las condiciones habituales. No se revelaron los términos.</p>
<p>El texto original en el idioma fuente de este comunicado es la versión oficial autorizada. Las traducciones solo se suministran como adaptación y deben cotejarse con el texto en el idioma fuente, que es la única versión del texto que tendrá un efecto legal.</p>""", lang="es", cats=["Technology", "Networks", "Spanish"]),

    w("bw-netskope-completes-defined", "none", "hard",
      "Another buyer completes an acquisition of a mesh / overlay company (Netskope, Defined Networking); not Zscaler.",
      "2026-11-19 13:00", "Netskope Completes Acquisition of Defined Networking",
      "Netskope-Completes-Acquisition-of-Defined-Networking", "Netskope",
      """<p>SANTA CLARA, Calif.--(BUSINESS WIRE)--Netskope, a leader in modern security and networking, said today it has closed its acquisition of Defined Networking, the company behind the open-source Nebula overlay network.</p>
<p>Nebula's peer-to-peer overlay will let Netskope One customers connect servers, devices and sites directly, with Netskope's security policies applied to every connection. Nebula will remain open source under its existing license.</p>
<p>"Customers want direct connections and consistent security, not one or the other," said Alicia Moreno, Chief Product Officer at Netskope.</p>
{ABOUT_NETSKOPE}""", cats=["Technology", "Mergers & Acquisitions"]),

    w("bw-panw-small-business", "none", "hard",
      "Another vendor's small-business offer (Palo Alto Networks), sold through partners.",
      "2026-11-13 13:00", "Palo Alto Networks Brings Prisma Access to Small Businesses Through Managed Service Providers",
      "Palo-Alto-Networks-Brings-Prisma-Access-to-Small-Businesses", "Palo Alto Networks",
      """<p>SANTA CLARA, Calif.--(BUSINESS WIRE)--Palo Alto Networks (NASDAQ: PANW) today announced a Prisma Access bundle for small businesses with fewer than 100 employees, available exclusively through managed service providers in North America and Europe.</p>
<p>The bundle includes web security, access to private applications and endpoint posture checks, with pricing set by the partner. Partners manage all of their customers' deployments from one multi-tenant portal.</p>
<p>"Small businesses are the most targeted and least protected part of the economy," said Marcus Bell, Senior Vice President of Partner Sales at Palo Alto Networks.</p>
{ABOUT_PANW}""", cats=["Technology", "Security", "Small Business"]),

    w("bw-zs-quillon", "none", "hard",
      "Zscaler completing an unrelated acquisition (Quillon, AI red-teaming), not a mesh / ZTNA peer; the pending ZeroTier deal appears only in the boilerplate forward-looking statements.",
      "2026-11-24 13:00", "Zscaler Completes Acquisition of Quillon to Secure AI Applications Before Deployment",
      "Zscaler-Completes-Acquisition-of-Quillon", "Zscaler, Inc.",
      """<p>SAN JOSE, Calif.--(BUSINESS WIRE)--Zscaler, Inc. (NASDAQ: ZS) has closed its purchase of Quillon, a developer of automated red-teaming software for AI applications and agents.</p>
<p>Quillon continuously tests models and agents against prompt injection, data extraction, tool abuse and jailbreak techniques. Its findings will inform the AI guardrails of the Zero Trust Exchange, so that weaknesses discovered in testing can be blocked in production.</p>
<p>"Every company is deploying AI faster than it can test it," said Priya Venkataraman, Chief Strategy Officer at Zscaler. "Quillon closes that gap."</p>
{ABOUT_ZSCALER}
{FLS_ZSCALER}
{CONTACT_ZSCALER}""", cats=["Technology", "Security", "Mergers & Acquisitions"]),

    w("bw-zs-google-partnership", "none", "hard",
      "Partnership news with acquisition-free boilerplate; partnerships are not a signal.",
      "2026-11-06 13:00", "Zscaler and Google Cloud Expand Partnership to Secure Access to AI Workloads",
      "Zscaler-and-Google-Cloud-Expand-Partnership", "Zscaler, Inc.",
      """<p>SAN JOSE, Calif.--(BUSINESS WIRE)--Zscaler, Inc. (NASDAQ: ZS) today announced an expanded partnership with Google Cloud under which Zscaler Private Access will be available as an integrated option for connecting users to applications and AI workloads running on Google Cloud.</p>
<p>Customers will be able to deploy Zscaler App Connectors from the Google Cloud console, purchase Zscaler through Google Cloud Marketplace against their committed spend, and use Google's identity services with Zscaler policies.</p>
<p>"Our joint customers want private access to their AI workloads without exposing them to the internet," said Elena Rossi, head of cloud alliances at Zscaler.</p>
{ABOUT_ZSCALER}
{FLS_ZSCALER_PRE}
{CONTACT_ZSCALER}""", cats=["Technology", "Security", "Partnerships"]),

    w("bw-cf-connect-2027-conf", "none", "hard",
      "'Cloudflare Connect' is the customer conference here, not the product.",
      "2026-11-13 14:00", "Cloudflare Announces Dates and Locations for Cloudflare Connect 2027",
      "Cloudflare-Announces-Dates-and-Locations-for-Cloudflare-Connect-2027", "Cloudflare, Inc.",
      """<p>SAN FRANCISCO--(BUSINESS WIRE)--Cloudflare, Inc. (NYSE: NET) today announced that Cloudflare Connect 2027, its annual conference for customers, partners and developers, will take place in London on April 20-21 and in Las Vegas on May 18-20, 2027.</p>
<p>The conference will feature product keynotes, customer sessions and hands-on workshops covering application security, Cloudflare One, Workers and AI inference. Registration opens in January.</p>
{ABOUT_CLOUDFLARE}
{FLS_CLOUDFLARE}""", cats=["Technology", "Events"]),

    w("bw-tg-msp-program", "none", "hard",
      "Twingate channel / MSP programme news; not a platform move.",
      "2026-11-20 13:00", "Twingate Expands Partner Program for Managed Service Providers",
      "Twingate-Expands-Partner-Program-for-Managed-Service-Providers", "Twingate Inc.",
      """<p>REDWOOD CITY, Calif.--(BUSINESS WIRE)--Twingate today announced an expanded partner program for managed service providers, including a multi-tenant console, consolidated billing and new margin tiers.</p>
<p>The console lets providers create and manage customer networks from one account, apply policy templates across customers and give their support staff delegated access. The company also reduced the price of its Business plan.</p>
<p>"MSPs are how many of our customers first hear about Twingate," said Laura Chen, Vice President of Channel at Twingate.</p>
{ABOUT_TWINGATE}""", cats=["Technology", "Security", "Channel"]),

    w("bw-gravitl-series-a-2025", "none", "hard",
      "Stale: published 2025-06-03 (first seen 2026-12-01); a funding round, which is not a signal anyway.",
      "2025-06-03 13:00", "Gravitl Raises $18 Million Series A to Simplify Private Networking",
      "Gravitl-Raises-18-Million-Series-A", "Gravitl, Inc.",
      """<p>SAN FRANCISCO--(BUSINESS WIRE)--Gravitl, Inc., the company behind the open-source Netmaker networking platform, today announced an $18 million Series A round to expand its engineering team and build new products for enterprises.</p>
<p>Gravitl said it would use the funding to grow the Netmaker community, add enterprise features and explore new ways to deliver Netmaker to teams that do not want to run their own servers.</p>
{ABOUT_GRAVITL}""", cats=["Technology", "Funding"]),

    w("bw-zs-threatlabz-small-biz", "none", "hard",
      "Threat research about small businesses; no new offer or price.",
      "2026-11-09 13:00", "Zscaler ThreatLabz Report Finds Ransomware Gangs Shifting to Smaller Victims",
      "Zscaler-ThreatLabz-Report-Finds-Ransomware-Gangs-Shifting-to-Smaller-Victims", "Zscaler, Inc.",
      """<p>SAN JOSE, Calif.--(BUSINESS WIRE)--Zscaler, Inc. (NASDAQ: ZS) today released research from its ThreatLabz team showing that organizations with fewer than 250 employees accounted for 54 percent of victims named on ransomware leak sites between January and October 2026, up from 41 percent a year earlier.</p>
<p>The report attributes the shift to unpatched remote-access appliances, shared administrator accounts and backups stored on production networks, and recommends patching edge devices, requiring multi-factor authentication and keeping offline backups.</p>
<p>"Attackers have learned that many small victims are easier than one large one," said the head of ThreatLabz research.</p>
{ABOUT_ZSCALER}
{FLS_ZSCALER_PRE}
{CONTACT_ZSCALER}""", cats=["Technology", "Security", "Research"]),

    w("bw-netbird-cloud", "none", "hard",
      "Another vendor's hosted service launch (NetBird Cloud), with small-team pricing.",
      "2026-11-09 08:00", "NetBird Launches NetBird Cloud for Teams That Don't Want to Run Servers",
      "NetBird-Launches-NetBird-Cloud", "NetBird",
      """<p>BERLIN--(BUSINESS WIRE)--NetBird today announced the general availability of NetBird Cloud, a hosted version of its open-source WireGuard overlay in which NetBird operates the management and signal services.</p>
<p>A new Team plan costs $5 per user per month for up to 50 users, and a free plan covers up to five users. The self-hosted edition remains free and open source.</p>
<p>"Most new teams want the network, not the servers behind it," said the company's chief executive.</p>
{ABOUT_NETBIRD}""", cats=["Technology", "Networks", "Software"]),

    w("bw-zs-investor-conferences", "none", "hard",
      "Investor-conference notice; the pending ZeroTier acquisition appears only in boilerplate forward-looking statements, not as news.",
      "2026-11-23 13:00", "Zscaler to Present at Upcoming Investor Conferences",
      "Zscaler-to-Present-at-Upcoming-Investor-Conferences", "Zscaler, Inc.",
      """<p>SAN JOSE, Calif.--(BUSINESS WIRE)--Zscaler, Inc. (NASDAQ: ZS) today announced that members of its management team will present at the following investor conferences:</p>
<ul>
<li>Technology, Media and Telecom Conference in San Francisco, Tuesday, December 2, 2026, at 10:40 a.m. Pacific time.</li>
<li>Global Technology Conference in Scottsdale, Tuesday, December 9, 2026, at 2:00 p.m. Mountain time.</li>
</ul>
<p>Each presentation will be webcast live, with a replay afterwards, at ir.zscaler.com.</p>
{ABOUT_ZSCALER}
{FLS_ZSCALER}
{CONTACT_ZSCALER}""", cats=["Technology", "Investor Relations"]),
]
