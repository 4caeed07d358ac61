# Sealpost server image: `docker build -t sealpost .` then see deploy/compose.yaml and docs/deployment.md.
# BASE is any Debian 12 image; where no registry is reachable, a debootstrapped one (`docker import`) works the same:
#   docker build --build-arg BASE=sealpost-base:bookworm -t sealpost .
ARG BASE=debian:bookworm-slim

# --- build: Debian's npm only bootstraps the lockfile's Node 24 and a current npm (npm 9 skips the lockfile's
# platform packages, such as the bundler's native binding, when the lockfile was written on another machine); those
# then install with the lockfile, build the web app and drop the dev dependencies. ---------------------------------
FROM ${BASE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# Behind a TLS-inspecting proxy: its CA certificate(s), PEM, for npm: --build-arg EXTRA_CA_CERT="$(cat proxy-ca.pem)".
# Build stage only; the image that runs Sealpost does not carry it.
ARG EXTRA_CA_CERT=
RUN if [ -n "$EXTRA_CA_CERT" ]; then printf '%s\n' "$EXTRA_CA_CERT" > /usr/local/share/ca-certificates/build-proxy.crt && update-ca-certificates; fi
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
ARG NODE_VERSION=24.22.3
ARG NPM_VERSION=11.19.1
# Node 24 first; Debian's npm then runs on it (its shebang finds `node` on PATH), which current npm requires.
RUN arch="$(dpkg --print-architecture | sed 's/amd64/x64/')" \
 && npm install --global --prefix /opt/bootstrap --no-audit --no-fund "node-linux-$arch@$NODE_VERSION" \
 && mkdir -p /opt/node/bin \
 && ln -s "/opt/bootstrap/lib/node_modules/node-linux-$arch/bin/node" /opt/node/bin/node \
 && PATH=/opt/node/bin:$PATH npm install --global --prefix /opt/bootstrap --no-audit --no-fund "npm@$NPM_VERSION" \
 && ln -s /opt/bootstrap/lib/node_modules/npm/bin/npm-cli.js /opt/node/bin/npm
ENV PATH=/opt/node/bin:$PATH
WORKDIR /app
COPY package.json package-lock.json ./
RUN node --version && npm --version && npm ci --no-audit --no-fund && test -x node_modules/.bin/node
COPY . .
RUN npm run build:web \
 && npm prune --omit=dev --no-audit --no-fund \
 && test -x node_modules/.bin/node \
 && rm -rf node_modules/.cache

# --- run: the base image, the app (owned by root, read-only to the service) and one volume for data. ----------------
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 sealpost \
 && useradd --uid 10001 --gid sealpost --home-dir /data --no-create-home --shell /usr/sbin/nologin sealpost \
 && install -d -o sealpost -g sealpost -m 0700 /data
COPY --from=build /app /app
WORKDIR /app
# Everything Sealpost writes goes to DATA_DIR (a volume) and the compile cache to /tmp (a tmpfs with --read-only);
# the root filesystem can be mounted read-only.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data \
    NODE_COMPILE_CACHE=/tmp/sealpost-compile
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
STOPSIGNAL SIGTERM
# Ready = database reachable, migrations applied, blob store writable, not draining. Node itself asks (no curl).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["/app/node_modules/.bin/node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/app/node_modules/.bin/node", "/app/bin/sealpost.js"]
CMD ["serve"]
