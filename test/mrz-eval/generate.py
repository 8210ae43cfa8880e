"""Independent MRZ evaluation set: documents the kiosk's reader was never tuned on.

Two renderers that share no drawing code with the kiosk's specimen generator (main/capture/specimen/,
sharp + SVG): Pillow/FreeType ("pil") and ImageMagick's `convert` ("magick", its own text, distort and
noise code). Fonts: OCR-B (the .otf given by --ocrb) and other monospace faces (DejaVu Sans Mono,
Liberation Mono). MRZ texts from mrz_text.py (ICAO 9303 TD1/TD2/TD3 layouts, ICAO specimen names and
states among others), about 16 % of them altered (wrong check digit, changed character, printed
look-alike, paired look-alikes whose weights cancel).

Everything follows from --seed: the plan (one job per image: text, font, renderer, category, effects) and
every random draw while drawing. Usage:

  python3 generate.py --part tuning --seed 1901 --count 500 --out DIR [--ocrb PATH] [--limit N]

writes DIR/<id>.jpg and DIR/manifest.json (the plan plus what is printed); --limit draws only the first N
images (the plan, and so every image, is the same whatever the limit). The bench
(test/bench/precheck-mrz.ts) calls this into a cache folder; nothing generated is committed.
"""
import argparse
import io
import json
import math
import os
import random
import subprocess
import sys

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mrz_text  # noqa: E402

GENERATOR_VERSION = 3

MONO_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf",
]
VIZ_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# Card size (mm) and MRZ geometry per ICAO 9303: line centres above the bottom edge, first glyph's left.
DOC = {
    "TD1": {"size": (85.6, 53.98), "centres": [14.6, 10.37, 6.14], "left": 5.0},
    "TD2": {"size": (105.0, 74.0), "centres": [15.75, 9.40], "left": 4.0},
    "TD3": {"size": (125.0, 88.0), "centres": [15.75, 9.40], "left": 6.0},
}
PITCH_MM = 2.54

CATEGORIES = [
    # name, share, camera?
    ("scan_clean", 0.14, False),
    ("scan_lowres", 0.10, False),
    ("blur", 0.10, False),
    ("noise_jpeg", 0.10, False),
    ("print_effects", 0.10, False),
    ("lighting", 0.12, True),
    ("perspective", 0.14, True),
    ("desk_busy", 0.10, True),
    ("mixed", 0.10, True),
]
KINDS = [("valid", 0.80), ("wrong_check", 0.05), ("changed_char", 0.05), ("lookalike", 0.05), ("paired_swap", 0.05)]


def pick(rnd, table):
    x = rnd.random()
    for row in table:
        x -= row[1]
        if x <= 0:
            return row
    return table[-1]


