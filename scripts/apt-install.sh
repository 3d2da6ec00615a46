#!/usr/bin/env bash
# Installs Debian packages, refreshing the package lists once per boot.
set -euo pipefail
stamp=/tmp/.tremplin-apt-updated
if [ ! -f "$stamp" ]; then apt-get update -qq && touch "$stamp"; fi
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
