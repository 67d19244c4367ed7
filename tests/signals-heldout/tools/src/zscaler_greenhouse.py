"""Zscaler job board, Greenhouse boards API shape with long boilerplate (competitor zscaler)."""
from .common import item

FILE = "zscaler-greenhouse.json"
RENDER = "greenhouse"

INTRO = """<div class="content-intro"><p><strong>About Zscaler</strong></p>
<p>Serving thousands of enterprise customers around the world, including many of the Fortune 500, Zscaler was founded in 2007 with a mission to make the cloud a safe place to do business and a more enjoyable experience for users. As the operator of the world's largest security cloud, Zscaler accelerates digital transformation so enterprises can be more agile, efficient, resilient and secure. The pioneering, AI-powered Zscaler Zero Trust Exchange platform protects customers from cyberattacks and data loss by securely connecting users, devices and applications in any location.</p>
<p>Named a Best Workplace in Technology by several publications, Zscaler offers a fast-paced and collaborative environment that is built around a culture of customer obsession, collaboration, ownership and accountability. If you want to solve hard problems with people who care, we would like to hear from you.</p></div>
"""

BOILERPLATE = """
<div class="content-conclusion"><p><strong>At Zscaler, we are committed to building a team that reflects the communities we serve and the customers we work with.</strong> We foster an inclusive environment that values all backgrounds and perspectives, emphasizing collaboration and belonging. Join us in our mission to make doing business seamless and secure.</p>
<p><strong>Our Benefits program is one of the most important ways we support our employees.</strong> Zscaler proudly offers comprehensive and inclusive benefits to meet the diverse needs of our employees and their families throughout their life stages, including:</p>
<ul>
<li>Various health plans</li>
<li>Time off plans for vacation and sick time</li>
<li>Parental leave options</li>
<li>Retirement options</li>
<li>Education reimbursement</li>
<li>In-office perks, and more!</li>
</ul>
<p>By applying for this role, you adhere to applicable laws, regulations, and Zscaler policies, including those related to security and privacy standards and guidelines.</p>
<p>Zscaler is committed to providing equal employment opportunities to all individuals. We strive to create a workplace where employees are treated with respect and have the chance to succeed. All qualified applicants will receive consideration for employment without regard to race, color, religion, sex (including pregnancy or related medical conditions), age, national origin, sexual orientation, gender identity or expression, genetic information, disability status, protected veteran status or any other characteristic protected by federal, state, or local laws.</p>
<p>See more information by clicking on the Know Your Rights: Workplace Discrimination is Illegal link.</p>
<p>Pay Transparency</p>
<p>Zscaler complies with all applicable federal, state, and local pay transparency rules. The base salary range for this full-time position is {PAY}. In addition, this role may be eligible for a bonus, commission and equity. Individual pay is determined by job-related skills, experience, relevant education or training and location.</p>
<p>Zscaler is committed to supporting candidates with disabilities or other needs throughout the recruiting process. If you require a reasonable accommodation, please contact us.</p></div>
"""

