#!/usr/bin/env python3
"""How long a build takes to publish 500 images: the first time (empty cache) and again (cached).

    python benchmarks/images.py [--images 500] [--jobs N] [--keep]

Writes a site with one submission per image (cached under benchmarks/.cache/images-N/; photo-sized
pictures drawn with a seeded generator: four in five 1600×1200 JPEGs with EXIF, one in five
1200×1200 PNGs), then runs `python -m crowdgallery build` twice in fresh processes: first with no
image cache (every image decoded, turned, resized to 320/640/1280 in WebP and the source format,
encoded), then again (every copy taken from the image cache, in a scratch folder given with
`--cache-dir` and emptied first).  Prints both wall
times, the processes' CPU time, and the sizes of the sources and of the published copies.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def picture(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A busy picture (gradients and shapes), so encoders work as hard as on a photo of a print."""
    w, h = size
    im = Image.linear_gradient("L").resize(size).convert("RGB")
    top, bottom = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(2)]
    im = Image.composite(Image.new("RGB", size, top), Image.new("RGB", size, bottom), Image.linear_gradient("L")
                         .resize(size))
    d = ImageDraw.Draw(im)
    for _ in range(60):
        x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(10, w // 6)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            d.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        else:
            d.polygon([(x, y), (x + r, y + rng.randrange(-r, r)), (x + rng.randrange(-r, r), y + r)], fill=colour)
    return im


def make_site(folder: Path, count: int) -> None:
    rng = random.Random(500)
    (folder / "images").mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(count):
        if i % 5 == 4:
            name = f"images/p{i:04d}.png"
            picture(rng, (1200, 1200)).save(folder / name, "PNG")
        else:
            name = f"images/p{i:04d}.jpg"
            exif = Image.Exif()
            exif[0x0112] = 6 if i % 7 == 0 else 1
            exif[0x010F] = "Benchmark Camera"
            picture(rng, (1600, 1200)).save(folder / name, "JPEG", quality=90, exif=exif)
        rows.append(f"- {{id: s{i:04d}, title: Entry {i}, designer: d{i % 50:02d}, image: {name}}}\n")
    (folder / "submissions.yaml").write_text("".join(rows), encoding="utf-8")
    (folder / "campaigns.yaml").write_text("- {id: photos, title: Photos}\n", encoding="utf-8")
    (folder / "designers.yaml").write_text("".join(f"- {{id: d{i:02d}}}\n" for i in range(50)), encoding="utf-8")
    (folder / "site.yaml").write_text("title: Image benchmark\nper_page: 48\n", encoding="utf-8")


def build(site: Path, out: Path, cache: Path, jobs: int | None) -> tuple[float, float]:
    command = [sys.executable, "-m", "crowdgallery", "build", str(site), "-o", str(out), "--cache-dir", str(cache)]
    if jobs:
        command += ["-j", str(jobs)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        sys.stdout.write(output.decode("utf-8", "replace"))
        raise SystemExit(1)
    return wall, usage.ru_utime + usage.ru_stime


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--images", type=int, default=500)
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument("--keep", action="store_true", help="keep the output folder and print where it is")
    args = p.parse_args(argv)
    site = HERE / ".cache" / f"images-{args.images}"
    if not (site / "site.yaml").is_file():
        print(f"drawing {args.images} images into {site.relative_to(REPO)} ...", flush=True)
        make_site(site, args.images)
    work = Path(tempfile.mkdtemp(prefix="crowdgallery-images-"))
    out, cache = work / "site", work / "cache"  # the cache starts empty: the first build makes every copy
    try:
        first, first_cpu = build(site, out, cache, args.jobs)
        again, again_cpu = build(site, out, cache, args.jobs)
        media = out / "media"
        print(f"{args.images} images ({size_of(site / 'images') / 1e6:.1f} MB of sources) on "
              f"{len(os.sched_getaffinity(0))} cores, {args.jobs or 'default'} jobs")
        print(f"  first build (empty cache): {first:7.2f} s wall, {first_cpu:7.2f} s cpu")
        print(f"  repeat build (cached):     {again:7.2f} s wall, {again_cpu:7.2f} s cpu")
        copies = [p for p in media.rglob("*") if p.is_file()]
        print(f"  published: {len(copies)} copies, {size_of(media) / 1e6:.1f} MB "
              f"(cache: {size_of(cache / 'images') / 1e6:.1f} MB)")
        if args.keep:
            print(f"  output kept in {out}, the cache in {cache}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
