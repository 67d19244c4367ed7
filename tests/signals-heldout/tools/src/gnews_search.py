"""Google News search RSS: title-only items 'Headline - Publication', mixed vendors."""
from .common import item

FILE = "gnews-search.xml"
RENDER = "gnews"
META = {
    "title": '"Zscaler" OR "Cloudflare" OR "Twingate" OR "Netmaker" OR "ZeroTier" when:30d - Google News',
    "link": "https://news.google.com/search?q=%22Zscaler%22+OR+%22Cloudflare%22+OR+%22Twingate%22+OR+%22Netmaker%22+OR+%22ZeroTier%22+when:30d&hl=en-US&gl=US&ceid=US:en",
    "built": "2026-12-01 06:00",
}

PL = ("The Packet Ledger", "https://www.packetledger.com")
PB = ("Perimeter Brief", "https://perimeterbrief.com")
CW = ("CloudWire Daily", "https://www.cloudwiredaily.com")
CB = ("ChannelBeat", "https://www.channelbeat.net")
ND = ("NetOps Dispatch", "https://www.netopsdispatch.com")
DJ = ("DevSecOps Journal", "https://devsecopsjournal.io")
SW = ("Stackline Weekly", "https://stacklineweekly.com")
OS = ("Open Source Networking News", "https://osnetnews.org")
BL = ("Bay Area Business Ledger", "https://www.bayareabusinessledger.com")
HR = ("Home Network Review", "https://www.homenetworkreview.com")
PN = ("Patch Notes Daily", "https://patchnotesdaily.com")
FF = ("Fintech Frontier", "https://fintechfrontier.news")
MT = ("Market Tape", "https://www.markettape.com")


def g(key, pb, diff, note, date, headline, pub):
    return item(key, pb, diff, "Title-only item; " + note if not note.startswith(("Stale:", "Cross-playbook trap")) else note,
                date, f"{headline} - {pub[0]}", site=pub[1])