ITEMS = [
    item("zsg-pm-self-serve", "zscaler-smb-mesh", "hard",
         "Job ad hiring to build self-serve buying for 20-person companies (sign-up, card payment, onboarding without sales): a self-serve / SMB plan.",
         "2026-11-10 09:30", "Senior Product Manager, Self-Serve Growth",
         department="Product Management", location="San Jose, CA", pay="$180,000 - $257,000 USD",
         body="""<p><strong>Role Overview</strong></p>
<p>We are looking for a Senior Product Manager to create the path by which a 20-person company discovers, buys and deploys Zscaler without ever speaking to a salesperson. Reporting to the Director of Product Management for Zscaler Foundations, you will own the self-serve funnel end to end.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Own the sign-up, trial and purchase flow, including card payments, tax and invoicing for customers who buy online</li>
<li>Design in-product onboarding that takes an administrator from an empty tenant to a protected team in under an hour</li>
<li>Define pricing experiments for plans aimed at organizations with fewer than 150 employees</li>
<li>Instrument every step and run weekly growth reviews with engineering and marketing</li>
</ul>
<p><strong>What we're looking for (minimum qualifications):</strong></p>
<ul>
<li>5+ years of product management, with at least 2 years on a product-led growth or self-serve motion</li>
<li>Experience with billing platforms and subscription pricing</li>
</ul>
<p><strong>What will make you stand out (preferred qualifications):</strong></p>
<ul>
<li>Experience in security or networking products</li>
</ul>"""),

    item("zsg-peer-paths-staff", "zscaler-smb-mesh", "hard",
         "Job ad hiring to build NAT traversal so two enrolled endpoints exchange traffic directly (mesh / peer-to-peer capability for Client Connector).",
         "2026-11-19 11:00", "Staff Software Engineer, Client Connector Networking",
         department="Engineering", location="Remote - USA", pay="$196,000 - $280,000 USD",
         body="""<p><strong>Role Overview</strong></p>
<p>Client Connector runs on tens of millions of endpoints. We are changing how it moves packets: when policy allows, two enrolled endpoints will send traffic straight to each other rather than through our cloud. We need a staff engineer to lead that work.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Design the NAT traversal, path selection and fallback logic that lets two managed devices set up an encrypted path between them with no relay in the middle</li>
<li>Build the signalling between Client Connector and the Zero Trust Exchange that authorizes each direct path and distributes keys</li>
<li>Deliver it on every desktop and mobile platform we support from one shared core</li>
<li>Define the telemetry that tells us how often direct paths succeed and why they fail</li>
</ul>
<p><strong>What we're looking for (minimum qualifications):</strong></p>
<ul>
<li>10+ years of systems programming in C, C++ or Rust</li>
<li>Deep knowledge of UDP hole punching, STUN/ICE or similar techniques</li>
</ul>
<p><strong>What will make you stand out (preferred qualifications):</strong></p>
<ul>
<li>Experience shipping a VPN or overlay network client at scale</li>
</ul>"""),

    item("zsg-em-foundations", "zscaler-smb-mesh", "hard",
         "Job ad hiring an engineering manager to build a lower-priced edition for organizations under 150 employees.",
         "2026-11-24 08:15", "Engineering Manager, Foundations",
         department="Engineering", location="Bangalore, India", pay="not applicable (India)",
         body="""<p><strong>Role Overview</strong></p>
<p>Foundations is our lower-priced edition for organizations with up to 150 employees that have no dedicated security staff. We are hiring an engineering manager to lead the team that builds it.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Lead a team of 10 engineers building the simplified admin experience, guided setup and pre-built policies of Foundations</li>
<li>Work with product to keep the cost of serving each Foundations tenant low enough for its price point</li>
<li>Own reliability and release quality for the Foundations control plane</li>
</ul>
<p><strong>What we're looking for (minimum qualifications):</strong></p>
<ul>
<li>8+ years of software engineering, 3+ years managing engineers</li>
<li>Experience with multi-tenant SaaS at scale</li>
</ul>"""),

    item("zsg-corpdev", "none", "hard",
         "Generic M&A vocabulary (evaluate and execute acquisitions) with no target named; not a report of a deal.",
         "2026-11-05 10:00", "Director, Corporate Development",
         department="Finance", location="San Jose, CA", pay="$210,000 - $300,000 USD",
         body="""<p><strong>Role Overview</strong></p>
<p>Corporate Development at Zscaler identifies, evaluates and executes acquisitions and strategic investments that extend the Zero Trust Exchange. You will lead deals from first conversation to integration planning.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Build and maintain a pipeline of potential acquisition targets and investment opportunities across security, networking and AI</li>
<li>Lead valuation, due diligence and negotiation with internal and external advisors</li>
<li>Partner with product and engineering leaders on integration plans</li>
</ul>
<p><strong>What we're looking for (minimum qualifications):</strong></p>
<ul>
<li>10+ years in investment banking, private equity or corporate development, with technology transactions</li>
</ul>"""),

    item("zsg-threat-researcher-smb", "none", "hard",
         "SMB = Server Message Block (lateral movement research); no SMB offer.",
         "2026-11-12 12:00", "Senior Threat Researcher, Lateral Movement",
         department="ThreatLabz", location="Remote - USA", pay="$160,000 - $228,000 USD",
         body="""<p><strong>Role Overview</strong></p>
<p>ThreatLabz is looking for a researcher to study how attackers move inside networks once they have a foothold.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Analyze lateral movement over SMB, RDP, WinRM and remote service creation in real intrusions</li>
<li>Reverse engineer tooling that abuses SMB named pipes and NTLM relay</li>
<li>Turn findings into detections and publish research on the ThreatLabz blog</li>
</ul>
<p><strong>What we're looking for (minimum qualifications):</strong></p>
<ul>
<li>5+ years in malware analysis, incident response or red teaming</li>
<li>Deep Windows internals knowledge</li>
</ul>"""),

    item("zsg-ae-mid-market", "none", "hard",
         "Sales role selling existing products to mid-market accounts; no new edition, price or self-serve plan.",
         "2026-11-14 09:00", "Account Executive, Mid-Market",
         department="Sales", location="Chicago, IL", pay="$120,000 - $170,000 USD (base)",
         body="""<p><strong>Role Overview</strong></p>
<p>We are hiring account executives to sell the Zero Trust Exchange to mid-market organizations in the Central region.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Build pipeline with organizations of 1,000 to 5,000 employees, working closely with channel partners</li>
<li>Take ZIA, ZPA and ZDX opportunities from first meeting to signature</li>
<li>Forecast accurately and maintain clean records in Salesforce</li>
</ul>
<p><strong>What we're looking for (minimum qualifications):</strong></p>
<ul>
<li>5+ years of quota-carrying software sales, ideally in security</li>
</ul>"""),

    item("zsg-msp-partner-manager", "none", "hard",
         "Partner role: reaching small businesses through MSPs with the existing portfolio; no new offer.",
         "2026-11-17 10:30", "Partner Manager, Managed Service Providers",
         department="Channel", location="London, United Kingdom", pay="not applicable (UK)",
         body="""<p><strong>Role Overview</strong></p>
<p>Many small businesses outsource their IT to a managed service provider. You will recruit and enable MSPs in the UK to deliver our existing platform as a managed service to their customers.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Recruit MSP partners and onboard them to the partner program</li>
<li>Build joint go-to-market plans and enablement</li>
<li>Track partner-sourced pipeline and revenue</li>
</ul>"""),

    item("zsg-app-connector-eng", "none", "hard",
         "Name-drops 'service mesh' (Istio) as a nice-to-have; builds App Connector, not a mesh product.",
         "2026-11-20 13:00", "Senior Software Engineer, ZPA App Connector",
         department="Engineering", location="Toronto, Canada", pay="CAD 150,000 - 205,000",
         body="""<p><strong>Role Overview</strong></p>
<p>App Connectors sit next to customer applications and connect them to the Zero Trust Exchange through outbound-only tunnels.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Improve App Connector throughput, upgrade safety and health reporting</li>
<li>Build connectors for new container platforms</li>
</ul>
<p><strong>What will make you stand out (preferred qualifications):</strong></p>
<ul>
<li>Experience with a service mesh such as Istio or Linkerd</li>
<li>Familiarity with WireGuard or IPsec</li>
</ul>"""),

    item("zsg-payroll", "none", "easy",
         "Payroll role, unrelated to the product.",
         "2026-11-21 09:00", "Payroll Specialist",
         department="Finance", location="San Jose, CA", pay="$78,000 - $110,000 USD",
         body="""<p><strong>Role Overview</strong></p>
<p>Join our payroll team to run accurate and timely payroll for employees in North America.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Process semi-monthly payroll and off-cycle payments</li>
<li>Reconcile payroll accounts and support audits</li>
</ul>"""),

    item("zsg-dc-network-eng", "none", "hard",
         "'Full mesh' and 'peering' describe Zscaler's data-centre backbone, not device-to-device connectivity.",
         "2026-11-25 11:00", "Senior Network Engineer, Global Backbone",
         department="Cloud Operations", location="Amsterdam, Netherlands", pay="not applicable (Netherlands)",
         body="""<p><strong>Role Overview</strong></p>
<p>Our backbone connects more than 160 data centres. You will help design and run it.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Operate the full-mesh interconnection between regional data centres and plan capacity</li>
<li>Manage BGP peering with internet exchanges and transit providers</li>
<li>Automate configuration and validation with Python and Ansible</li>
</ul>"""),

    item("zsg-smb-bundles-2025", "none", "hard",
         "Stale: posting first published 2025-09-15 (updated 2026-02-03), long before first seen; an old SMB bundle role.",
         "2025-09-15 09:00", "Product Manager, SMB Bundles",
         department="Product Management", location="San Jose, CA", pay="$160,000 - $228,000 USD",
         updated="2026-02-03 09:00",
         body="""<p><strong>Role Overview</strong></p>
<p>We want small and medium businesses to adopt Zscaler through simpler bundles sold by our partners.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Define bundles for small and medium businesses with partners</li>
<li>Work with pricing and channel teams on packaging</li>
</ul>"""),

    item("zsg-fp-analyst-attr-trap", "none", "hard",
         "Keywords only in markup: link hrefs carry 'small-business' and 'peer-to-peer'; the visible text is a finance analyst role.",
         "2026-11-26 10:00", "Senior Financial Analyst, FP&A",
         department="Finance", location="San Jose, CA", pay="$120,000 - $170,000 USD",
         body="""<p><strong>Role Overview</strong></p>
<p>Support the planning and forecasting of our operating expenses. Read about how our <a href="https://www.zscaler.com/careers/small-business-peer-to-peer-mesh-team">finance team</a> works and what our <a href="https://www.zscaler.com/blogs/foundations-small-business-self-serve">culture</a> values.</p>
<p><strong>What you'll do:</strong></p>
<ul>
<li>Build the annual operating plan with department leaders</li>
<li>Analyze variances and present findings to finance leadership</li>
</ul>"""),
]
