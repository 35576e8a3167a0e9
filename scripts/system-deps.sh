#!/usr/bin/env bash
# System packages the tests and readers need, from Debian's archive:
#   chromium                      headless browser for the HTML report test
#   libreoffice-calc/writer-nogui headless conversion (.doc → .docx, CSV round trip, DOCX → PDF fixtures)
#   python3-uno                   LibreOffice's Python bridge: one office kept running per worker converts every
#                                 .doc (without it each .doc starts LibreOffice: ~3 s a file)
#   tesseract-ocr, -vie           OCR of scanned PDF pages (Vietnamese model; mtcl calls its library, libtesseract5)
# Installs only what is missing; needs root (CI runs as root). Without root it says what to install.
# `system-deps.sh run`: only what extraction needs (`make run`: Tesseract for scans, LibreOffice Writer for .doc);
# without an argument, also what the tests need (`make test`: Chromium, LibreOffice Calc).
set -euo pipefail
need=()
if [ "${1:-}" = run ]; then
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
else
  command -v chromium >/dev/null || need+=(chromium)
  command -v soffice >/dev/null || need+=(libreoffice-calc-nogui libreoffice-writer-nogui)
fi
{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import uno" 2>/dev/null; } || need+=(python3-uno)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
if command -v tesseract >/dev/null && ! tesseract --list-langs 2>/dev/null | grep -qx vie; then need+=(tesseract-ocr-vie); fi
command -v tesseract >/dev/null || need+=(tesseract-ocr-vie)
fonts=$(fc-list 2>/dev/null | grep -ci dejavu || true)
[ "${fonts:-0}" -gt 0 ] || need+=(fonts-dejavu-core)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${need[*]} (install them with: sudo apt-get install ${need[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