def plan(part, seed, count, ocrb):
    rnd = random.Random(seed)
    # Every face of the list, installed or not: which fonts a machine has must not change the plan (a missing
    # face once redrew every part without it). Drawing an image whose face is missing fails instead.
    mono = MONO_FONTS
    jobs = []
    for i in range(count):
        cat, _, camera = pick(rnd, CATEGORIES)
        kind = pick(rnd, KINDS)[0]
        fmt = rnd.choice(["TD1", "TD2", "TD3"])
        lines = mrz_text.make(fmt, kind, rnd)
        font = ocrb if rnd.random() < 0.7 or not mono else rnd.choice(mono)
        renderer = "pil" if i % 2 == 0 else "magick"
        e = {}
        # Character height (cap height, px) and pitch ÷ height as printed.
        e["cap_px"] = rnd.uniform(12, 17) if cat == "scan_lowres" else rnd.uniform(18, 30)
        e["pitch_ratio"] = rnd.uniform(0.95, 1.12)
        e["jpeg"] = rnd.randint(80, 95)
        e["noise"] = rnd.uniform(0, 2)
        e["blur"] = rnd.uniform(0, 0.4)
        e["rotate"] = rnd.uniform(-0.8, 0.8)
        e["keystone"] = 0.0
        e["contrast"] = 1.0
        e["glare"] = 0
        e["shadow"] = 0.0
        e["print"] = []
        e["background"] = rnd.choice(["plain", "wood", "dark", "busy", "cloth"]) if camera else "scanner"
        e["card_fill"] = rnd.uniform(0.55, 0.85) if camera else 0.94
        if cat == "blur":
            e["blur"] = rnd.uniform(0.7, 1.5)
        if cat == "noise_jpeg":
            e["noise"] = rnd.uniform(4, 12)
            e["jpeg"] = rnd.randint(40, 60)
        if cat == "print_effects":
            e["print"] = rnd.sample(["halftone", "ink_spread", "ink_thin", "sheen", "hologram"], rnd.randint(1, 3))
        if cat == "lighting":
            which = rnd.choice(["glare", "shadow", "contrast", "glare+contrast"])
            if "glare" in which:
                e["glare"] = rnd.randint(40, 140)
            if which == "shadow":
                e["shadow"] = rnd.uniform(0.3, 0.6)
            if "contrast" in which:
                e["contrast"] = rnd.uniform(0.35, 0.7)
        if cat == "perspective":
            e["keystone"] = rnd.uniform(0.02, 0.12)
            e["rotate"] = rnd.uniform(-10, 10)
        if cat == "desk_busy":
            e["background"] = rnd.choice(["busy", "wood", "cloth"])
            e["rotate"] = rnd.uniform(-4, 4)
            e["keystone"] = rnd.uniform(0, 0.04)
        if cat == "mixed":
            e["keystone"] = rnd.uniform(0, 0.10)
            e["rotate"] = rnd.uniform(-8, 8)
            e["blur"] = rnd.uniform(0.3, 1.2)
            e["noise"] = rnd.uniform(2, 8)
            e["jpeg"] = rnd.randint(50, 90)
            e["glare"] = rnd.choice([0, 0, rnd.randint(30, 100)])
            e["contrast"] = rnd.uniform(0.5, 1.0)
            e["print"] = rnd.sample(["halftone", "ink_spread", "sheen", "hologram"], rnd.randint(0, 2))
        if camera:
            # A webcam frame: 1280–1920 px wide, the card filling part of it; the character height follows.
            e["frame_width"] = rnd.choice([1280, 1280, 1600])
            e["cap_px"] = e["frame_width"] * e["card_fill"] / DOC[fmt]["size"][0] * PITCH_MM / e["pitch_ratio"]
        if camera and cat != "mixed":
            e["blur"] = max(e["blur"], rnd.uniform(0.3, 0.8))
            e["noise"] = max(e["noise"], rnd.uniform(1.5, 4))
        e["keystone_side"] = rnd.choice(["top", "bottom", "left", "right"])
        e["glare_over_mrz"] = rnd.random() < 0.6
        e["seed"] = rnd.randrange(1 << 30)
        jobs.append({
            "id": "%s-%04d" % (part, i),
            "part": part,
            "category": cat,
            "camera": camera,
            "kind": kind,
            "format": fmt,
            "printed": lines,
            "checks_valid": mrz_text.checks_valid(fmt, lines),
            "font": os.path.basename(font),
            "font_path": font,
            "renderer": renderer,
            "effects": e,
        })
    return jobs


# ---------------------------------------------------------------- geometry shared by both renderers


def layout(job):
    """px per mm, card size in px, and per MRZ character (x centre, baseline y, char) in card pixels."""
    e = job["effects"]
    doc = DOC[job["format"]]
    cap_mm = PITCH_MM / e["pitch_ratio"]
    # The card is drawn at the scale that gives the wanted character height on the final image, taking the
    # share of the frame the card fills into account for camera frames (drawn at 1:1, placed later).
    ppm = e["cap_px"] / cap_mm
    w, h = doc["size"]
    card = (int(round(w * ppm)), int(round(h * ppm)))
    chars = []
    for li, line in enumerate(job["printed"]):
        cy = (h - doc["centres"][li]) * ppm
        base = cy + cap_mm * ppm / 2
        for i, c in enumerate(line):
            chars.append(((doc["left"] + (i + 0.5) * PITCH_MM) * ppm, base, c))
    return ppm, card, cap_mm * ppm, chars


