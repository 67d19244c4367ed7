"""Twingate job board, Ashby posting API shape (competitor twingate)."""
from .common import item

FILE = "twingate-ashby.json"
RENDER = "ashby"

BOILERPLATE = """
<h3>About Twingate</h3>
<p>Twingate makes it easy for organizations to give people secure access to the private applications, servers and data they need, wherever those resources run. Thousands of companies, from startups to public enterprises, use Twingate in place of legacy VPNs. Around 180 of us work remotely across North America and Europe, backed by leading investors, and we care about building software that administrators enjoy deploying and users never have to think about.</p>
<h3>What we offer</h3>
<ul>
<li>Competitive salary and meaningful equity.</li>
<li>Medical, dental and vision coverage for you and your dependents, with 100% of premiums paid for employees.</li>
<li>A home-office stipend and a yearly learning budget.</li>
<li>Flexible time off with a minimum of 20 days per year, plus company-wide recharge weeks.</li>
<li>Sixteen weeks of paid parental leave for all parents.</li>
<li>Twice-yearly in-person offsites.</li>
</ul>
<h3>Our commitment</h3>
<p>Everyone is welcome to apply to Twingate. Hiring decisions never depend on race, religion, colour, national origin, sex, sexual orientation, gender identity, age, marital status, veteran status or disability. If you need an accommodation at any point during the interview process, tell your recruiter and we will make it happen.</p>
<p>The compensation range shown reflects the base salary for candidates in the United States. Final offers depend on location, experience and interview performance.</p>
"""

