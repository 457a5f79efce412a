#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes tests/data/bad/: hostile inputs that shenbao-cli must refuse cleanly.

    build-aux/make-bad-inputs.py [OUTDIR]      (default: tests/data/bad)

Saved files (*.shenbao), interchange JSON (*.json) and a few proof files
that tests/data/proofs/ does not already have. tests/data/bad/README.md says
what each one is and what must happen; tests/test-bad-inputs.py checks it.

Python's standard library only. ZIPs are written byte by byte here (not
with zipfile), so headers can say what an attacker wants them to say and
the output does not change with the Python version. No clock and no
unseeded randomness: a re-run gives the same bytes (deflate output depends
only on zlib, which has not changed its level-9 stream in decades).
The output is committed; run this again only to change the corpus.
"""
import bz2
import hashlib
import json
import os
import struct
import sys
import zlib

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, "tests", "data", "bad")

MIMETYPE = b"application/x-shenbao"
TEMPLATE = "sh-2025-agi"
CATEGORY = "qualification"
# 2025-04-18 09:00 in MS-DOS form.
DOS_DATE = ((2025 - 1980) << 9) | (4 << 5) | 18
DOS_TIME = (9 << 11)
MIB = 1024 * 1024
GIB = 1024 * MIB

STORE, DEFLATE, BZIP2 = 0, 8, 12
REGULAR, SYMLINK = 0o100644, 0o120777


def sha256(data):
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ ZIP


def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class Entry:
    """One ZIP entry. payload is what is stored (compressed if method is
    not STORE); size and crc are what the headers declare."""

    def __init__(self, name, data=b"", method=DEFLATE, size=None, crc=None,
                 flags=0, mode=REGULAR, payload=None):
        self.name = name.encode() if isinstance(name, str) else name
        if payload is None:
            payload = {STORE: lambda d: d, DEFLATE: deflate, BZIP2: bz2.compress}[method](data)
        self.payload = payload
        self.method = method
        self.size = len(data) if size is None else size
        self.crc = zlib.crc32(data) if crc is None else crc
        self.flags = flags
        self.mode = mode


def zip_bytes(entries):
    out = bytearray()
    central = bytearray()
    for e in entries:
        offset = len(out)
        # Bit 11 says the name is UTF-8, as libzip sets it; not for other bytes.
        try:
            e.name.decode("utf-8")
            flags = e.flags | 0x800
        except UnicodeDecodeError:
            flags = e.flags
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, e.method, DOS_TIME,
                           DOS_DATE, e.crc, len(e.payload), e.size, len(e.name), 0)
        out += e.name + e.payload
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, (3 << 8) | 20, 20, flags,
                               e.method, DOS_TIME, DOS_DATE, e.crc, len(e.payload), e.size,
                               len(e.name), 0, 0, 0, 0, e.mode << 16, offset)
        central += e.name
    n = len(entries)
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), len(out), 0)
    return bytes(out + central + eocd)


def submission(**members):
    root = {"format": "shenbao-submission", "version": 1, "template": TEMPLATE,
            "fields": {}, "taskbooks": [], "attachments": []}
    root.update(members)
    return root


def to_json(root):
    return json.dumps(root, ensure_ascii=False, indent=2).encode()


def attachment(data, name="scan.pdf", sha=None):
    return {"category": CATEGORY, "name": name, "sha256": sha or sha256(data)}


def saved(json_data=None, extra=(), mimetype=MIMETYPE):
    """The entries of a saved file as Shenbao writes it, then extra."""
    entries = [Entry("mimetype", mimetype, STORE)]
    if json_data is not None:
        entries.append(Entry("submission.json", json_data))
    return zip_bytes(entries + list(extra))


def repeat_deflated(size, chunk=bytes(MIB), wbits=-15):
    """size bytes of chunk repeated, deflated (raw, or zlib for wbits 15),
    with their CRC and SHA-256: never more than one chunk in memory."""
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts, crc, digest = [], 0, hashlib.sha256()
    for _ in range(size // len(chunk)):
        parts.append(c.compress(chunk))
        crc = zlib.crc32(chunk, crc)
        digest.update(chunk)
    parts.append(c.flush())
    return b"".join(parts), crc, digest.hexdigest()


# ------------------------------------------------------------------ PDF


def pdf_file(objects):
    """A PDF with a correct xref from object bodies (numbered from 1);
    object 1 is the catalog."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def stream(dictionary, data):
    return b"<< %s /Length %d >>\nstream\n" % (dictionary, len(data)) + data + b"\nendstream"