def font_size_for_cap(path, cap_px):
    """Font size (px) whose capital H is cap_px tall."""
    f = ImageFont.truetype(path, 200)
    box = f.getbbox("H", anchor="ls")
    return 200 * cap_px / max(1, -box[1])


def scene_size(job, card):
    e = job["effects"]
    if not job["camera"]:
        return (int(card[0] / e["card_fill"]), int(card[1] / e["card_fill"]))
    fw = e["frame_width"]
    return (fw, int(fw * 0.75))


def quad(job, card, scene, rnd):
    """Where the card's corners land in the scene (TL, TR, BR, BL): keystone, rotation, offset."""
    e = job["effects"]
    w, h = card
    pts = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
    k = e["keystone"]
    side = e["keystone_side"]
    if k > 0:
        if side == "top":
            pts[0] = (w * k / 2, 0.0)
            pts[1] = (w * (1 - k / 2), 0.0)
        elif side == "bottom":
            pts[3] = (w * k / 2, h)
            pts[2] = (w * (1 - k / 2), h)
        elif side == "left":
            pts[0] = (0.0, h * k / 2)
            pts[3] = (0.0, h * (1 - k / 2))
        else:
            pts[1] = (w, h * k / 2)
            pts[2] = (w, h * (1 - k / 2))
    a = math.radians(e["rotate"])
    cx, cy = w / 2, h / 2
    rot = [(cx + (x - cx) * math.cos(a) - (y - cy) * math.sin(a), cy + (x - cx) * math.sin(a) + (y - cy) * math.cos(a)) for x, y in pts]
    xs = [p[0] for p in rot]
    ys = [p[1] for p in rot]
    room_x = scene[0] - (max(xs) - min(xs))
    room_y = scene[1] - (max(ys) - min(ys))
    ox = -min(xs) + (rnd.uniform(0.1, 0.9) * room_x if room_x > 0 else room_x / 2)
    oy = -min(ys) + (rnd.uniform(0.1, 0.9) * room_y if room_y > 0 else room_y / 2)
    return [(x + ox, y + oy) for x, y in rot]


def homography(src, dst):
    """3×3 matrix taking the four src points to the four dst points."""
    A = []
    b = []
    for (x, y), (u, v) in zip(src, dst):
        A.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        A.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    h = np.linalg.solve(np.array(A, dtype=float), np.array(b, dtype=float))
    return np.append(h, 1).reshape(3, 3)


# ---------------------------------------------------------------- renderer 1: Pillow / FreeType / numpy


