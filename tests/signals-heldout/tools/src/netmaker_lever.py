"""Netmaker (Gravitl) job board, Lever postings API shape with long boilerplate (competitor netmaker)."""
from .common import item

FILE = "netmaker-lever.json"
RENDER = "lever"

OPENING = """<div>Gravitl builds Netmaker, the open-source platform for creating fast, secure virtual networks with WireGuard. Engineers at thousands of organizations use Netmaker to connect servers, clusters, edge devices and people across clouds and data centres.</div><div><br></div>"""

ADDITIONAL = """<div><b>Why Gravitl</b></div>
<div>We are a small, fully remote team with engineers in eleven countries. We work in the open: most of our code is public and most of our decisions are written down. You will have real ownership from the first week and direct access to the founders and to our users.</div>
<div><br></div>
<div><b>Benefits</b></div>
<ul><li>Competitive salary and early-stage equity</li><li>Health insurance (US) or a health stipend (elsewhere)</li><li>Unlimited paid time off with a 25-day minimum</li><li>A new laptop and a home-office budget</li><li>Annual team retreat</li></ul>
<div><br></div>
<div>Gravitl is an equal opportunity employer. We value diversity and do not discriminate on the basis of race, religion, colour, national origin, gender, sexual orientation, age, marital status, veteran status or disability. We encourage people from under-represented groups to apply even if they do not meet every requirement listed.</div>
<div><br></div>
<div>By submitting an application you agree that Gravitl may process your personal data for recruiting purposes as described in our candidate privacy notice. We keep application data for 24 months unless you ask us to delete it sooner.</div>"""

ITEMS = [
    item("nml-sre-cloud", "netmaker-saas", "hard",
         "Job ad hiring to run the multi-tenant control plane Gravitl operates for customers (hosted Netmaker, early access opening); 'SaaS' not used.",
         "2026-11-05 17:00", "Site Reliability Engineer, Netmaker Orbit",
         department="Engineering", team="Cloud", location="Remote",
         salary=(140000, 175000),
         body="""<div>We are about to open early access to Netmaker Orbit, a version of Netmaker where we run the control plane for our customers. We need an SRE to make it boringly reliable.</div><div><br></div>""",
         lists=[("What you will do", [
             "Run the multi-tenant control plane we operate on behalf of customers, across three regions",
             "Build tenant isolation, backups and upgrades that never need a customer to touch a server",
             "Own on-call, SLOs and incident reviews for the hosted service",
             "Work with the core team to make Netmaker easier to operate at scale"]),
             ("What you bring", [
             "Four or more years running production services on Kubernetes",
             "Experience with PostgreSQL, Terraform and observability tooling",
             "Familiarity with WireGuard is a plus"])]),

    item("nml-backend-hosted", "netmaker-saas", "hard",
         "Job ad hiring to build tenant provisioning and billing so teams get a network without installing a server (hosted offering).",
         "2026-11-12 16:00", "Senior Backend Engineer, Hosted Platform",
         department="Engineering", team="Cloud", location="Remote",
         salary=(150000, 190000),
         body="""<div>Until now, using Netmaker meant running a server. We are changing that. This role builds the systems that let a team sign up and get a working network in minutes, with Gravitl running everything behind it.</div><div><br></div>""",
         lists=[("What you will do", [
             "Build tenant provisioning, plan limits and usage metering for the hosted platform",
             "Integrate billing and account management",
             "Design APIs that work the same way for hosted and self-managed installs"]),
             ("What you bring", [
             "Strong Go experience and a track record of multi-tenant backend systems",
             "Care for data integrity and clear APIs"])]),

    item("nml-devrel", "none", "hard",
         "Developer advocate writing self-hosting guides; self-hosting is explicitly not a signal.",
         "2026-11-08 15:00", "Developer Advocate",
         department="Marketing", team="Community", location="Remote",
         salary=(110000, 140000),
         body="""<div>Our community runs Netmaker on everything from Raspberry Pis to thousand-node clusters. Help them succeed.</div><div><br></div>""",
         lists=[("What you will do", [
             "Write tutorials on self-hosting Netmaker with Docker Compose, Kubernetes and bare metal",
             "Answer questions on Discord and GitHub Discussions",
             "Speak at meetups and conferences about WireGuard networking"]),
             ("What you bring", [
             "A history of writing clear technical content",
             "Hands-on Linux networking experience"])]),

    item("nml-support-eng", "none", "hard",
         "Support role for self-hosted installs; 'nodes acquire IP addresses' is networking vocabulary, not an acquisition.",
         "2026-11-17 14:00", "Support Engineer",
         department="Customer Success", team="Support", location="Remote (Europe)",
         body="""<div>Help our customers keep their networks running.</div><div><br></div>""",
         lists=[("What you will do", [
             "Troubleshoot self-hosted Netmaker servers, including cases where nodes fail to acquire an IP address or a relay is misconfigured",
             "Reproduce bugs and file clear reports for the core team",
             "Improve our troubleshooting documentation"]),
             ("What you bring", [
             "At least two years supporting Linux systems or the people who run them",
             "Comfort with Linux, iptables and DNS"])]),

    item("nml-exec-assistant", "none", "easy",
         "Administrative role, nothing about the product.",
         "2026-11-20 15:00", "Executive Assistant to the CEO",
         department="Operations", team="Operations", location="Remote (US)",
         commitment="Part-time",
         body="""<div>Keep our CEO organized and our small company running smoothly.</div><div><br></div>""",
         lists=[("What you will do", [
             "Manage calendars, travel and board meeting logistics",
             "Coordinate the annual team retreat"])]),

    item("nml-netclient-go", "none", "hard",
         "Core mesh client work (netclient, WireGuard mesh); building the self-managed product is not a SaaS signal.",
         "2026-11-25 16:00", "Go Engineer, Netclient",
         department="Engineering", team="Core", location="Remote",
         salary=(130000, 170000),
         body="""<div>Netclient is the agent that joins a machine to a Netmaker network. It runs on Linux, Windows, macOS and FreeBSD.</div><div><br></div>""",
         lists=[("What you will do", [
             "Improve how netclient builds and maintains the WireGuard mesh between peers",
             "Add support for more platforms and init systems",
             "Make upgrades safe for large fleets"]),
             ("What you bring", [
             "Solid Go and Linux networking experience"])]),

    item("nml-partnerships", "none", "hard",
         "Partnerships role; partnerships are not a SaaS or acquisition signal.",
         "2026-11-27 15:00", "Partnerships Manager",
         department="Sales", team="Partnerships", location="Remote (US)",
         salary=(120000, 150000),
         body="""<div>Grow Netmaker through cloud marketplaces, resellers and technology partners.</div><div><br></div>""",
         lists=[("What you will do", [
             "Launch and grow our listings on cloud marketplaces",
             "Build integrations and co-marketing with technology partners",
             "Support resellers in North America"])]),

    item("nml-founding-sre-2025", "none", "hard",
         "Stale: posting created 2025-04-07, long before first seen (2026-12-01); an old hosted-service hire.",
         "2025-04-07 15:00", "Founding SRE, Managed Service",
         department="Engineering", team="Cloud", location="Remote",
         salary=(130000, 160000),
         body="""<div>We are exploring a managed version of Netmaker and need our first SRE.</div><div><br></div>""",
         lists=[("What you will do", [
             "Prototype a managed control plane",
             "Set up monitoring and on-call"])]),
]