A4_BOX = b"[0 0 595 842]"
TEXT = b"BT /F1 24 Tf 72 760 Td (Proof document) Tj ET"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def one_page_pdf(content=TEXT, box=A4_BOX, resources=b"/Font << /F1 4 0 R >>", extra=(),
                 page=b""):
    return pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << %s >> /Contents 5 0 R %s>>"
        % (box, resources, page),
        FONT,
        stream(b"", content),
        *extra,
    ])


GOOD_PDF = one_page_pdf()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, rows):
    """An 8-bit greyscale PNG; rows is the zlib-compressed filtered data."""
    return (b"\x89PNG\r\n\x1a\n"
            + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + png_chunk(b"IDAT", rows) + png_chunk(b"IEND", b""))


def jpeg_header_only(width, height):
    """A JPEG whose frame header declares width × height; one tiny scan."""
    sof = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    dqt = b"\x00" + bytes(range(1, 65))
    # One DC and one AC table with a single one-bit code each.
    dht = b"\x00" + bytes([1] + [0] * 15) + b"\x00" + b"\x10" + bytes([1] + [0] * 15) + b"\x00"
    sos = b"\x01\x01\x00\x00\x3f\x00"

    def segment(marker, body):
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    return (b"\xff\xd8" + segment(0xDB, dqt) + segment(0xC0, sof) + segment(0xC4, dht)
            + segment(0xDA, sos) + b"\x00" * 16 + b"\xff\xd9")


# ------------------------------------------------------------------ the corpus