def pil_card(job, rnd):
    e = job["effects"]
    ppm, card, cap, chars = layout(job)
    tint = tuple(int(rnd.uniform(200, 250)) for _ in range(3))
    img = Image.new("RGB", card, tint)
    d = ImageDraw.Draw(img)
    # Guilloche: families of sine curves in a light ink.
    for fam in range(rnd.randint(2, 4)):
        col = tuple(int(t - rnd.uniform(15, 45)) for t in tint)
        amp = rnd.uniform(0.04, 0.2) * card[1]
        per = rnd.uniform(0.2, 0.6) * card[0]
        for k in range(rnd.randint(6, 14)):
            off = k * card[1] / 12
            pts = [(x, off + amp * math.sin(2 * math.pi * x / per + fam + k * 0.3)) for x in range(0, card[0], 3)]
            d.line(pts, fill=col, width=max(1, int(ppm * 0.12)))
    # Visual zone: a photo and some printed lines above the MRZ.
    doc = DOC[job["format"]]
    top_mrz = (doc["size"][1] - doc["centres"][0]) * ppm - cap
    d.rectangle([4 * ppm, 8 * ppm, 4 * ppm + card[0] * 0.28, min(top_mrz - 3 * ppm, 8 * ppm + card[0] * 0.36)], fill=tuple(int(rnd.uniform(90, 170)) for _ in range(3)))
    viz = ImageFont.truetype(VIZ_FONT, max(6, int(cap * 0.9)))
    y = 8 * ppm
    while y < top_mrz - 4 * ppm:
        d.text((card[0] * 0.38, y), rnd.choice(["SURNAME / NOM", "GIVEN NAMES", "DATE OF BIRTH 12 AUG 1974", "NATIONALITY", "AUTHORITY", "DATE OF EXPIRY"]), font=viz, fill=(60, 60, 70))
        y += cap * 1.9
    # MRZ ink layer (0..255 coverage), drawn per character at the ICAO pitch.
    ink = Image.new("L", card, 0)
    di = ImageDraw.Draw(ink)
    size = font_size_for_cap(job["font_path"], cap)
    f = ImageFont.truetype(job["font_path"], max(4, int(round(size))))
    for x, base, c in chars:
        di.text((x, base), c, font=f, fill=255, anchor="ms")
    if "ink_spread" in e["print"]:
        ink = ink.filter(ImageFilter.MaxFilter(3)) if cap > 20 else ink.filter(ImageFilter.GaussianBlur(0.6)).point(lambda v: min(255, v * 1.6))
    if "ink_thin" in e["print"]:
        ink = ink.filter(ImageFilter.MinFilter(3)) if cap > 26 else ink.point(lambda v: int(v * 0.75))
    a = np.asarray(ink, dtype=np.float32) / 255.0
    if "halftone" in e["print"]:
        yy, xx = np.mgrid[0:card[1], 0:card[0]]
        period = max(2.5, cap / 7)
        screen = (np.sin(xx * 2 * math.pi / period) * np.sin(yy * 2 * math.pi / period) + 1) / 2
        a = np.clip(a * (0.75 + 0.5 * screen), 0, 1)
    base = np.asarray(img, dtype=np.float32)
    ink_col = np.array([rnd.uniform(10, 40)] * 3, dtype=np.float32)
    out = base * (1 - a[..., None]) + ink_col * a[..., None]
    if "sheen" in e["print"] or "hologram" in e["print"]:
        yy, xx = np.mgrid[0:card[1], 0:card[0]].astype(np.float32)
    if "sheen" in e["print"]:
        band = np.exp(-(((xx - yy * rnd.uniform(0.5, 1.5)) - card[0] * rnd.uniform(0.2, 0.8)) ** 2) / (2 * (card[0] * 0.08) ** 2))
        out = out + band[..., None] * rnd.uniform(30, 70)
    if "hologram" in e["print"]:
        mrz_y = (doc["size"][1] - doc["centres"][-1]) * ppm
        region = np.exp(-((yy - mrz_y) ** 2) / (2 * (4 * cap) ** 2))
        phase = (xx + yy) / max(4, cap * 0.8)
        rainbow = np.stack([np.sin(phase), np.sin(phase + 2.1), np.sin(phase + 4.2)], -1) * 40
        out = out + rainbow * region[..., None] * rnd.uniform(0.5, 1.0)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def pil_background(kind, size, rnd):
    w, h = size
    if kind in ("wood", "cloth"):
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == "scanner":
        return np.full((h, w, 3), rnd.uniform(225, 250), np.float32)
    if kind == "plain":
        c = np.array([rnd.uniform(60, 230) for _ in range(3)], np.float32)
        return np.ones((h, w, 3), np.float32) * c
    if kind == "dark":
        c = np.array([rnd.uniform(15, 60) for _ in range(3)], np.float32)
        return np.ones((h, w, 3), np.float32) * c
    if kind == "wood":
        base = np.array([rnd.uniform(120, 180), rnd.uniform(80, 120), rnd.uniform(40, 80)], np.float32)
        grain = np.sin(yy / rnd.uniform(3, 9) + 3 * np.sin(xx / rnd.uniform(40, 120))) * 18
        return base + grain[..., None]
    if kind == "cloth":
        base = np.array([rnd.uniform(40, 200) for _ in range(3)], np.float32)
        weave = (np.sin(xx * 1.3) * np.sin(yy * 1.3)) * 20
        return base + weave[..., None]
    # busy: papers, print and objects on the desk
    img = Image.new("RGB", size, tuple(int(rnd.uniform(90, 200)) for _ in range(3)))
    d = ImageDraw.Draw(img)
    txt = ImageFont.truetype(VIZ_FONT, max(8, int(h / 40)))
    for _ in range(rnd.randint(8, 20)):
        x0, y0 = rnd.uniform(-w * 0.2, w), rnd.uniform(-h * 0.2, h)
        d.rectangle([x0, y0, x0 + rnd.uniform(w * 0.1, w * 0.5), y0 + rnd.uniform(h * 0.1, h * 0.5)], fill=tuple(int(rnd.uniform(0, 255)) for _ in range(3)))
    for _ in range(rnd.randint(5, 15)):
        d.text((rnd.uniform(0, w), rnd.uniform(0, h)), "INVOICE 2024<<TOTAL 1234 EUR" if rnd.random() < 0.5 else "Lorem ipsum dolor sit amet 0815", font=txt, fill=(20, 20, 20))
    return np.asarray(img, np.float32)


