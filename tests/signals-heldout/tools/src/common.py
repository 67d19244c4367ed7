"""Shared helpers for the held-out corpus sources (see ../build.py)."""


def item(key, pb, diff, note, date, title, body=None, **extra):
    """One labelled item. date: 'YYYY-MM-DD HH:MM' UTC. body: HTML or None."""
    assert pb in ("none", "cloudflare-connect", "zscaler-acquisition",
                  "zscaler-smb-mesh", "twingate-platform", "netmaker-saas"), pb
    assert diff in ("easy", "hard"), diff
    d = dict(key=key, pb=pb, diff=diff, note=note, date=date, title=title, body=body)
    d.update(extra)
    return d