ITEMS = [
    item("tga-workload-access-eng", "twingate-platform", "hard",
         "Job ad hiring to build workload-to-workload access (services, CI runners and pods authenticating without human credentials).",
         "2026-11-09 16:20", "Senior Software Engineer, Workload Access",
         department="Engineering", team="Workload Access", location="Remote (US)",
         pay="$185K – $235K", secondary=[{"location": "Remote (Canada)"}],
         body="""<p>Most of the access Twingate grants today is for people. The fastest-growing source of connections on our customers' networks is not people at all: it is services calling other services, CI runners deploying to private clusters and scheduled jobs reading from databases. We are building the team that will make those connections as safe and as easy as a person signing in.</p>
<h3>What you'll do</h3>
<ul>
<li>Design and build the systems that let services, CI runners and pods prove their identity to Twingate and reach each other without a human credential in the loop.</li>
<li>Work on token exchange with cloud and CI identity providers, short-lived credentials and policy evaluation for non-human callers.</li>
<li>Build the Connector-side pieces that let a workload accept connections only from the workloads policy allows.</li>
<li>Partner with product and design on how administrators describe access for machines.</li>
</ul>
<h3>What you bring</h3>
<ul>
<li>Six or more years building distributed systems in Go, Rust or C++.</li>
<li>You have worked with OIDC token exchange, SPIFFE or cloud IAM federation.</li>
<li>A habit of writing things down and a preference for simple designs.</li>
</ul>"""),

    item("tga-k8s-operator-staff", "twingate-platform", "hard",
         "Job ad: extend the Kubernetes operator so workloads in one cluster reach services in another without a person (operator for workloads).",
         "2026-11-13 15:05", "Staff Engineer, Kubernetes Operator",
         department="Engineering", team="Cloud Native", location="Remote (US or Canada)",
         pay="$210K – $260K",
         body="""<p>Our Kubernetes operator started as a way for platform teams to declare Twingate Resources next to their deployments. Next year it becomes the way clusters talk to each other.</p>
<h3>What you'll do</h3>
<ul>
<li>Lead the design of operator features that let workloads in one cluster reach services in another cluster, or in a VPC, using their own identity and without anybody signing in.</li>
<li>Define custom resources for workload-to-service policy that platform teams can manage in Git.</li>
<li>Make the operator reliable at the scale of thousands of namespaces and tens of thousands of Services.</li>
<li>Mentor engineers and review designs across the Cloud Native group.</li>
</ul>
<h3>What you bring</h3>
<ul>
<li>You have shipped Kubernetes controllers in Go and debugged them in production.</li>
<li>Production experience with multi-cluster networking.</li>
<li>Comfort owning a roadmap with many stakeholders.</li>
</ul>"""),

    item("tga-pm-sdk", "twingate-platform", "hard",
         "Job ad: product manager for SDKs that programs use to request access at runtime (APIs / SDKs for programs).",
         "2026-11-16 18:40", "Product Manager, Developer Platform",
         department="Product", team="Developer Platform", location="Remote (US)",
         pay="$175K – $215K",
         body="""<p>This product manager will own the developer platform: the SDKs and APIs that let software, not just people, use Twingate.</p>
<h3>What you'll do</h3>
<ul>
<li>Own the roadmap for the SDKs that programs embed to request access to private Resources at runtime, authenticate with their workload identity and open connections.</li>
<li>Talk to platform engineers, SREs and AI-agent builders every week about how their services connect.</li>
<li>Define packaging and pricing for machine access together with the business team.</li>
<li>Write clear specifications and ship in small steps with engineering.</li>
</ul>
<h3>What you bring</h3>
<ul>
<li>At least four years as a product manager for developer tools or infrastructure.</li>
<li>Enough engineering background to read an SDK and have opinions about it.</li>
</ul>"""),

    item("tga-service-discovery", "twingate-platform", "hard",
         "Job ad: build a registry so workloads find each other and connect (service discovery).",
         "2026-11-23 14:30", "Software Engineer, Service Registry",
         department="Engineering", team="Workload Access", location="Remote (Europe)",
         pay="€95K – €125K",
         body="""<p>When a service needs to call another service on a private network, it first has to find it. We are building a registry inside Twingate that knows which services exist behind which Connectors and who may call them.</p>
<h3>What you'll do</h3>
<ul>
<li>Build the registry that Connectors populate with the services they can see, and that workloads query to find each other by name.</li>
<li>Integrate with DNS, Kubernetes endpoints and cloud load balancers.</li>
<li>Keep lookups fast and consistent across regions.</li>
</ul>
<h3>What you bring</h3>
<ul>
<li>Experience building service discovery or naming systems (Consul, etcd, CoreDNS or your own).</li>
<li>Strong Go skills and an interest in networking.</li>
</ul>"""),

    item("tga-macos-client", "none", "hard",
         "Job ad that only name-drops WireGuard and Kubernetes; builds the human-facing macOS client.",
         "2026-11-06 17:10", "Senior Engineer, macOS Client",
         department="Engineering", team="Clients", location="Remote (US)",
         pay="$180K – $225K",
         body="""<p>The Twingate Client is the part of our product people see every day. We want it to be invisible in the best way: fast to connect, light on battery and impossible to misconfigure.</p>
<h3>What you'll do</h3>
<ul>
<li>Build features in the macOS Client and its Network Extension in Swift.</li>
<li>Improve sign-in, device posture collection and tunnel reliability for end users.</li>
<li>Work with the Windows and Linux teams on shared C++ networking code.</li>
</ul>
<h3>Nice to have</h3>
<ul>
<li>Familiarity with WireGuard, QUIC or other tunnelling protocols.</li>
<li>Some exposure to Kubernetes, since many of our users are developers who use it daily.</li>
</ul>"""),

    item("tga-solutions-engineer", "none", "hard",
         "Pre-sales job helping customers replace their VPN; human access, no platform build.",
         "2026-11-11 15:00", "Solutions Engineer, Mid-Market",
         department="Sales", team="Solutions Engineering", location="Remote (US - Central)",
         pay="$150K – $180K OTE",
         body="""<p>Solutions engineers help customers see how Twingate can replace their VPN in days rather than months.</p>
<h3>What you'll do</h3>
<ul>
<li>Run discovery and demos with IT and security teams at companies of 200 to 2,000 employees.</li>
<li>Guide proofs of concept: deploying Connectors, setting up groups and policies, rolling out the Client.</li>
<li>Answer security questionnaires and explain how Twingate compares with legacy VPNs and other ZTNA products.</li>
</ul>
<h3>What you bring</h3>
<ul>
<li>At least three years as a sales engineer, consultant or similar.</li>
<li>A working knowledge of networking, identity providers and endpoint management.</li>
</ul>"""),

    item("tga-accountant", "none", "easy",
         "Finance role, nothing to do with the product.",
         "2026-11-18 16:00", "Senior Accountant",
         department="Finance", team="Accounting", location="Remote (US)",
         pay="$110K – $135K",
         body="""<p>We are hiring a senior accountant to help us close the books faster and prepare for our next stage of growth.</p>
<h3>What you'll do</h3>
<ul>
<li>Own the monthly close for revenue, prepaid expenses and accruals.</li>
<li>Prepare reconciliations and support the annual audit.</li>
<li>Improve our processes and documentation as we scale.</li>
</ul>
<h3>What you bring</h3>
<ul>
<li>CPA and four or more years of experience, ideally at a SaaS company.</li>
<li>Experience with NetSuite and ASC 606.</li>
</ul>"""),

    item("tga-designer-admin", "none", "hard",
         "Designs the admin console where people's access policies are set; mentions service accounts only as an existing screen.",
         "2026-11-20 17:20", "Product Designer, Admin Console",
         department="Design", team="Product Design", location="Remote (US or Canada)",
         pay="$150K – $190K",
         body="""<p>The Admin Console is where IT teams decide who can reach what. We want those decisions to be obvious, reviewable and hard to get wrong.</p>
<h3>What you'll do</h3>
<ul>
<li>Redesign how administrators create groups, assign Resources to people and review access requests.</li>
<li>Improve dense screens such as audit logs, device lists and the existing service accounts page.</li>
<li>Run research with IT administrators at small and large customers.</li>
</ul>
<h3>What you bring</h3>
<ul>
<li>A portfolio of complex B2B products designed end to end.</li>
<li>Comfort with data-heavy interfaces and design systems.</li>
</ul>"""),

    item("tga-channel-msp", "none", "hard",
         "MSP channel sales role; channel news is not a platform signal.",
         "2026-11-24 15:45", "Channel Account Manager, MSP",
         department="Sales", team="Channel", location="Remote (UK)",
         pay="£70K – £85K base",
         body="""<p>Managed service providers are one of our fastest-growing routes to market. You will recruit and grow MSP partners across the UK and Ireland.</p>
<h3>What you'll do</h3>
<ul>
<li>Recruit new MSP partners and help them launch Twingate to their customers.</li>
<li>Run joint business plans, training and marketing campaigns.</li>
<li>Work with our partner portal team on features MSPs need.</li>
</ul>"""),

    item("tga-sre-internal-mesh", "none", "hard",
         "SRE role running Twingate's own infrastructure; 'service mesh' and 'workload identity' describe internal tooling, not a product move.",
         "2026-11-26 16:10", "Site Reliability Engineer",
         department="Engineering", team="Infrastructure", location="Remote (US)",
         pay="$170K – $210K",
         body="""<p>Our infrastructure team runs the control plane and relay network that every Twingate customer depends on.</p>
<h3>What you'll do</h3>
<ul>
<li>Operate our Kubernetes clusters on GKE and EKS, including the Linkerd service mesh our internal services use to talk to each other.</li>
<li>Manage workload identity federation between our clusters and our cloud accounts.</li>
<li>Improve on-call, incident response and capacity planning for the relay network.</li>
</ul>
<h3>What you bring</h3>
<ul>
<li>Five years running production Kubernetes and Terraform.</li>
<li>Calm under pressure and a bias toward automation.</li>
</ul>"""),

    item("tga-detection-engineer", "none", "hard",
         "Security engineering role protecting Twingate itself; workload vocabulary in the sense of internal cloud security.",
         "2026-11-10 14:00", "Security Engineer, Detection and Response",
         department="Security", team="Security Operations", location="Remote (US)",
         pay="$165K – $205K",
         body="""<p>Our customers trust us with access to their networks. The security team makes sure that trust is deserved.</p>
<h3>What you'll do</h3>
<ul>
<li>Write detections for our cloud, identity and endpoint telemetry.</li>
<li>Investigate alerts, lead incident response and write clear post-incident reviews.</li>
<li>Harden how our own services and workloads authenticate to cloud APIs.</li>
</ul>
<h3>What you bring</h3>
<ul>
<li>Experience with a SIEM, cloud audit logs and EDR tooling.</li>
<li>Comfortable automating with Python or Go.</li>
</ul>"""),

    item("tga-service-accounts-2026-03", "none", "hard",
         "Stale: posting published 2026-03-02, long before first seen (2026-12-01); it would otherwise be a platform hire.",
         "2026-03-02 16:00", "Senior Engineer, Service Accounts",
         department="Engineering", team="Identity", location="Remote (US)",
         pay="$180K – $225K",
         body="""<p>Service accounts let scripts and pipelines use Twingate without a person. We are growing the team that builds them.</p>
<h3>What you'll do</h3>
<ul>
<li>Build key rotation, scoping and audit features for service accounts.</li>
<li>Add support for more CI systems and automation platforms.</li>
</ul>"""),

    item("tga-unlisted-internal", "none", "easy",
         "Unlisted posting (isListed false): not an item; sigwatch skips it, so it has no label row.",
         "2026-11-15 16:00", "Engineering Manager, Workload Access (internal)",
         department="Engineering", team="Workload Access", location="Remote (US)",
         pay="$220K – $270K", listed=False,
         body="""<p>Internal transfer posting. Lead the team building access for services, pipelines and agents.</p>"""),
]