def lighting(out, job, quad_pts, rnd):
    e = job["effects"]
    h, w = out.shape[:2]
    if e["shadow"] > 0 or e["glare"] > 0:
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if e["shadow"] > 0:
        a = rnd.uniform(0, 2 * math.pi)
        edge = (xx - w * rnd.uniform(0.3, 0.7)) * math.cos(a) + (yy - h * rnd.uniform(0.3, 0.7)) * math.sin(a)
        soft = 1 / (1 + np.exp(-edge / (w * 0.03)))
        out = out * (1 - e["shadow"] * soft)[..., None]
    if e["glare"] > 0:
        if e["glare_over_mrz"]:
            # Near the bottom of the card, where the MRZ is.
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad_pts
            t = rnd.uniform(0.2, 0.8)
            gx = x3 + (x2 - x3) * t + (x0 - x3) * 0.12
            gy = y3 + (y2 - y3) * t + (y0 - y3) * 0.12
        else:
            gx, gy = rnd.uniform(0, w), rnd.uniform(0, h)
        r = rnd.uniform(0.06, 0.2) * w
        blob = np.exp(-(((xx - gx) / (r * rnd.uniform(1, 2.5))) ** 2 + ((yy - gy) / r) ** 2) / 2)
        out = out + blob[..., None] * e["glare"]
    if e["contrast"] < 1:
        m = rnd.uniform(110, 170)
        out = m + (out - m) * e["contrast"]
    return out


def render_pil(job):
    rnd = random.Random(job["effects"]["seed"])
    e = job["effects"]
    card = pil_card(job, rnd)
    scene = scene_size(job, card.size)
    bg = pil_background(e["background"], scene, rnd)
    q = quad(job, card.size, scene, rnd)
    # Warp the card (and a mask) into the scene: PERSPECTIVE takes the scene→card coefficients.
    H = homography(q, [(0, 0), (card.size[0], 0), card.size, (0, card.size[1])])
    coeffs = (H / H[2, 2]).flatten()[:8]
    warped = card.transform(scene, Image.PERSPECTIVE, tuple(coeffs), Image.BICUBIC)
    mask = Image.new("L", card.size, 255).transform(scene, Image.PERSPECTIVE, tuple(coeffs), Image.BILINEAR)
    m = np.asarray(mask, np.float32)[..., None] / 255
    out = bg * (1 - m) + np.asarray(warped, np.float32) * m
    out = lighting(out, job, q, rnd)
    img = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))
    if e["blur"] > 0.05:
        img = img.filter(ImageFilter.GaussianBlur(e["blur"]))
    arr = np.asarray(img, np.float32).copy()
    if e["noise"] > 0:
        arr += np.random.default_rng(e["seed"]).standard_normal(arr.shape, dtype=np.float32) * np.float32(e["noise"])
    img = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=e["jpeg"])
    return buf.getvalue()


