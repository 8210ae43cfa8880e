"""Draws one MRZ document image with the evaluation set's Pillow renderer (generate.py; its ImageMagick
renderer with "renderer": "magick"), for tests that
need a specific failure mode: the job (format, printed lines, font, effects) as JSON on stdin, the JPEG
on stdout. Shares no drawing code with the kiosk (Pillow/FreeType, numpy).

  echo '{"format": "TD3", "printed": [...], "font": "/path/OCRB.otf", "camera": true, "effects": {...}}' | python3 render_one.py > out.jpg

Effects not given take the values of a clean capture (see DEFAULTS).
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402

DEFAULTS = {
    "cap_px": 24.0, "pitch_ratio": 1.032, "jpeg": 92, "noise": 1.0, "blur": 0.3, "rotate": 0.0, "keystone": 0.0,
    "contrast": 1.0, "glare": 0, "shadow": 0.0, "print": [], "card_fill": 0.94, "keystone_side": "top",
    "glare_over_mrz": True, "seed": 1,
}


def main():
    spec = json.load(sys.stdin)
    e = dict(DEFAULTS)
    e["background"] = "plain" if spec.get("camera") else "scanner"
    e.update(spec.get("effects", {}))
    camera = bool(spec.get("camera"))
    if camera:
        e.setdefault("frame_width", 1280)
        e["card_fill"] = spec.get("effects", {}).get("card_fill", 0.7)
        # As in the evaluation set: a camera frame's character height follows from the card's share of it.
        doc = generate.DOC[spec["format"]]
        e["cap_px"] = e["frame_width"] * e["card_fill"] / doc["size"][0] * generate.PITCH_MM / e["pitch_ratio"]
    job = {"id": "one", "format": spec["format"], "printed": spec["printed"], "font_path": spec["font"], "camera": camera,
           "renderer": spec.get("renderer", "pil"), "effects": e}
    if job["renderer"] == "magick":
        with tempfile.TemporaryDirectory() as tmp:
            sys.stdout.buffer.write(generate.render_magick(job, tmp))
    else:
        sys.stdout.buffer.write(generate.render_pil(job))


if __name__ == "__main__":
    main()
