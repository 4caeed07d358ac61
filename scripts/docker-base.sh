#!/usr/bin/env bash
# For the container-image test (test/deploy/container-image.test.ts): a running Docker daemon and a Debian base image
# made here (these machines reach no image registry, only Debian's mirrors and npm). Prints `export …` lines for the
# test's settings (TEST_*, like TEST_DATABASE_URL: `sealpost serve` refuses unknown SEALPOST_* settings, and every
# server a test starts inherits this environment). Best effort: a step that fails says why on stderr, and the test then skips with its reason.
set -uo pipefail
image=sealpost-base:bookworm

if ! docker info >/dev/null 2>&1; then
  # Detached, with its output in a file: the daemon outlives this script and holds no pipe of the caller's.
  (setsid dockerd >/tmp/sealpost-dockerd.log 2>&1 &)
  for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
if ! docker info >/dev/null 2>&1; then
  echo "docker-base: no Docker daemon answers (see /tmp/sealpost-dockerd.log)" >&2
  exit 0
fi

if ! docker image inspect "$image" >/dev/null 2>&1; then
  started=$(date +%s)
  root=$(mktemp -d)
  if debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/tmp/sealpost-debootstrap.log 2>&1; then
    tar -C "$root" -c . | docker import - "$image" >/dev/null && echo "docker-base: made $image in $(( $(date +%s) - started )) s" >&2
  else
    echo "docker-base: debootstrap failed (see /tmp/sealpost-debootstrap.log)" >&2
  fi
  rm -rf "$root"
fi
docker image inspect "$image" >/dev/null 2>&1 && echo "export TEST_DOCKER_BASE=$image"

# A TLS-inspecting proxy between the build and the npm registry: the CAs this machine added locally.
shopt -s nullglob
cas=(/usr/local/share/ca-certificates/*.crt)
if [ ${#cas[@]} -gt 0 ]; then
  cat "${cas[@]}" > /tmp/sealpost-build-ca.pem
  echo "export TEST_DOCKER_EXTRA_CA=/tmp/sealpost-build-ca.pem"
fi