def saved_files():
    good_json = to_json(submission(attachments=[attachment(GOOD_PDF)]))
    good = saved(good_json, [Entry("attachments/" + sha256(GOOD_PDF), GOOD_PDF, STORE)])
    yield "ok-minimal.shenbao", good

    yield "not-zip.shenbao", "这不是一个申报文件，只是一段文字。\nNot a ZIP at all.\n".encode()
    yield "empty.shenbao", b""
    yield "truncated.shenbao", good[: len(good) // 2]
    yield "truncated-end.shenbao", good[:-10]
    yield "mimetype-wrong.shenbao", saved(to_json(submission()), mimetype=b"application/zip")
    yield "mimetype-missing.shenbao", zip_bytes([Entry("submission.json", to_json(submission()))])
    yield "mimetype-not-first.shenbao", zip_bytes([
        Entry("submission.json", to_json(submission())), Entry("mimetype", MIMETYPE, STORE)])
    yield "json-missing.shenbao", saved()
    yield "json-invalid.shenbao", saved(b'{"format": "shenbao-submission", "version": 1, ')
    yield "json-deep.shenbao", saved(b"[" * 100000 + b"]" * 100000)
    yield "json-deep-in-field.shenbao", saved(
        to_json(submission()).replace(b'"fields": {}',
                                      b'"fields": {"unit_name": ' + b"[" * 100000
                                      + b"]" * 100000 + b"}"))
    yield "json-not-utf8.shenbao", saved(
        b'{"format":"shenbao-submission","version":1,"template":"sh-2025-agi",'
        b'"fields":{"unit_name":"\xc9cole \xb9\xfa\xbc\xd2 GBK \xff\xfe"}}')
    yield "json-not-submission.shenbao", saved(b'{"format": "shenbao-template", "version": 1}')

    # Decompression bombs.
    payload, crc, digest = repeat_deflated(GIB)
    yield "bomb-1gib.shenbao", saved(
        to_json(submission(attachments=[attachment(None, sha=digest)])),
        [Entry("attachments/" + digest, method=DEFLATE, size=GIB, crc=crc, payload=payload)])
    small, small_crc, _ = repeat_deflated(MIB)
    yield "bomb-declared-1gib.shenbao", saved(
        to_json(submission(attachments=[attachment(None, sha=digest)])),
        [Entry("attachments/" + digest, method=DEFLATE, size=GIB, crc=crc, payload=small)])
    big, big_crc, _ = repeat_deflated(64 * MIB)
    yield "bomb-json-lying-size.shenbao", zip_bytes([
        Entry("mimetype", MIMETYPE, STORE),
        Entry("submission.json", method=DEFLATE, size=100, crc=big_crc, payload=big)])
    yield "bomb-attachment-lying-size.shenbao", saved(
        to_json(submission(attachments=[attachment(GOOD_PDF)])),
        [Entry("attachments/" + sha256(GOOD_PDF), method=DEFLATE, size=len(GOOD_PDF),
               crc=big_crc, payload=big)])

    # Entry names that are paths, or not text.
    plain = to_json(submission())
    yield "entry-dotdot.shenbao", saved(plain, [Entry("../shenbao-escaped.txt", b"escaped")])
    yield "entry-absolute.shenbao", saved(plain, [Entry("/tmp/shenbao-escaped.txt", b"escaped")])
    yield "entry-attachment-dotdot.shenbao", saved(
        plain, [Entry("attachments/../../shenbao-escaped.txt", b"escaped")])
    # Not UTF-8, a terminal escape, longer than a message should show.
    yield "entry-name-not-utf8.shenbao", saved(
        plain, [Entry(b"attachments/\xff\xfe\x1b[31m" + b"a" * 200, b"x")])
    yield "entry-name-chinese.shenbao", saved(plain, [Entry("附件/营业执照.pdf", GOOD_PDF, STORE)])
    yield "entry-name-nul.shenbao", saved(plain, [Entry(b"submission.json\x00.exe", b"x")])

    # Two entries of one name: which one would be read?
    yield "duplicate-json.shenbao", saved(
        plain, [Entry("submission.json", to_json(submission(fields={"unit_name": "second"})))])
    other_pdf = one_page_pdf(b"BT /F1 24 Tf 72 760 Td (Another document) Tj ET")
    yield "duplicate-attachment.shenbao", saved(
        to_json(submission(attachments=[attachment(GOOD_PDF)])),
        [Entry("attachments/" + sha256(GOOD_PDF), GOOD_PDF, STORE),
         Entry("attachments/" + sha256(GOOD_PDF), other_pdf, STORE)])

    # Attachments whose bytes are not what they claim.
    yield "attachment-hash-mismatch.shenbao", saved(
        to_json(submission(attachments=[attachment(GOOD_PDF)])),
        [Entry("attachments/" + sha256(GOOD_PDF), other_pdf, STORE)])
    flipped = bytearray(GOOD_PDF)
    flipped[len(flipped) // 2] ^= 0x20
    yield "attachment-bad-crc.shenbao", saved(
        to_json(submission(attachments=[attachment(GOOD_PDF)])),
        [Entry("attachments/" + sha256(GOOD_PDF), bytes(flipped), STORE, crc=zlib.crc32(GOOD_PDF))])
    yield "attachment-missing.shenbao", saved(
        to_json(submission(attachments=[attachment(GOOD_PDF)])))
    yield "attachment-sha-dotdot.shenbao", saved(
        to_json(submission(attachments=[attachment(None, sha="../../../../etc/passwd")])))
    link = b"/etc/passwd"
    yield "attachment-symlink.shenbao", saved(
        to_json(submission(attachments=[attachment(link, name="passwd.pdf")])),
        [Entry("attachments/" + sha256(link), link, STORE, mode=SYMLINK)])
    secret = b"\x00" * 12 + GOOD_PDF
    yield "attachment-encrypted.shenbao", saved(
        to_json(submission(attachments=[attachment(GOOD_PDF)])),
        [Entry("attachments/" + sha256(GOOD_PDF), method=STORE, size=len(GOOD_PDF),
               crc=zlib.crc32(GOOD_PDF), flags=1, payload=secret)])
    yield "attachment-title-list.shenbao", saved(
        to_json(submission(attachments=[dict(attachment(GOOD_PDF), title=["a", "list"])])),
        [Entry("attachments/" + sha256(GOOD_PDF), GOOD_PDF, STORE)])
    yield "attachment-bzip2.shenbao", saved(
        to_json(submission(attachments=[attachment(GOOD_PDF)])),
        [Entry("attachments/" + sha256(GOOD_PDF), GOOD_PDF, BZIP2)])

    # Big but well formed.
    # 10 MiB of text; a character from an LCG every 200 bytes keeps the
    # ratio near 100:1, under the reader's bomb limit, so it is read.
    parts, x, n = [], 1234567, 0
    noise = "揭榜挂帅新一代通用人工智能创新任务上海市科学技术委员会"
    while n < 10 * MIB:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        parts.append("申报单位简介。" * 9 + noise[x % len(noise)])
        n += 192
    yield "field-10mb.shenbao", saved(to_json(submission(fields={"unit_intro": "".join(parts)})))
    # 2000 attachments (under the entry cap): each was read by opening
    # the whole ZIP again, n² work that took check minutes.
    blobs = [b"not a proof %d\n" % i for i in range(2000)]
    yield "attachments-2000.shenbao", saved(
        to_json(submission(attachments=[attachment(b, name="%04d.pdf" % i)
                                        for i, b in enumerate(blobs)])),
        [Entry("attachments/" + sha256(b), b, STORE) for b in blobs])
    names = ["e%05d" % i for i in range(20000)]
    yield "entries-20000.shenbao", saved(plain, [Entry(n, b"", STORE) for n in names])


def json_files():
    yield "ok-minimal.json", to_json(submission())
    yield "not-json.json", b"This is not JSON.\n"
    yield "empty.json", b""
    yield "json-truncated.json", to_json(submission())[:40]
    yield "root-array.json", b'[{"format": "shenbao-submission", "version": 1}]\n'
    yield "root-string.json", b'"shenbao-submission"\n'
    yield "deep.json", b"[" * 100000 + b"]" * 100000
    yield "deep-objects.json", b'{"a":' * 100000 + b"1" + b"}" * 100000
    yield "deep-in-field.json", to_json(submission()).replace(
        b'"fields": {}', b'"fields": {"unit_name": ' + b"[" * 100000 + b"]" * 100000 + b"}")
    yield "not-utf8.json", (b'{"format":"shenbao-submission","version":1,"template":"sh-2025-agi",'
                            b'"fields":{"unit_name":"\xc9cole \xb9\xfa\xbc\xd2 \xff\xfe"}}\n')
    yield "utf16.json", "\ufeff".encode("utf-16-le") + to_json(submission()).decode().encode(
        "utf-16-le")
    yield "template-unknown.json", to_json(submission(template="no-such-template"))

    # Every top-level key with the wrong type.
    wrong = [
        ("format-number", {"format": 1}),
        ("format-missing", {"format": None}),
        ("format-list", {"format": ["shenbao-submission"]}),
        ("version-string", {"version": "1"}),
        ("version-list", {"version": [1]}),
        ("version-bool", {"version": True}),
        ("version-2", {"version": 2}),
        ("template-number", {"template": 2025}),
        ("template-list", {"template": [TEMPLATE]}),
        ("fields-list", {"fields": [["unit_name", "x"]]}),
        ("fields-string", {"fields": "unit_name"}),
        ("taskbooks-object", {"taskbooks": {"direction": "embodied"}}),
        ("taskbooks-strings", {"taskbooks": ["embodied"]}),
        ("taskbook-direction-number", {"taskbooks": [{"direction": 1, "fields": {}}]}),
        ("taskbook-fields-list", {"taskbooks": [{"direction": "embodied", "fields": []}]}),
        ("attachments-string", {"attachments": "scan.pdf"}),
        ("attachments-numbers", {"attachments": [1, 2]}),
        ("attachment-no-sha256", {"attachments": [{"category": CATEGORY, "name": "scan.pdf"}]}),
        ("attachment-name-number", {"attachments": [{"category": CATEGORY, "name": 7,
                                                     "sha256": sha256(b"")}]}),
        ("attachment-title-list", {"attachments": [{"category": CATEGORY, "name": "scan.pdf",
                                                    "sha256": sha256(b""), "title": ["x"]}]}),
        ("acknowledged-string", {"acknowledged": "uscc-checksum"}),
    ]
    for name, members in wrong:
        root = submission()
        for key, value in members.items():
            if value is None:
                del root[key]
            else:
                root[key] = value
        yield "type-%s.json" % name, to_json(root)

    # Field values of the wrong type: read as empty, kept as they are.
    yield "field-values-wrong-types.json", to_json(submission(
        fields={"unit_name": 5, "directions": "embodied", "unit_intro": ["a", {"b": None}],
                "apply_date": {"year": 2025}, "uscc": True, "summary": None},
        taskbooks=[{"direction": "embodied", "fields": {"tb_name": [1, 2], "tb_plan": 3.5}}],
        acknowledged=[1, None, {"x": "y"}]))

    # Attachment names that would reach outside the folder.
    for name, path in (("dotdot", "../../../../etc/passwd"), ("absolute", "/etc/passwd"),
                       ("dotdot-inside", "proofs/../../secret.pdf")):
        yield "attachment-name-%s.json" % name, to_json(
            submission(attachments=[{"category": CATEGORY, "name": path,
                                     "sha256": sha256(b"")}]))


def proof_files():
    # Images whose headers declare more pixels than anyone scans.
    yield "proof-png-huge-dimensions.png", png(100000, 100000, zlib.compress(b"\x00" * 1024, 9))
    yield "proof-jpeg-huge-dimensions.jpg", jpeg_header_only(65500, 65500)
    # Decodes to 100 MiB of pixels from 100 KiB: just under the cap.
    yield "proof-png-bomb.png", png(5000, 5000, zlib.compress(bytes(5001 * 5000), 9))
    # PDFs with traps for the parser or renderer.
    yield "proof-pdf-page-loop.pdf", pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])
    yield "proof-pdf-count-lies.pdf", pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])
    yield "proof-pdf-deep-nesting.pdf", one_page_pdf(
        page=b"/Deep " + b"[" * 10000 + b"]" * 10000 + b" ")
    yield "proof-pdf-zero-mediabox.pdf", one_page_pdf(box=b"[0 0 0 0]")
    image = stream(b"/Type /XObject /Subtype /Image /Width 60000 /Height 60000 "
                   b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
                   zlib.compress(bytes(60000 * 4), 9))
    yield "proof-pdf-image-huge.pdf", one_page_pdf(
        content=b"q 595 0 0 842 0 0 cm /Im1 Do Q",
        resources=b"/XObject << /Im1 6 0 R >> /Font << /F1 4 0 R >>", extra=[image])
    # 64 MiB of drawing operators from 64 KiB: millions of strokes.
    content, _, _ = repeat_deflated(64 * MIB, b"0 0 m 595 842 l S\n" * 4096, wbits=15)
    yield "proof-pdf-content-bomb.pdf", pdf_file([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream(b"/Filter /FlateDecode", content),
    ])


def main():
    os.makedirs(OUT, exist_ok=True)
    wanted = set()
    for generator in (saved_files, json_files, proof_files):
        for name, data in generator():
            assert name not in wanted, name
            wanted.add(name)
            with open(os.path.join(OUT, name), "wb") as f:
                f.write(data)
    # Files of an earlier corpus that this one no longer has.
    for name in os.listdir(OUT):
        if name not in wanted and name != "README.md":
            print("stale, not written by this script:", name, file=sys.stderr)
    for name in sorted(wanted):
        print("%-40s %9d" % (name, os.path.getsize(os.path.join(OUT, name))))


main()
