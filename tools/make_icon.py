"""Draws the app icon into resources/icons/: a PNG for the window and macOS, an ICO for Windows.

Run once when the design changes (`.venv/bin/python tools/make_icon.py`); the files are committed.
Pillow comes with reportlab. The letters are DejaVu Sans Bold, the font the documents embed.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"
SIZE = 1024  # drawn large, then scaled down for each size
NAVY, PAPER, ACCENT = (31, 58, 95, 255), (255, 255, 255, 255), (122, 176, 222, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw() -> Image.Image:
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = SIZE // 16
    pen.rounded_rectangle((margin, margin, SIZE - margin, SIZE - margin), radius=SIZE // 6, fill=NAVY)
    # A page with its folded corner: the Minute.
    left, top, right, bottom = SIZE * 0.27, SIZE * 0.2, SIZE * 0.73, SIZE * 0.8
    fold = SIZE * 0.12
    pen.polygon([(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)], fill=PAPER)
    pen.polygon([(right - fold, top), (right - fold, top + fold), (right, top + fold)], fill=ACCENT)
    font = ImageFont.truetype(str(FONT), int(SIZE * 0.2))
    pen.text((SIZE / 2, SIZE * 0.47), "M", font=font, fill=NAVY, anchor="mm")
    for i, width in enumerate((0.3, 0.24, 0.3)):  # lines of text
        y = SIZE * (0.62 + 0.05 * i)
        pen.rounded_rectangle((SIZE * 0.35, y, SIZE * (0.35 + width), y + SIZE * 0.022), radius=SIZE * 0.011,
                              fill=ACCENT)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.resize((256, 256), Image.LANCZOS).save(OUT / "mappa-desk.png")
    image.resize((256, 256), Image.LANCZOS).save(OUT / "mappa-desk.ico", sizes=ICO_SIZES)
    print(f"wrote {OUT / 'mappa-desk.png'} and {OUT / 'mappa-desk.ico'}")


if __name__ == "__main__":
    main()