ITEMS = [
    g("gn-cf-warp-direct", "cloudflare-connect", "hard",
      "Cloudflare device-to-device connectivity without 'mesh' or 'peer-to-peer' ('links laptops directly, skipping its own edge').",
      "2026-11-18 21:40", "Cloudflare's WARP client now links laptops directly, skipping its own edge", PL),
    g("gn-cf-rdp-db", "cloudflare-connect", "hard",
      "Infrastructure access (RDP, databases) arriving in cloudflared: BastionZero-derived Access for Infrastructure, without either name.",
      "2026-11-20 22:10", "Cloudflare folds RDP and database access into cloudflared", PB),
    g("gn-cf-mesh-beta", "cloudflare-connect", "easy",
      "Cloudflare mesh networking launch, keyword in the headline.",
      "2026-11-10 16:30", "Cloudflare launches mesh networking beta for Cloudflare One", CW),
    g("gn-zs-snaps-zerotier", "zscaler-acquisition", "hard",
      "Cross-playbook trap: Title-only item; 'snaps up' ZeroTier; 'courts small businesses' is motive, not an SMB launch (a zscaler-smb-mesh hit is a false positive).",
      "2026-11-12 15:05", "Zscaler snaps up ZeroTier as it courts small businesses", PB),
    g("gn-zs-zerotier-part-of", "zscaler-acquisition", "hard",
      "Deal phrased as 'to become part of Zscaler'.",
      "2026-11-12 18:45", "ZeroTier to become part of Zscaler in deal valued near $300 million", PL),
    g("gn-zs-firezone-talks", "zscaler-acquisition", "hard",
      "Credible report of talks ('said to be in advanced talks for Firezone'), a ZTNA / WireGuard peer.",
      "2026-11-25 19:20", "Zscaler said to be in advanced talks for Firezone", BL),
    g("gn-zs-foundations-150", "zscaler-smb-mesh", "hard",
      "SMB edition phrased as 'companies with fewer than 150 staff'.",
      "2026-11-17 17:00", "Zscaler Foundations targets companies with fewer than 150 staff", CB),
    g("gn-zs-cc-device-to-device", "zscaler-smb-mesh", "hard",
      "Mesh capability phrased as 'route device to device' for Client Connector.",
      "2026-11-19 20:30", "Zscaler's Client Connector learns to route device to device", ND),
    g("gn-tg-services-not-staff", "twingate-platform", "hard",
      "Platform move phrased as securing 'services, not just your staff'.",
      "2026-11-18 18:10", "Twingate wants to secure your services, not just your staff", DJ),
    g("gn-tg-pod-identities", "twingate-platform", "hard",
      "Workload identity phrased as 'Kubernetes pods get their own identities'.",
      "2026-11-19 14:25", "Twingate gives Kubernetes pods identities of their own", SW),
    g("gn-nm-hosted-early-access", "netmaker-saas", "hard",
      "Hosted Netmaker early access announced by Gravitl (former / company name); 'SaaS' not used.",
      "2026-11-06 16:15", "Gravitl opens early access to hosted Netmaker", OS),
    g("gn-nm-do-buys-gravitl", "netmaker-saas", "hard",
      "Netmaker's maker being bought, named as Gravitl.",
      "2026-11-24 14:50", "DigitalOcean to buy Gravitl, the company behind Netmaker", CW),
    g("gn-nm-runs-control-plane", "netmaker-saas", "hard",
      "Managed offering phrased as 'no longer needs your server' / company runs the control plane.",
      "2026-11-07 12:40", "Netmaker no longer needs your server: Gravitl will run the control plane for you", ND),
    g("gn-nm-saas-edition", "netmaker-saas", "easy",
      "Netmaker SaaS launch, keyword in the headline.",
      "2026-11-26 10:05", "Netmaker's SaaS edition leaves early access", SW),

    g("gn-cloudflared-peer-links", "cloudflare-connect", "hard",
      "Competitor named only by product (cloudflared): two tunnels exchanging traffic directly, without 'mesh' or 'peer-to-peer'.",
      "2026-11-15 09:20", "cloudflared's new mode lets two tunnels talk without a middleman", PN),
    g("gn-zte-self-serve", "zscaler-smb-mesh", "hard",
      "Competitor named only by platform (Zero Trust Exchange): self-serve plan for teams under 150.",
      "2026-11-18 08:45", "Zero Trust Exchange can now be bought online by teams of up to 150", PL),
    g("gn-cf-one-sse-leader", "none", "hard",
      "Product name (Cloudflare One) in an analyst-report headline; no move.",
      "2026-11-27 13:00", "Cloudflare One named a leader in security service edge evaluation", CW),
    g("gn-netbird-cloud-50", "none", "hard",
      "Another vendor's hosted tier and small-team pricing (NetBird).",
      "2026-11-09 13:30", "NetBird launches managed cloud tier for teams under 50 seats", OS),
    g("gn-netskope-defined", "none", "hard",
      "Another buyer ('snaps up'): Netskope buys an overlay startup; not Zscaler.",
      "2026-11-09 19:00", "Netskope snaps up overlay startup Defined Networking", PB),
    g("gn-tg-not-for-sale", "none", "hard",
      "Denial: Twingate says it is not for sale after Zscaler rumours.",
      "2026-11-26 17:35", "Twingate says it is not for sale after Zscaler chatter", BL),
    g("gn-opinion-zs-buy-tg", "none", "hard",
      "Opinion piece saying Zscaler should buy Twingate; no deal reported.",
      "2026-11-15 11:00", "Opinion: Zscaler should buy Twingate before Cloudflare does", DJ),
    g("gn-zs-ventures-netbird", "none", "hard",
      "Investment, not an acquisition (Zscaler Ventures in NetBird's round).",
      "2026-11-25 16:45", "Zscaler Ventures backs NetBird's $40 million round", CW),
    g("gn-mesh-wifi-smb", "none", "hard",
      "Mesh Wi-Fi buyer's guide for small businesses; no vendor move.",
      "2026-11-11 09:00", "The best mesh Wi-Fi systems for small business in 2026", HR),
    g("gn-smb-flaw", "none", "hard",
      "SMB = the file-sharing protocol (a Windows vulnerability).",
      "2026-11-11 18:20", "Microsoft patches critical SMB flaw already exploited in the wild", PN),
    g("gn-cf-connect-conf", "none", "hard",
      "'Cloudflare Connect' is the conference.",
      "2026-11-08 15:30", "Cloudflare Connect recap: Workers, AI agents and a lot of coffee", SW),
    g("gn-cf-backbone-mesh", "none", "hard",
      "'Mesh' describes Cloudflare's own backbone.",
      "2026-11-21 13:15", "Cloudflare extends its backbone mesh to 40 more cities", CW),
    g("gn-zs-zerotier-rumor-2025", "none", "hard",
      "Stale: Title-only item from 2025-08-14 (first seen 2026-12-01): an old rumour surfacing in the search.",
      "2025-08-14 17:00", "Zscaler eyes ZeroTier deal, sources say", BL),
    g("gn-nm-hosted-beta-2025", "none", "hard",
      "Stale: Title-only item from 2025-02-20 surfacing in a 30-day search; an old hosted beta announcement.",
      "2025-02-20 15:00", "Netmaker unveils hosted beta for WireGuard networks", OS),
    g("gn-zs-netmaker-ot", "none", "hard",
      "Cross-playbook trap: Title-only item; a Zscaler-Netmaker partnership is neither an acquisition nor a Netmaker SaaS launch.",
      "2026-11-16 14:00", "Zscaler and Netmaker team up to secure factory networks", CB),
    g("gn-zs-quillon", "none", "hard",
      "Zscaler completing the purchase of an unrelated AI company.",
      "2026-11-24 17:30", "Zscaler completes purchase of AI red-teaming startup Quillon", MT),
    g("gn-panw-prisma-smb", "none", "hard",
      "Another vendor's small-business tier (Palo Alto Networks).",
      "2026-11-13 15:40", "Palo Alto Networks launches Prisma Access tier for small businesses", CB),
    g("gn-tg-price-cut", "none", "hard",
      "Twingate pricing and MSP news; another vendor's price cut is not a Zscaler SMB signal, and pricing is not a Twingate platform move.",
      "2026-11-20 12:00", "Twingate cuts Business plan price and adds an MSP console", CB),
    g("gn-p2p-payments", "none", "hard",
      "P2P payments; unrelated sense of peer-to-peer.",
      "2026-11-14 10:30", "How peer-to-peer payments finally reached small banks", FF),
    g("gn-zs-earnings", "none", "easy",
      "Earnings headline; no acquisition, SMB or mesh news in the title.",
      "2026-11-24 21:15", "Zscaler reports first-quarter revenue up 22%, raises outlook", MT),
]
