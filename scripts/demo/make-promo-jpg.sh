#!/bin/sh
# Recreates examples/assets/promo.jpg (the picture the examples send), 480x320, ~17 KB.
# Needs ImageMagick and a CJK font: apt-get install -y imagemagick fonts-noto-cjk
set -e
cd "$(dirname "$0")/../../examples/assets"
FONT=$(fc-list | grep 'NotoSansCJK-Bold.ttc' | head -1 | cut -d: -f1)
convert -size 480x320 gradient:'#ff7a59-#ffd166' \
  -fill white -draw "roundrectangle 30,40 450,280 24,24" \
  -font "$FONT" -fill '#d6336c' -pointsize 52 -gravity north -annotate +0+70 '春季新品上市' \
  -fill '#333333' -pointsize 30 -annotate +0+150 '全场八折 · 欢迎光临' \
  -fill '#888888' -pointsize 18 -annotate +0+215 '28inter MMS demo picture' \
  -strip -quality 82 -sampling-factor 4:2:0 -interlace none promo.jpg
