"""Loading: every source format of every collection becomes the same model objects."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from conftest import PNG, write_files

from crowdgallery.load.site import load_site
from crowdgallery.problems import Location

SITE_YAML = "title: Formats\n"
UTC = timezone.utc


def load_ok(site_dir, **kwargs):
    """Load a site that must have no errors; returns (site, warnings as text)."""
    site, problems = load_site(site_dir, **kwargs)
    errors = [str(p) for p in problems if p.severity == "error"]
    assert not errors, errors
    return site, [str(p) for p in problems]


# The same three records (a campaign, a designer, a submission) in every format.
FORMATS = {
    "yaml-list": {
        "campaigns.yaml": """
            - id: spring
              title: Spring Prints
              voting: score
              scale: [1, 10]
              opens: 2026-03-01
              status: voting
              brief: Make it **bright**.
              prize: 500 euros
            """,
        "designers.yaml": """
            - id: ada
              name: Ada Park
              links:
                Portfolio: https://ada.example.org/
                Shop: https://shop.example.org/ada
              bio: Illustrator.
              email: ada@example.org
            """,
        "submissions.yaml": """
            - id: tulip
              title: Tulip Field
              designer: ada
              campaign: spring
              tags: [flowers, Spring Time]
              submitted: 2026-03-02T10:00:00Z
              description: Rows of *tulips*.
              colour: red
              e-mail: x@example.org
            """,
    },
    "yml-list": {
        "campaigns.yml": """
            - {id: spring, title: Spring Prints, voting: score, scale: [1, 10], opens: 2026-03-01,
               status: voting, brief: Make it **bright**., prize: 500 euros}
            """,
        "designers.yml": """
            - id: ada
              name: Ada Park
              links: {Portfolio: "https://ada.example.org/", Shop: "https://shop.example.org/ada"}
              bio: Illustrator.
              email: ada@example.org
            """,
        "submissions.yml": """
            - id: tulip
              title: Tulip Field
              designer: ada
              campaign: spring
              tags:
                - flowers
                - Spring Time
              submitted: "2026-03-02T10:00:00Z"
              description: Rows of *tulips*.
              colour: red
              e-mail: x@example.org
            """,
    },
    # A spreadsheet export: UTF-8 BOM, CRLF line ends, ';' between list items and links.
    "csv": {
        "campaigns.csv": "\ufeffid,title,voting,scale,opens,status,brief,prize\r\n"
                         "spring,Spring Prints,score,1;10,2026-03-01,voting,Make it **bright**.,500 euros\r\n",
        "designers.csv": "\ufeffid,name,links,bio,email\r\n"
                         "ada,Ada Park,Portfolio=https://ada.example.org/; Shop=https://shop.example.org/ada,"
                         "Illustrator.,ada@example.org\r\n",
        "submissions.csv": "\ufeffid,title,designer,campaign,tags,submitted,description,colour,e-mail\r\n"
                           "tulip,Tulip Field,ada,spring,flowers; Spring Time,2026-03-02T10:00:00Z,"
                           "Rows of *tulips*.,red,x@example.org\r\n",
    },
    # One record per file; the file's stem is the id.
    "folder-yaml": {
        "campaigns/spring.yaml": """
            title: Spring Prints
            voting: score
            scale: [1, 10]
            opens: 2026-03-01
            status: voting
            brief: Make it **bright**.
            prize: 500 euros
            """,
        "designers/ada.yaml": """
            name: Ada Park
            links:
              Portfolio: https://ada.example.org/
              Shop: https://shop.example.org/ada
            bio: Illustrator.
            email: ada@example.org
            """,
        "submissions/tulip.yaml": """
            title: Tulip Field
            designer: ada
            campaign: spring
            tags: [flowers, Spring Time]
            submitted: 2026-03-02T10:00:00Z
            description: Rows of *tulips*.
            colour: red
            e-mail: x@example.org
            """,
    },
    # Markdown with front matter: the body is the campaign's brief, the designer's bio,
    # the submission's description.
    "folder-md": {
        "campaigns/spring.md": """
            ---
            title: Spring Prints
            voting: score
            scale: [1, 10]
            opens: 2026-03-01
            status: voting
            prize: 500 euros
            ---
            Make it **bright**.
            """,
        "designers/ada.md": """
            ---
            name: Ada Park
            links:
              Portfolio: https://ada.example.org/
              Shop: https://shop.example.org/ada
            email: ada@example.org
            ---
            Illustrator.
            """,
        "submissions/tulip.md": """
            ---
            title: Tulip Field
            designer: ada
            campaign: spring
            tags: [flowers, Spring Time]
            submitted: 2026-03-02T10:00:00Z
            colour: red
            e-mail: x@example.org
            ---
            Rows of *tulips*.
            """,
    },
}
# The same folder of one-record files, with the other YAML suffix.
FORMATS["folder-yml"] = {path.replace(".yaml", ".yml"): text for path, text in FORMATS["folder-yaml"].items()}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_gives_the_same_records(tmp_path, fmt):
    site_dir = write_files(tmp_path / "site", {"site.yaml": SITE_YAML, **FORMATS[fmt]})
    site, warnings = load_ok(site_dir)
    assert warnings == []

    (campaign,) = site.campaigns
    assert campaign.id == "spring"
    assert campaign.title == "Spring Prints"
    assert campaign.voting == "score"
    assert campaign.scale == (1.0, 10.0)
    assert campaign.opens == datetime(2026, 3, 1, tzinfo=UTC)
    assert campaign.status == "voting"
    assert campaign.brief == "Make it **bright**."
    assert dict(campaign.extra) == {"prize": "500 euros"}

    (designer,) = site.designers
    assert designer.id == "ada"
    assert designer.name == "Ada Park"
    assert designer.bio == "Illustrator."
    assert designer.links == (("Portfolio", "https://ada.example.org/"), ("Shop", "https://shop.example.org/ada"))
    assert designer.has_record
    assert "email" not in designer.extra and dict(designer.extra) == {}

    (submission,) = site.submissions
    assert submission.id == "tulip"
    assert submission.title == "Tulip Field"
    assert submission.designers == ("ada",)
    assert submission.campaign == "spring"
    assert submission.tags == ("flowers", "Spring Time")
    assert submission.submitted == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert submission.description == "Rows of *tulips*."
    assert dict(submission.extra) == {"colour": "red"}


def test_records_remember_file_and_line(tmp_path):
    site_dir = write_files(tmp_path / "site", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": """
            # a comment on line 1
            - id: one
              title: One

            - id: two
              title: Two
            """,
        # the first row's description holds a quoted line break: the second row starts on line 4
        "designers.csv": 'id,bio\nada,"line one\nline two"\nben,short\n',
        "submissions/nested/deeper/pic.md": "---\ntitle: Pic\ndesigner: ada\ncampaign: one\n---\nBody\n",
    })
    site, _ = load_ok(site_dir)
    assert [c.loc for c in site.campaigns] == [Location("campaigns.yaml", 2), Location("campaigns.yaml", 5)]
    assert [d.loc for d in site.designers] == [Location("designers.csv", 2), Location("designers.csv", 4)]
    assert site.designers[0].bio == "line one\nline two"
    assert site.submissions[0].loc == Location("submissions/nested/deeper/pic.md", 2)


def test_folder_records_nested_ignored_files_and_explicit_ids(tmp_path):
    md = "---\ntitle: {title}\ndesigner: ada\n{more}---\nText.\n"
    site_dir = write_files(tmp_path / "site", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": "- {id: only, title: Only}\n",
        "designers.yaml": "- {id: ada}\n",
        "submissions/top.md": md.format(title="Top", more=""),
        "submissions/2026/may/deep-one.md": md.format(title="Deep", more=""),
        "submissions/2026/renamed.yml": "id: chosen-id\ntitle: Renamed\ndesigner: ada\n",
        # not data: hidden files, files starting with '_' or '#', editor backups, other suffixes
        "submissions/.hidden.md": md.format(title="Hidden", more=""),
        "submissions/_partial.md": md.format(title="Partial", more=""),
        "submissions/top.md~": md.format(title="Backup", more=""),
        "submissions/notes.txt": "not a record",
        "submissions/.git/objects.yaml": "title: Nope\n",
    })
    site, _ = load_ok(site_dir)
    assert sorted((s.id, s.title) for s in site.submissions) == [
        ("chosen-id", "Renamed"), ("deep-one", "Deep"), ("top", "Top")]
    # no campaign field: the site has exactly one campaign, so every submission is in it
    assert {s.campaign for s in site.submissions} == {"only"}
    # a record without a name shows its id
    assert site.designers[0].name == "ada"


def test_one_collection_mixed_from_several_sources(tmp_path):
    site_dir = write_files(tmp_path / "site", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": "- {id: a, title: A}\n",
        "campaigns.csv": "id,title\nb,B\n",
        "campaigns/c.md": "---\ntitle: C\n---\nBrief of C.\n",
        "designers.csv": "id,name\nada,Ada\n",
        "designers/ben.yaml": "name: Ben\n",
        "submissions.yaml": "- {id: s1, title: S1, designer: ada, campaign: a}\n",
        "submissions.csv": "id,title,designer,campaign\ns2,S2,ben,b\n",
        "submissions/s3.md": "---\ntitle: S3\ndesigner: ada\ncampaign: c\n---\n",
        "submissions/sub/s4.yaml": "title: S4\ndesigners: [ada, ben]\ncampaign: a\n",
    })
    site, warnings = load_ok(site_dir)
    assert warnings == []
    assert sorted(c.id for c in site.campaigns) == ["a", "b", "c"]
    assert {c.id: c.brief for c in site.campaigns}["c"] == "Brief of C."
    assert sorted((d.id, d.name) for d in site.designers) == [("ada", "Ada"), ("ben", "Ben")]
    assert sorted((s.id, s.campaign, s.designers) for s in site.submissions) == [
        ("s1", "a", ("ada",)), ("s2", "b", ("ben",)), ("s3", "c", ("ada",)), ("s4", "a", ("ada", "ben"))]


def test_campaign_may_be_omitted_only_with_exactly_one_campaign(tmp_path):
    one = write_files(tmp_path / "one", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": "- {id: solo, title: Solo}\n",
        "submissions.yaml": "- {id: s1, title: S1, designer: ada}\n",
        "designers.yaml": "- {id: ada}\n",
    })
    site, _ = load_ok(one)
    assert site.submissions[0].campaign == "solo"

    two = write_files(tmp_path / "two", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": "- {id: first, title: First}\n- {id: second, title: Second}\n",
        "submissions.yaml": "- {id: s1, title: S1, designer: ada}\n",
        "designers.yaml": "- {id: ada}\n",
    })
    _, problems = load_site(two)
    assert [str(p) for p in problems] == [
        "submissions.yaml:1: error: this submission has no 'campaign'; name the campaign's id "
        "(it may be left out only when the site has exactly one campaign)"]


def test_extra_fields_reach_templates_but_email_never_does(tmp_path):
    site_dir = write_files(tmp_path / "site", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": "- {id: c, title: C}\n",
        "designers.csv": "id,name,email,E-Mail,contact_email,voter_id,pronouns\n"
                         "ada,Ada,a@x.org,b@x.org,c@x.org,v7,she/her\n",
        "submissions.yaml": """
            - id: s
              title: S
              designer: ada
              material: cotton
              print_run: 500
              email: secret@example.org
              e-mail: secret@example.org
              Email: secret@example.org
            """,
    })
    site, _ = load_ok(site_dir)
    assert dict(site.designers[0].extra) == {"pronouns": "she/her"}
    assert dict(site.submissions[0].extra) == {"material": "cotton", "print_run": 500}


def test_yaml_keeps_what_was_typed_for_ids_and_titles(tmp_path):
    # Unquoted, YAML would read 007 as the number 7, no as false and 1.10 as 1.1.
    site_dir = write_files(tmp_path / "site", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": "- {id: 2026, title: 1.10}\n",
        "designers.yaml": "- id: 007\n  name: no\n- id: on\n  name: Yes\n",
        "submissions.yaml": """
            - id: 007
              title: no
              designer: 007
              campaign: 2026
            - id: 0123
              title: null island
              designers: [007, on]
              campaign: 2026
              builds_on: [007]
            """,
    })
    site, warnings = load_ok(site_dir)
    assert warnings == []
    assert [(c.id, c.title) for c in site.campaigns] == [("2026", "1.10")]
    assert [(d.id, d.name) for d in site.designers] == [("007", "no"), ("on", "Yes")]
    first, second = site.submissions
    assert (first.id, first.title, first.designers, first.campaign) == ("007", "no", ("007",), "2026")
    assert (second.id, second.designers, second.builds_on) == ("0123", ("007", "on"), ("007",))


def test_votes_from_csv_and_yaml_events_and_tally_rows(tmp_path):
    site_dir = write_files(tmp_path / "site", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": "- {id: c, title: C}\n",
        "designers.yaml": "- {id: ada}\n",
        "submissions.yaml": "- {id: a, title: A, designer: ada}\n- {id: '007', title: B, designer: ada}\n",
        "votes.csv": "\ufeffsubmission,voter,value,timestamp,up,down,votes,score_sum,score_count\r\n"
                     "a,v1,1,2026-05-01T12:00:00Z,,,,,\r\n"
                     "a,,1,,,,,,\r\n"
                     "a,,,,3,1,,,\r\n",
        "votes/more.yaml": """
            - {submission: 007, voter: 0042, value: -1, timestamp: 2026-05-02T08:30:00+02:00}
            - {submission: a}
            - {submission: 007, votes: 12}
            - {submission: a, score_sum: 7.5, score_count: 2}
            """,
    })
    site, _ = load_ok(site_dir)
    v = site.votes
    assert v.submission == ["a", "a", "007", "a"]
    assert v.voter == ["v1", None, "0042", None]
    assert v.value == [1.0, 1.0, -1.0, 1.0]
    may1 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC).timestamp()
    may2 = datetime(2026, 5, 2, 6, 30, tzinfo=UTC).timestamp()  # 08:30 at +02:00
    assert v.timestamp == [may1, None, may2, None]
    assert [v.location(i) for i in range(len(v))] == [
        Location("votes.csv", 2), Location("votes.csv", 3), Location("votes/more.yaml", 1),
        Location("votes/more.yaml", 2)]
    rows = [(t.submission, t.loc, t.up, t.down, t.votes, t.score_sum, t.score_count) for t in site.tally_rows]
    assert rows == [
        ("a", Location("votes.csv", 4), 3, 1, 0, 0.0, 0),
        ("007", Location("votes/more.yaml", 3), 0, 0, 12, 0.0, 0),
        ("a", Location("votes/more.yaml", 4), 0, 0, 0, 7.5, 2),
    ]


def test_images_and_links_are_read(tmp_path):
    site_dir = write_files(tmp_path / "site", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": "- {id: c, title: C, cover: images/cover.png}\n",
        "designers.csv": "id,avatar,links\nada,images/ada.png,Site=https://ada.example.org/?a=1&b=2\n",
        "submissions.csv": "id,title,designer,image,images\n"
                           "s,S,ada,images/one.png,images/two.png; https://cdn.example.org/three.png\n",
        "images/cover.png": PNG, "images/ada.png": PNG, "images/one.png": PNG, "images/two.png": PNG,
    })
    site, _ = load_ok(site_dir)
    assert site.campaigns[0].cover == "images/cover.png"
    assert site.designers[0].avatar == "images/ada.png"
    assert site.designers[0].links == (("Site", "https://ada.example.org/?a=1&b=2"),)
    assert site.submissions[0].images == ("images/one.png", "images/two.png", "https://cdn.example.org/three.png")


def test_drafts_are_left_out_unless_asked_for(tmp_path):
    site_dir = write_files(tmp_path / "site", {
        "site.yaml": SITE_YAML,
        "campaigns.yaml": "- {id: c, title: C}\n",
        "designers.yaml": "- {id: ada}\n",
        "submissions.csv": "id,title,designer,draft\npub,Published,ada,\nwip,Work in progress,ada,yes\n",
    })
    site, _ = load_ok(site_dir)
    assert [s.id for s in site.submissions] == ["pub"]
    assert site.hidden == {"wip"}
    site, _ = load_ok(site_dir, include_drafts=True)
    assert [(s.id, s.draft) for s in site.submissions] == [("pub", False), ("wip", True)]
    assert site.hidden == frozenset()
