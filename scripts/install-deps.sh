#!/usr/bin/env bash
# Installs the Debian packages the Swift build and Foundation's networking need, if missing.
set -euo pipefail
missing=()
for package in libsqlite3-dev libcurl4-openssl-dev libxml2-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
