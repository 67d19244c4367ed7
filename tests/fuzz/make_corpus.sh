#!/usr/bin/env bash
# Rebuild the seed corpora tests/fuzz/corpus/<target>/ from the project's
# fixtures and a deterministic sample of ../shared/corpus (small files
# only; < 2 MB per target). Crash reproducers that have been fixed are
# copied in from tests/fuzz/crashes/<target>/fixed-* so they stay
# regression tests. Usage: tests/fuzz/make_corpus.sh [SHARED_CORPUS_DIR]
set -eu
cd "$(dirname "$0")/../.."
SHARED=${1:-/work/shared/corpus}
C=tests/fuzz/corpus
MAXF=65536	# bytes per seed

add() {	# add TARGET FILE...: copy files under MAXF, named by content hash
	local t=$1 f h ext; shift
	mkdir -p "$C/$t"
	for f in "$@"; do
		[ -f "$f" ] || continue
		[ "$(stat -c %s "$f")" -le "$MAXF" ] || continue
		h=$(sha1sum "$f" | cut -c1-16)
		ext=${f##*.}; [ ${#ext} -le 5 ] || ext=bin
		cp "$f" "$C/$t/$h.$ext"
	done
}

addtext() {	# addtext TARGET NAME TEXT
	mkdir -p "$C/$1"
	printf '%s' "$3" >"$C/$1/$2"
}

sample() {	# sample N FILES...: every k-th of the sorted list, N at most
	local n=$1; shift
	local total=$# k i=0 f
	[ "$total" -gt 0 ] || return 0
	k=$(( (total + n - 1) / n )); [ "$k" -ge 1 ] || k=1
	for f in "$@"; do
		[ $((i % k)) -eq 0 ] && printf '%s\n' "$f"
		i=$((i + 1))
	done
}

rm -rf "$C"
mkdir -p "$C"
H=tests/fixtures/hostile

# feed: project feeds, hostile feeds, feedparser and real-world samples
add feed tests/e2e/fixtures/cycle/docs/* tests/demo/snapshots/*.rss \
    tests/demo/snapshots/*.atom $H/*.rss
if [ -d "$SHARED" ]; then
	mapfile -t fp < <(find "$SHARED/feedparser" -type f \( -name '*.xml' \
	    -o -name '*.json' -o -name '*.rss' -o -name '*.atom' -o -name '*.rdf' \) \
	    -size -8k | LC_ALL=C sort)
	mapfile -t pick < <(sample 160 "${fp[@]}")
	add feed "${pick[@]}"
	mapfile -t rw < <(find "$SHARED/realworld" -type f \( -name '*.xml' \
	    -o -name '*.json' -o -name '*.rss' -o -name '*.atom' -o -name '*.rdf' \) \
	    -size -40k | LC_ALL=C sort)
	mapfile -t pick < <(sample 40 "${rw[@]}")
	add feed "${pick[@]}"
fi

# extract and html: pages, plus HTML-ish feed content
add extract $H/script-style.html tests/demo/snapshots/*.html $H/cdata-html.rss
add html $H/script-style.html tests/demo/snapshots/*.html
for t in extract html; do
	addtext $t deep-div.html "$(python3 -c 'print("<html><body><main>"+"<div>"*400+"mesh"+"</div>"*400+"</main></body></html>")')"
	addtext $t articles.html '<html><head><base href="/blog/"><meta charset="windows-1252"><title>News</title></head><body><main id="content"><article class="post"><h2>Acme &amp; mesh</h2><a href="post-1">read</a><time datetime="2026-09-02">Sep 2, 2026</time><p>We launch <b>mesh</b> networking.</p></article><article><h3>Two</h3><a href="javascript:alert(1)">x</a><span class="date">Posted Sep 2, 2026</span></article><li><a href="https://x.example/3">Three</a></li></main></body></html>'
	addtext $t entities.html '<p>caf&eacute; &#x92; &#150; &#0; &#xD800; &#x110000; &amp;amp; &lt;script&gt;</p><br><p>line</p>'
	addtext $t meta.html '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body><p>caf'"$(printf '\351')"' '"$(printf '\222')"'s</p></body></html>'
done
if [ -d "$SHARED" ]; then
	mapfile -t fp < <(find "$SHARED/feedparser/wellformed" -type f -path '*sanitize*' \
	    -size -4k | LC_ALL=C sort)
	mapfile -t pick < <(sample 40 "${fp[@]}")
	add extract "${pick[@]}"
	add html "${pick[@]}"
fi

# jobs: Greenhouse, Lever, Ashby and Workday shapes
add jobs tests/demo/snapshots/*.json $H/gh-*.json
addtext jobs lever.json '[{"id":"a1b2","text":"Mesh Networking Engineer","hostedUrl":"https://jobs.lever.co/acme/a1b2","createdAt":1730000000000,"categories":{"team":"Eng","location":"Remote","commitment":"Full-time"},"descriptionPlain":"Build mesh networking","lists":[{"text":"Requirements","content":"<li>WireGuard</li>"}]}]'
addtext jobs ashby.json '{"jobs":[{"id":"9f0e","title":"Mesh VPN Engineer","jobUrl":"https://jobs.ashbyhq.com/acme/9f0e","publishedAt":"2026-10-01T00:00:00.000+00:00","location":"Remote","department":"Eng","descriptionPlain":"ZTNA and mesh","descriptionHtml":"<p>ZTNA and <b>mesh</b></p>"}]}'
addtext jobs workday.json '{"total":45,"jobPostings":[{"title":"Network Engineer, Mesh","externalPath":"/job/Remote/Network-Engineer_R123","postedOn":"Posted 2 Days Ago","locationsText":"Remote","bulletFields":["R123"]}]}'
addtext jobs lever-empty.json '[]'
addtext jobs deep.json "$(python3 -c 'print("["*3000+"]"*3000)')"
addtext jobs nul.json '{"jobs":[{"id":1,"title":"a\u0000b","absolute_url":"https://x.example/1"}]}'
addtext jobs wrongtypes.json '{"jobs":[{"id":"x","title":7},{"id":2,"title":null},3,"s",{"id":4,"title":"ok","absolute_url":"javascript:alert(1)"}],"meta":{"total":-1}}'
addtext jobs workday-paging.json '{"total":100000000000,"jobPostings":[]}'

# rules and cond
add rules tests/fixtures/rules/*/*.yaml tests/e2e/fixtures/cycle/rules/*.yaml \
    rules/*.yaml
printf 'id: a\ntitle: A\ndetection:\n  s:\n    text|near=3: [%s, b]\n  condition: s\n\0x: [foo, bar]\n' "'%{x}'" >"$C/rules/with-aliases.yaml"
addtext rules redos.yaml "$(printf "id: r\ntitle: R\ndetection:\n  s: ['(a+)+\$', '(?:(a)|(b))*c']\ntests:\n  match: ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaac']\n")"
addtext rules anchors.yaml "$(printf 'a: &x [1]\nb: *x\nc: *x\n---\n!!binary x\n')"
for f in rules/*.yaml tests/fixtures/rules/*/*.yaml tests/e2e/fixtures/cycle/rules/*.yaml; do
	[ -f "$f" ] || continue
	grep -h 'condition:' "$f" | sed 's/^ *condition: *//' 
done | LC_ALL=C sort -u | head -n 80 | {
	i=0
	while IFS= read -r line; do
		i=$((i + 1)); addtext cond "c$i.txt" "$line"
	done
}
addtext cond q1.txt '2 of sel_* and not (mesh or 1 of them)'
addtext cond q2.txt 'all of them or 99999999999999999999 of them'
addtext cond q3.txt "$(python3 -c 'print("("*5000+"mesh"+")"*5000)')"
addtext cond q4.txt "$(python3 -c 'print("not "*5000+"mesh")')"
addtext cond q5.txt 'x.y-z and them2 or headline and marketing'

# config: configuration and feeds files
add config tests/fixtures/config/*/*.yaml tests/fixtures/config/*/feeds/*.yaml \
    tests/e2e/fixtures/cycle/*.in feeds/*.yaml sigwatch.yaml tests/demo/feeds/*.yaml \
    tests/demo/sigwatch.yaml
addtext config file-url.yaml 'sources:
  - id: x
    url: file:/etc/passwd
    kind: feed
  - id: y
    url: "http://[::1]:80/"
    kind: html
    items: "//a"
    headers: {Authorization: {env: TOKEN}}'

# match: item texts (title line, then text)
add match $H/cp1252.rss $H/injection.rss
addtext match near.txt 'Zscaler news
Zscaler has agreed to acquire the mesh company ZeroTier, sources say. Zscaler acquires Twingate?'
addtext match alumni.txt 'Hiring: ex-Tailscale engineers
formerly at   Tailscale, now building mesh networking and a network of 300 cities'
addtext match redos.txt "$(python3 -c 'print("a"*30+"!\n"+"ab"*10000+"="*100)')"
addtext match invalid.txt "$(printf 'caf\351 mesh\nmesh network \377\376 SASE vpn ztna')"

# slack: alert documents and line lists
add slack tests/fixtures/alerts/*.json
printf '\0\3<!channel> <https://evil|Click to verify>\na & b > c\n<@U123>\nhttps://x.example/a|b<c>\n*bold* _it_ ~s~ `code`\n' >"$C/slack/inject.txt"
addtext slack long.txt "$(printf '\1\106'; python3 -c 'print(("\u00e9"*10000)+"\n"+("&<>"*3000)+"\n"+"x"*200)')"

# mail: the message fixtures and a few hand-made edge cases
add mail tests/fixtures/mail/*.eml
addtext mail empty-headers.eml $'\n\nbody only\n'
addtext mail no-body.eml 'From: a@example.com'
addtext mail crlf-mixed.eml $'From: a@example.com\r\nSubject: =?utf-8?b?w6k=?=\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\n--x--'
addtext mail many-parts.eml "$(printf 'From: a@example.com\nContent-Type: multipart/mixed; boundary=p\n\n'; for i in $(seq 1 300); do printf -- '--p\nContent-Type: text/plain\n\n%d\n' "$i"; done)"

# fixed crash reproducers become regression seeds
for d in tests/fuzz/crashes/*/; do
	t=$(basename "$d")
	[ -d "$C/$t" ] || continue
	for f in "$d"fixed-*; do
		[ -f "$f" ] && cp "$f" "$C/$t/"
	done
done
for t in "$C"/*; do
	printf '%-8s %4d files %6d KB\n' "$(basename "$t")" "$(ls "$t" | wc -l)" "$(du -sk "$t" | cut -f1)"
done