# ---------------------------------------------------------------- renderer 2: ImageMagick


def render_magick(job, tmp):
    """Draws the card, the scene and the degradations with ImageMagick alone (text, distort, noise)."""
    rnd = random.Random(job["effects"]["seed"])
    e = job["effects"]
    ss = 1  # drawn at size: a larger canvas costs ImageMagick seconds per image
    ppm, card, cap, chars = layout(job)
    W, H = card[0] * ss, card[1] * ss
    tint = "rgb(%d,%d,%d)" % tuple(int(rnd.uniform(195, 250)) for _ in range(3))
    doc = DOC[job["format"]]
    # Security background: a fan of light lines from a few centres, one path drawn at half size and
    # enlarged (ImageMagick strokes are slow on a large canvas).
    path = []
    for _ in range(rnd.randint(2, 3)):
        cx, cy = rnd.uniform(0, W / 2), rnd.uniform(0, H / 2)
        for k in range(rnd.randint(6, 10)):
            a = k * math.pi / 8 + rnd.uniform(0, 0.2)
            path.append("M %d,%d L %d,%d" % (cx - W * math.cos(a), cy - W * math.sin(a), cx + W * math.cos(a), cy + W * math.sin(a)))
    args = ["convert", "-size", "%dx%d" % (W // 2, H // 2), "xc:" + tint, "-fill", "none",
            "-stroke", "rgb(%d,%d,%d)" % tuple(int(rnd.uniform(150, 215)) for _ in range(3)), "-strokewidth", "1",
            "-draw", "path '%s'" % " ".join(path), "-resize", "%dx%d!" % (W, H), "-seed", str(e["seed"] % 100000)]
    top_mrz = ((doc["size"][1] - doc["centres"][0]) * ppm - cap) * ss
    args += ["-stroke", "none", "-fill", "rgb(%d,%d,%d)" % tuple(int(rnd.uniform(90, 170)) for _ in range(3)),
             "-draw", "rectangle %d,%d %d,%d" % (4 * ppm * ss, 8 * ppm * ss, 4 * ppm * ss + W * 0.28, min(top_mrz - 3 * ppm * ss, 8 * ppm * ss + W * 0.36))]
    args += ["-font", VIZ_FONT, "-pointsize", str(max(6, cap * ss * 0.9)), "-fill", "rgb(60,60,70)"]
    y = 8 * ppm * ss + cap * ss
    while y < top_mrz - 4 * ppm * ss:
        args += ["-annotate", "+%d+%d" % (W * 0.38, y), rnd.choice(["SURNAME / NOM", "GIVEN NAMES", "NATIONALITY", "DATE OF EXPIRY"])]
        y += cap * ss * 1.9
    # The MRZ, character by character at the ICAO pitch (gravity NorthWest: +x+y is the baseline origin).
    size = font_size_for_cap(job["font_path"], cap * ss)
    adv = ImageFont.truetype(job["font_path"], max(4, int(round(size))))
    ink = int(rnd.uniform(10, 40))
    args += ["-font", job["font_path"], "-pointsize", "%.2f" % (size * 72 / 72), "-fill", "rgb(%d,%d,%d)" % (ink, ink, ink)]
    if "ink_spread" in e["print"]:
        args += ["-stroke", "rgb(%d,%d,%d)" % (ink, ink, ink), "-strokewidth", "%.1f" % (cap * ss * 0.05)]
    # One annotate per line; the kerning makes the font's advance the ICAO pitch.
    pitch = PITCH_MM * ppm * ss
    advance = adv.getlength("M")
    args += ["-kerning", "%.2f" % (pitch - advance)]
    n = len(job["printed"][0])
    for li in range(len(job["printed"])):
        x, base, _ = chars[li * n]
        args += ["-annotate", "+%.1f+%.1f" % (x * ss - adv.getlength(job["printed"][li][0]) / 2, base * ss), job["printed"][li].replace("\\", "")]
    args += ["-kerning", "0"]
    args += ["-stroke", "none"]
    if "sheen" in e["print"] or "hologram" in e["print"]:
        # Hologram: a tinted gradient multiplied in (white is neutral). Sheen: a light gradient screened in
        # (black is neutral), at most ~70 grey levels like the Pillow renderer's, so the laminate lightens
        # the print without erasing it. The corners the rotation uncovers get the neutral colour.
        c = (rnd.randint(150, 220), rnd.randint(180, 255), rnd.randint(150, 255))
        if "hologram" in e["print"]:
            grad, neutral = "gradient:rgb(255,255,255)-rgb(%d,%d,%d)" % c, "white"
        else:
            grad, neutral = "gradient:rgb(%d,%d,%d)-black" % tuple(int(v * 0.3) for v in c), "black"
        args += ["(", "-size", "%dx%d" % (W, H), grad, "-background", neutral,
                 "-rotate", str(rnd.randint(20, 70)), "-gravity", "center", "-crop", "%dx%d+0+0" % (W, H), "+repage", ")",
                 "-gravity", "NorthWest", "-compose", "multiply" if "hologram" in e["print"] else "screen", "-define", "compose:args=30", "-composite", "-compose", "over"]
    if "halftone" in e["print"]:
        args += ["-ordered-dither", "h6x6o" if rnd.random() < 0.5 else "h8x8o"]
    if "ink_thin" in e["print"]:
        args += ["-morphology", "Dilate", "Disk:1"]
    args += ["-resize", "%dx%d!" % card]
    # Named by process too: two runs drawing the same part at once must not remove each other's card.
    card_png = os.path.join(tmp, "%s-card-%d.miff" % (job["id"], os.getpid()))
    subprocess.run(args + [card_png], check=True)
    scene = scene_size(job, card)
    q = quad(job, card, scene, rnd)
    bg = e["background"]
    if bg == "scanner":
        bgspec = ["xc:gray%d" % rnd.randint(88, 98)]
    elif bg == "plain":
        bgspec = ["xc:rgb(%d,%d,%d)" % tuple(rnd.randint(60, 230) for _ in range(3))]
    elif bg == "dark":
        bgspec = ["xc:rgb(%d,%d,%d)" % tuple(rnd.randint(15, 60) for _ in range(3))]
    elif bg == "wood":
        bgspec = ["plasma:rgb(150,100,60)-rgb(110,70,40)", "-motion-blur", "0x25+0"]
    elif bg == "cloth":
        bgspec = ["pattern:crosshatch", "-fill", "rgb(%d,%d,%d)" % tuple(rnd.randint(40, 200) for _ in range(3)), "-colorize", "60%"]
    else:
        bgspec = ["plasma:fractal"]
    corners = [(0, 0), (card[0], 0), (card[0], card[1]), (0, card[1])]
    distort = " ".join("%d,%d %.2f,%.2f" % (c[0], c[1], p[0], p[1]) for c, p in zip(corners, q))
    out_args = ["convert", "-size", "%dx%d" % scene, "-seed", str(e["seed"] % 100000)] + bgspec + [
        "(", card_png, "-alpha", "set", "-virtual-pixel", "transparent", "-define", "distort:viewport=%dx%d+0+0" % scene, "-distort", "Perspective", distort, ")",
        "-compose", "over", "-composite",
    ]
    if e["shadow"] > 0:
        g = int(255 * (1 - e["shadow"]))
        out_args += ["(", "-size", "%dx%d" % scene, "gradient:white-rgb(%d,%d,%d)" % (g, g, g), "-rotate", str(rnd.randint(0, 359)), "-gravity", "center", "-crop", "%dx%d+0+0" % scene, "+repage", ")",
                     "-gravity", "NorthWest", "-compose", "multiply", "-composite", "-compose", "over"]
    if e["glare"] > 0:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = q
        if e["glare_over_mrz"]:
            t = rnd.uniform(0.2, 0.8)
            gx, gy = x3 + (x2 - x3) * t + (x0 - x3) * 0.12, y3 + (y2 - y3) * t + (y0 - y3) * 0.12
        else:
            gx, gy = rnd.uniform(0, scene[0]), rnd.uniform(0, scene[1])
        r = int(rnd.uniform(0.06, 0.2) * scene[0])
        level = e["glare"]
        out_args += ["(", "-size", "%dx%d" % (2 * r, 2 * r), "radial-gradient:rgb(%d,%d,%d)-black" % (level, level, level), ")",
                     "-geometry", "+%d+%d" % (gx - r, gy - r), "-compose", "plus", "-composite", "-compose", "over"]
    if e["contrast"] < 1:
        lo = int((1 - e["contrast"]) * rnd.uniform(90, 150))
        hi = lo + int(255 * e["contrast"])
        out_args += ["+level", "%.1f%%,%.1f%%" % (lo / 2.55, min(255, hi) / 2.55)]
    if e["blur"] > 0.05:
        out_args += ["-blur", "0x%.2f" % e["blur"]]
    if e["noise"] > 0:
        out_args += ["-attenuate", "%.2f" % (e["noise"] / 12), "+noise", "Gaussian"]
    out_args += ["-quality", str(e["jpeg"]), "jpg:-"]
    r = subprocess.run(out_args, check=True, capture_output=True)
    os.remove(card_png)
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ocrb", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets", "fonts", "ocr-b", "OCRB.otf"))
    ap.add_argument("--summary", action="store_true", help="print what the part holds (no images)")
    ap.add_argument("--limit", type=int, default=None, help="draw only the first N images (the manifest lists all)")
    a = ap.parse_args()
    jobs = plan(a.part, a.seed, a.count, a.ocrb)
    if a.summary:
        count = lambda key: dict(sorted(__import__("collections").Counter(key(j) for j in jobs).items()))
        print(json.dumps({"part": a.part, "seed": a.seed, "count": a.count, "generator_version": GENERATOR_VERSION,
                          "category": count(lambda j: j["category"]), "kind": count(lambda j: j["kind"]),
                          "printed_valid": count(lambda j: str(j["checks_valid"]).lower()), "format": count(lambda j: j["format"]),
                          "font": count(lambda j: j["font"]), "renderer": count(lambda j: j["renderer"])}, indent=1))
        return
    missing = sorted({j["font_path"] for j in jobs[: a.limit] if not os.path.exists(j["font_path"])})
    if missing:
        sys.exit("generate.py: the set is drawn with fonts this machine lacks: %s (Debian: apt-get install fonts-dejavu-core fonts-liberation fonts-liberation2)" % ", ".join(missing))
    os.makedirs(a.out, exist_ok=True)
    listed = [{k: v for k, v in j.items() if k != "font_path"} for j in jobs]
    manifest = {"generator": "test/mrz-eval/generate.py", "version": GENERATOR_VERSION, "part": a.part, "seed": a.seed, "count": a.count, "jobs": listed}
    with open(os.path.join(a.out, "manifest.json.tmp"), "w") as f:
        json.dump(manifest, f, indent=1)
    os.replace(os.path.join(a.out, "manifest.json.tmp"), os.path.join(a.out, "manifest.json"))
    for j in jobs[: a.limit]:
        path = os.path.join(a.out, j["id"] + ".jpg")
        if not os.path.exists(path):
            data = render_pil(j) if j["renderer"] == "pil" else render_magick(j, a.out)
            with open(path + ".tmp", "wb") as f:
                f.write(data)
            os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
