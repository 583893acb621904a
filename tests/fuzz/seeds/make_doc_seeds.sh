#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# make_doc_seeds.sh — how the seeds of the document-structure fuzz targets
# (fuzz_doc_jpeg, fuzz_doc_png, fuzz_doc_pdf) were made, so that they can be
# made again or extended: small real files from libvips and libjpeg's tools,
# and the few structures those do not write (an MPF JPEG with its second
# image, a PNG text chunk, PDFs around a scan) put together by Python.
# Needs libvips-tools and libjpeg-turbo-progs. Run from the repository root.
set -euo pipefail
s=tests/fuzz/seeds
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p $s/fuzz_doc_jpeg $s/fuzz_doc_png $s/fuzz_doc_pdf

# A 16x16 grey ramp and its RGB version.
vips xyz "$tmp/xyz.v" 16 16
vips extract_band "$tmp/xyz.v" "$tmp/x.v" 0
vips linear "$tmp/x.v" "$tmp/g.v" 15 0 --uchar
vips bandjoin "$tmp/g.v $tmp/g.v $tmp/g.v" "$tmp/rgb.v"
vips bandjoin "$tmp/g.v $tmp/g.v $tmp/g.v $tmp/g.v" "$tmp/rgba.v"

vips jpegsave "$tmp/g.v" $s/fuzz_doc_jpeg/grey.jpg --Q 50 --strip
vips jpegsave "$tmp/rgb.v" $s/fuzz_doc_jpeg/progressive.jpg --Q 40 --strip --interlace
vips jpegsave "$tmp/rgb.v" $s/fuzz_doc_jpeg/restart.jpg --Q 40 --strip --restart-interval 1
wrjpgcom -comment "scanned with a phone" $s/fuzz_doc_jpeg/grey.jpg > $s/fuzz_doc_jpeg/comment.jpg
vips pngsave "$tmp/g.v" $s/fuzz_doc_png/grey.png --strip
vips pngsave "$tmp/rgba.v" $s/fuzz_doc_png/interlaced.png --strip --interlace
vips pngsave "$tmp/rgb.v" $s/fuzz_doc_png/palette.png --strip --palette

python3 - "$s" <<'PY'
import struct, sys, zlib
s = sys.argv[1]
grey = open(f"{s}/fuzz_doc_jpeg/grey.jpg", "rb").read()
second = open(f"{s}/fuzz_doc_jpeg/restart.jpg", "rb").read()

# A phone's multi-picture JPEG: an APP2 "MPF" segment, a second image after EOI.
mpf = b"MPF\0" + b"MM\0\x2a\0\0\0\x08" + b"\0\0"
open(f"{s}/fuzz_doc_jpeg/mpf.jpg", "wb").write(
    grey[:2] + b"\xff\xe2" + struct.pack(">H", len(mpf) + 2) + mpf + grey[2:] + second)

# A PNG with a text chunk before IEND.
png = open(f"{s}/fuzz_doc_png/grey.png", "rb").read()
text = b"Software\0scanner"
chunk = struct.pack(">I", len(text)) + b"tEXt" + text + struct.pack(">I", zlib.crc32(b"tEXt" + text))
open(f"{s}/fuzz_doc_png/text.png", "wb").write(png[:-12] + chunk + png[-12:])

def pdf(objects, trailer_extra=b"", version=b"1.4"):
    """A PDF with these numbered objects (bytes between "n 0 obj" and "endobj") and its xref."""
    out = b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return out

image = (b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray"
         b" /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % len(grey)
         + grey + b"\nendstream")
content = b"q 72 0 0 72 0 0 cm /Im0 Do Q"
page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 72 72] /Resources << /XObject"
        b" << /Im0 4 0 R >> >> /Contents 5 0 R >>")
stream = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
# A scanner's PDF: one page, one image.
open(f"{s}/fuzz_doc_pdf/scan.pdf", "wb").write(pdf([
    b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    page, image, stream]))
# The same with a script run on opening (refused: active content).
open(f"{s}/fuzz_doc_pdf/javascript.pdf", "wb").write(pdf([
    b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, image, stream]))
# PDF 1.5: the catalog, the pages and the page in a compressed object
# stream (object 6), found through a cross-reference stream (object 7).
inner = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page]
head, body = b"", b""
for i, o in enumerate(inner, 1):
    head += b"%d %d " % (i, len(body))
    body += o + b"\n"
packed = zlib.compress(head + body)
out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
offsets = {}
for num, obj in ((4, image), (5, stream), (6, b"<< /Type /ObjStm /N 3 /First %d /Filter /FlateDecode"
                                           b" /Length %d >>\nstream\n" % (len(head), len(packed))
                                           + packed + b"\nendstream")):
    offsets[num] = len(out)
    out += b"%d 0 obj\n" % num + obj + b"\nendobj\n"
offsets[7] = len(out)
rows = struct.pack(">BIH", 0, 0, 65535)
rows += b"".join(struct.pack(">BIH", 2, 6, i) for i in range(3))
rows += b"".join(struct.pack(">BIH", 1, offsets[n], 0) for n in (4, 5, 6, 7))
xref = zlib.compress(rows)
out += (b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>"
        b"\nstream\n" % len(xref) + xref + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[7])
open(f"{s}/fuzz_doc_pdf/objstm.pdf", "wb").write(out)
PY
