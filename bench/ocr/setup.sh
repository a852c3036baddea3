#!/usr/bin/env bash
# Install what the OCR benchmark needs (idempotent): Debian's tesseract with Simplified Chinese data and
# CJK fonts, and RapidOCR (models inside the wheel), Pillow, matplotlib and fontTools into the Python
# environment that runs corrector.  Nothing is downloaded at run time afterwards.
#   PYTHON=/path/to/python bash bench/ocr/setup.sh
set -euo pipefail
PYTHON="${PYTHON:-python3}"

APT_PACKAGES=(tesseract-ocr tesseract-ocr-chi-sim fonts-noto-cjk fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

"$PYTHON" -m pip install -q "rapidocr-onnxruntime==1.4.4" "pillow>=10" "matplotlib>=3.7" "fonttools>=4.40"

tesseract --list-langs 2>/dev/null | grep -qx chi_sim
"$PYTHON" -c "import rapidocr_onnxruntime, PIL, matplotlib, fontTools"
echo "bench/ocr: tesseract $(tesseract --version 2>/dev/null | head -1 | cut -d' ' -f2) with chi_sim, rapidocr-onnxruntime, fonts: ok"
