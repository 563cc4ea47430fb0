# syntax=docker/dockerfile:1
# Container image of the KRM function, for `kpt fn eval --image`, Kptfile `image:` and kustomize
# `container:`. Build: docker build -t inject-fluid-sidecar .

FROM node:20-alpine AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json ./
COPY schemas/ schemas/
COPY fn/ fn/
COPY tools/bundle.js tools/
RUN npm run build \
 && npm prune --omit=dev --ignore-scripts

FROM node:20-alpine
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules/ node_modules/
COPY --from=build /src/dist/ dist/
COPY schemas/ schemas/
COPY bin/ bin/
# KRM functions run without host access as nobody (kpt and kustomize pass --user as well).
USER 65534:65534
ENTRYPOINT ["/app/bin/inject-fluid-sidecar"]
