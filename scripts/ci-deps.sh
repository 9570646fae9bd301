#!/usr/bin/env bash
# Debian packages the tests need: real peers (git, OCI registry, sshd) and the shells whose
# completion scripts are exercised. Idempotent.
set -euo pipefail
need=()
command -v git >/dev/null || need+=(git)
command -v unzip >/dev/null || need+=(unzip)
[ -x /usr/bin/docker-registry ] || need+=(docker-registry)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v zsh >/dev/null || need+=(zsh)
command -v fish >/dev/null || need+=(fish)
# Go time-zone fixtures (sprig date functions, trace's local times) read the system zoneinfo.
[ -f /usr/share/zoneinfo/America/New_York ] || need+=(tzdata)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "missing packages: ${need[*]} (run as root to install them)" >&2
  fi
fi
