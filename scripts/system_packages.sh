#!/usr/bin/env bash
# The Debian packages the tests (and the benchmark) need beyond Python:
# Chromium, which the tests drive; Noto CJK and WeasyPrint's Pango, which the
# PDFs are set in (HarfBuzz subsets the embedded fonts; fontTools, its
# fallback, is slower); poppler-utils, which reads the PDFs back; epubcheck
# (with its Java), which checks the EPUB books.
# Installs the missing ones with apt when run as root (make test, .ci/run);
# otherwise stops at once with the one command to run.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || need+=(fonts-noto-cjk fontconfig)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || need+=(libharfbuzz-subset0)
[ -f /usr/share/java/epubcheck.jar ] || need+=(epubcheck)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "缺少测试需要的系统软件包：${need[*]}。请先运行（需要管理员权限）：" >&2
  echo "  sudo sh -c 'apt-get update && apt-get install -y --no-install-recommends ${need[*]}'" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "缺少测试需要的系统软件包：${need[*]}；这台机器没有 apt-get，请用系统的包管理器安装它们。" >&2
  exit 1
fi
echo "安装测试需要的系统软件包：${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
