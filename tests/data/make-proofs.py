#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes tests/data/proofs/: small awkward proof files for test-preflight.

    /usr/bin/python3 tests/data/make-proofs.py [OUTDIR]

Needs Debian's python3-cairo, python3-pil, python3-img2pdf and qpdf (all
in build-aux/install-deps). The output is committed; run this again only
to change the corpus. Fixed dates, ids and seeds make the files the same
from run to run on the same package versions.
"""
import io
import os
import random
import subprocess
import sys

import cairo
import img2pdf
from PIL import Image, ImageDraw

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "proofs")
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LETTER = (612.0, 792.0)
A4_LAYOUT = img2pdf.get_layout_fun((img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297)))


def path(name):
    return os.path.join(OUT, name)


def text_page(ctx, width, height, label):
    """A page that is clearly not blank: a title, lines of text, a frame."""
    ctx.set_source_rgb(0, 0, 0)
    ctx.select_font_face("sans-serif")
    ctx.set_font_size(min(width, height) / 20)
    ctx.move_to(width * 0.1, height * 0.15)
    ctx.show_text(label)
    ctx.set_font_size(min(width, height) / 50)
    for i in range(12):
        ctx.move_to(width * 0.1, height * (0.25 + i * 0.05))
        ctx.show_text("Proof document line %d: the quick brown fox jumps over the lazy dog." % (i + 1))
    ctx.set_line_width(2)
    ctx.rectangle(width * 0.05, height * 0.05, width * 0.9, height * 0.9)
    ctx.stroke()


def pdf(name, pages):
    """pages: a list of (width, height, label or None for an empty page)."""
    surface = cairo.PDFSurface(path(name), pages[0][0], pages[0][1])
    surface.set_metadata(cairo.PDF_METADATA_CREATE_DATE, "2025-04-18T09:00:00")
    surface.set_metadata(cairo.PDF_METADATA_CREATOR, "make-proofs.py")
    ctx = cairo.Context(surface)
    for width, height, label in pages:
        surface.set_size(width, height)
        if label is not None:
            text_page(ctx, width, height, label)
        ctx.show_page()
    surface.finish()


def qpdf(*args):
    subprocess.run(["qpdf", "--deterministic-id", *args], check=True)


def qpdf_encrypt(src, dest, user, *restrictions):
    # AES-128 with a static id and IV is reproducible (AES-256 draws a key).
    subprocess.run(["qpdf", "--static-id", "--static-aes-iv", "--encrypt", user, "owner-secret",
                    "128", "--use-aes=y", *restrictions, "--", path(src), path(dest)], check=True)


def drawing(width, height, mode="L", ink=0, paper=255, lines=12):
    """A scan-like page: a heading bar and lines of 'text' as bars."""
    rng = random.Random(width * 7919 + height)
    image = Image.new(mode, (width, height), paper)
    draw = ImageDraw.Draw(image)
    mx, my = width // 10, height // 12
    draw.rectangle([mx, my, width - mx, my + height // 30], fill=ink)
    step = (height - 3 * my) // lines
    for i in range(lines):
        y = 2 * my + i * step
        x = mx
        while x < width - mx:
            w = rng.randint(width // 8, width // 3)
            draw.rectangle([x, y, min(x + w, width - mx), y + max(2, step // 3)], fill=ink)
            x += w + width // 60
    return image


def jpeg_bytes(image, dpi, **kwargs):
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=25, dpi=(dpi, dpi), **kwargs)
    return buf.getvalue()


def png_bytes(image):
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def broken_xref(src, dest):
    """Every offset of a classic xref table, and startxref, made wrong."""
    tmp = path(dest + ".tmp")
    qpdf("--object-streams=disable", path(src), tmp)
    data = bytearray(open(tmp, "rb").read())
    os.remove(tmp)
    xref = data.rfind(b"\nxref\n")
    trailer = data.find(b"trailer", xref)
    lines = []
    for line in bytes(data[xref:trailer]).split(b"\n"):
        if len(line) == 18 and line.endswith(b" n") and line[:10].isdigit():
            line = b"%010d" % (int(line[:10]) + 1237) + line[10:]
        lines.append(line)
    data = data[:xref] + b"\n".join(lines) + data[trailer:]
    start = data.rfind(b"startxref\n")
    end = data.find(b"\n", start + 10)
    data = data[:start + 10] + b"%d" % (xref + 4321) + data[end:]
    write(dest, bytes(data))


ZERO_PAGES = b"""%PDF-1.4
1 0 obj
<< /Type /Catalog /Pages 2 0 R >>
endobj
2 0 obj
<< /Type /Pages /Kids [] /Count 0 >>
endobj
trailer
<< /Root 1 0 R /Size 3 >>
%%EOF
"""


def main():
    os.makedirs(OUT, exist_ok=True)

    # Vector PDFs.
    pdf("a4.pdf", [(A4[0], A4[1], "A4 portrait")])
    pdf("a4-landscape.pdf", [(A4[1], A4[0], "A4 landscape")])
    pdf("letter.pdf", [(LETTER[0], LETTER[1], "US Letter")])
    pdf("blank-page.pdf", [(A4[0], A4[1], "Page 1"), (A4[0], A4[1], None), (A4[0], A4[1], "Page 3")])
    pdf("many-pages.pdf", [(A4[0], A4[1], "Page %d" % (i + 1)) for i in range(60)])
    pdf("huge-mediabox.pdf", [(14400.0, 14400.0, "A 200-inch page")])
    pdf("three-pages.pdf", [(A4[0], A4[1], "Page %d" % (i + 1)) for i in range(3)])

    # Rewritten by qpdf.
    qpdf("--rotate=+90:1", path("a4.pdf"), path("rotated.pdf"))
    qpdf("--object-streams=generate", path("three-pages.pdf"), path("object-streams.pdf"))
    qpdf_encrypt("a4.pdf", "encrypted-user.pdf", "secret")
    qpdf_encrypt("a4.pdf", "encrypted-owner.pdf", "", "--print=none", "--modify=none",
                 "--extract=n")
    broken_xref("three-pages.pdf", "broken-xref.pdf")
    data = open(path("three-pages.pdf"), "rb").read()
    write("truncated.pdf", data[: int(len(data) * 0.55)])

    # Not PDFs, or not really.
    write("empty.pdf", b"")
    write("text.pdf", b"This is a plain text file with a .pdf name.\n")
    write("zero-pages.pdf", ZERO_PAGES)
    rng = random.Random(20250418)
    write("garbage.pdf", b"%PDF-1.7\n" + bytes(rng.getrandbits(8) for _ in range(4000)))

    # Scans in PDF: 72 dpi (too low) and 200 dpi, both on A4.
    for name, width, height, dpi in (("scan-72dpi.pdf", 595, 842, 72),
                                     ("scan-200dpi.pdf", 1654, 2339, 200)):
        write(name, img2pdf.convert(jpeg_bytes(drawing(width, height), dpi), layout_fun=A4_LAYOUT,
                                    engine=img2pdf.Engine.internal, nodate=True,
                                    producer="make-proofs.py"))

    qpdf("--rotate=+90:1", path("scan-72dpi.pdf"), path("scan-rotated.pdf"))

    # Bare images: 150 dpi on A4 (progressive JPEG: several scans), 48 dpi,
    # blank, cut short; a PNG with a .pdf name.
    image = drawing(1240, 1754)
    good_jpeg = jpeg_bytes(image, 150, progressive=True)
    write("image.jpg", good_jpeg)
    write("image-truncated.jpg", good_jpeg[: int(len(good_jpeg) * 0.6)])
    write("image-lowres.jpg", jpeg_bytes(drawing(400, 566), 48))
    png = png_bytes(drawing(1240, 1754, mode="P"))
    write("png-renamed.pdf", png)
    write("image-truncated.png", png[: int(len(png) * 0.6)])
    write("blank.png", png_bytes(Image.new("L", (1240, 1754), 245)))

    for name in sorted(os.listdir(OUT)):
        print("%-24s %8d" % (name, os.path.getsize(path(name))))


main()
