"""Personal fields a form export carries (e-mail, IP address, phone, user agent, contact) never reach the output."""
from __future__ import annotations

from conftest import build_site, tree_bytes, write_files

PRIVATE = ["ip", "IP_Address", "clientIP", "phone", "Phone Number", "telephone", "tel", "mobile", "user_agent",
           "user-agent", "UserAgent", "mail", "e_mail", "E-Mail", "email address", "contact", "Contact Info",
           "voter", "postal_address"]


def secret(i: int) -> str:
    return f"secret{i:02d}value"


def test_private_fields_reach_no_output_byte(tmp_path):
    fields = "".join(f"  '{name}': {secret(i)}\n" for i, name in enumerate(PRIVATE))
    columns = ",".join(f'"{name}"' for name in PRIVATE)
    cells = ",".join(secret(50 + i) for i in range(len(PRIVATE)))
    site = write_files(tmp_path / "site", {
        "site.yaml": "title: Private\nbase_url: https://gallery.example/\ntheme: shows-extra\n",
        # a theme that prints every field the templates are given as extra
        "shows-extra/theme.yaml": "name: shows-extra\nextends: default\n",
        "shows-extra/templates/submission.html":
            "{% for k, v in entry.submission.extra.items() %}{{ k }}={{ v }};{% endfor %}\n",
        "shows-extra/templates/designer.html":
            "{% for k, v in designer.designer.extra.items() %}{{ k }}={{ v }};{% endfor %}\n",
        "campaigns.yaml": "- id: c1\n  title: C\n",
        "submissions.yaml": f"- id: s1\n  title: One\n  designer: ada\n  favourite_colour: teal\n{fields}",
        "designers.csv": f"id,name,website_theme,{columns}\nada,Ada,sunset,{cells}\n",
        "votes.csv": "submission,voter,value\ns1,v1,1\n",
    })
    out = build_site(site, tmp_path / "out")
    everything = b"\n".join(tree_bytes(out).values())
    assert b"favourite_colour=teal" in everything and b"website_theme=sunset" in everything  # extra is shown
    leaked = [name for i, name in enumerate(PRIVATE) if secret(i).encode() in everything]
    leaked += [name for i, name in enumerate(PRIVATE) if secret(50 + i).encode() in everything]
    assert leaked == []
