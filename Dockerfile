# syntax=docker/dockerfile:1
# Container images of the two KRM functions, for `kpt fn eval --image`, a Kptfile `image:` and
# kustomize `container:`: the same files, two entry points (kpt runs an image's entry point with no
# arguments, so each function is an image of its own). The release workflow
# (.github/workflows/release.yml) publishes them, for linux/amd64 and linux/arm64, as
#   ghcr.io/fluid-cloudnative-gitops/inject-fluid-sidecar:<version>    (target inject-fluid-sidecar, the default)
#   ghcr.io/fluid-cloudnative-gitops/inject-juicefs-sidecar:<version>  (target inject-juicefs-sidecar)
# By hand:
#   docker build -t ghcr.io/fluid-cloudnative-gitops/inject-fluid-sidecar:0.1.0 .
#   docker build --target inject-juicefs-sidecar -t ghcr.io/fluid-cloudnative-gitops/inject-juicefs-sidecar:0.1.0 .
# (any registry-qualified name: kpt reads a name without a registry as gcr.io/kpt-fn/<name>).
#
# It holds what the function runs, nothing else: node, bin/, the one-file bundle and ajv (loaded
# for a non-empty function config). The optional @kubernetes/client-node, which only
# `export-context` loads, is left out: that command reads a cluster, which a KRM function run with
# --network none never does; it says so when started here.

# Node.js 24 (LTS), pinned by the digest of its multi-platform index; Dependabot
# (.github/dependabot.yml) proposes new digests.
ARG NODE_IMAGE=node:24.18.0-alpine@sha256:a0b9bf06e4e6193cf7a0f58816cc935ff8c2a908f81e6f1a95432d679c54fbfd

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY schemas/ schemas/
COPY fn/ fn/
COPY tools/bundle.js tools/
# The build runs the bundle (through bin/'s loader) on generated one-item inputs to write V8's code
# cache beside it, for this image's node: start-up compiles nothing.
COPY bench/generate.js bench/generate-juicefs.js bench/
COPY bin/inject-fluid-sidecar.js bin/
RUN npm run build

FROM ${NODE_IMAGE} AS runtime-modules
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

# What both images hold.
FROM ${NODE_IMAGE} AS app
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.source="https://github.com/fluid-cloudnative-gitops/inject-fluid-sidecar" \
      org.opencontainers.image.url="https://github.com/fluid-cloudnative-gitops/inject-fluid-sidecar" \
      org.opencontainers.image.documentation="https://github.com/fluid-cloudnative-gitops/inject-fluid-sidecar#readme" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/node:24-alpine"
WORKDIR /app
ENV NODE_ENV=production
COPY --from=runtime-modules /src/node_modules/ node_modules/
# the bundle, its source map and each program's code cache for this image's node (the pattern
# matches the bundle and its map alone if no cache was made)
COPY --from=build /src/dist/inject-fluid-sidecar.js* dist/
# The programs (bin/inject-juicefs-sidecar.js runs bin/inject-fluid-sidecar.js's loader with its own
# default function), started by node itself: bin/'s shell launcher is for hosts.
COPY bin/inject-fluid-sidecar.js bin/inject-juicefs-sidecar.js bin/
# KRM functions run without host access as nobody (kpt and kustomize pass --user as well).
USER 65534:65534

FROM app AS inject-juicefs-sidecar
LABEL org.opencontainers.image.title="inject-juicefs-sidecar" \
      org.opencontainers.image.description="KRM function that renders the JuiceFS CSI driver's sidecar injection into manifests at GitOps render time"
ENTRYPOINT ["/usr/local/bin/node", "/app/bin/inject-juicefs-sidecar.js"]

# The default target (last stage).
FROM app AS inject-fluid-sidecar
LABEL org.opencontainers.image.title="inject-fluid-sidecar" \
      org.opencontainers.image.description="KRM function that renders Fluid's FUSE sidecar injection into manifests at GitOps render time"
ENTRYPOINT ["/usr/local/bin/node", "/app/bin/inject-fluid-sidecar.js"]
