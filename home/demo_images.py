"""Images for the demo site, drawn locally with Pillow (the machines have no outside network)."""

import io
import math

from PIL import Image, ImageDraw


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _jpeg(image):
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def crest():
    """A simplified city crest: a red shield with a white castle tower."""
    image = Image.new("RGBA", (216, 256), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    shield = [(8, 8), (208, 8), (208, 128)]
    shield += [(108 + 100 * math.cos(a / 20 * math.pi), 128 + 120 * math.sin(a / 20 * math.pi)) for a in range(0, 21)]
    shield += [(8, 128)]
    draw.polygon(shield, fill=(179, 38, 30), outline=(6, 50, 92))
    draw.line(shield + [shield[0]], fill=(6, 50, 92), width=10)
    draw.rectangle((60, 96, 156, 184), fill="white")
    for x in (60, 92, 124, 140):
        draw.rectangle((x, 76, x + 16, 96), fill="white")
    draw.rectangle((96, 140, 120, 184), fill=(179, 38, 30))
    draw.ellipse((96, 128, 120, 152), fill=(179, 38, 30))
    return _png(image)


def landscape(seed, width=1280, height=800):
    """A town view: sky, hills, a castle on the hill and houses, in colours varied by seed."""
    palettes = [
        ((116, 170, 219), (214, 233, 248), (86, 140, 72), (60, 104, 58)),
        ((237, 160, 110), (250, 221, 180), (120, 128, 70), (80, 92, 52)),
        ((90, 120, 170), (190, 205, 230), (70, 110, 96), (44, 78, 70)),
        ((150, 190, 220), (235, 240, 245), (140, 150, 90), (96, 110, 70)),
    ]
    sky_top, sky_bottom, hill_near, hill_far = palettes[seed % len(palettes)]
    image = Image.new("RGB", (width, height), sky_top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        colour = tuple(int(sky_top[i] * (1 - t) + sky_bottom[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    points = [(0, height)]
    for x in range(0, width + 40, 40):
        points.append((x, int(height * 0.55 + 60 * math.sin(x / 210 + seed))))
    points.append((width, height))
    draw.polygon(points, fill=hill_far)
    castle_x = int(width * (0.25 + 0.1 * (seed % 3)))
    base = int(height * 0.55 + 60 * math.sin(castle_x / 210 + seed)) + 10
    draw.rectangle((castle_x, base - 170, castle_x + 70, base), fill=(200, 190, 170))
    for i in range(4):
        draw.rectangle((castle_x + i * 20, base - 190, castle_x + i * 20 + 10, base - 170), fill=(200, 190, 170))
    draw.rectangle((castle_x + 70, base - 90, castle_x + 220, base), fill=(185, 175, 155))
    draw.polygon(
        [(castle_x + 60, base - 90), (castle_x + 230, base - 90), (castle_x + 145, base - 140)], fill=(150, 60, 50)
    )
    points = [(0, height)]
    for x in range(0, width + 40, 40):
        points.append((x, int(height * 0.75 + 40 * math.sin(x / 150 + seed * 2))))
    points.append((width, height))
    draw.polygon(points, fill=hill_near)
    for i in range(12):
        x = (i * 113 + seed * 37) % width
        y = int(height * 0.78) + (i % 3) * 25
        draw.rectangle((x, y, x + 60, y + 45), fill=(236, 228, 214))
        draw.polygon([(x - 6, y), (x + 66, y), (x + 30, y - 30)], fill=(170, 70, 55))
        draw.rectangle((x + 22, y + 18, x + 36, y + 45), fill=(90, 70, 60))
    return _jpeg(image)


def eu_flag():
    """The flag of the European Union: twelve gold stars on blue."""
    width, height = 300, 200
    image = Image.new("RGB", (width, height), (0, 51, 153))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        angle = i * math.pi / 6
        cx, cy = width / 2 + 66 * math.cos(angle), height / 2 + 66 * math.sin(angle)
        star = []
        for k in range(10):
            r = 11 if k % 2 == 0 else 4.5
            a = -math.pi / 2 + k * math.pi / 5
            star.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        draw.polygon(star, fill=(255, 204, 0))
    return _png(image)


def programme_logo():
    """A plain mark for the funding programme (the real logotypes are not ours to ship)."""
    image = Image.new("RGB", (300, 200), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 40, 280, 160), outline=(0, 51, 153), width=8)
    draw.ellipse((40, 60, 120, 140), fill=(220, 30, 40))
    draw.rectangle((140, 70, 260, 90), fill=(0, 51, 153))
    draw.rectangle((140, 110, 230, 130), fill=(0, 51, 153))
    return _png(image)
