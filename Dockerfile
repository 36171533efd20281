# syntax=docker/dockerfile:1
# One image for every ringpace service; the command picks which one runs:
#   docker run --rm -e DATABASE_URL=... -e ADMIN_TOKEN=... ringpace node services/campaign/dist/main.js
#   docker run --rm -e DATABASE_URL=... ringpace node packages/db/dist/bin/migrate.js
ARG NODE_IMAGE=node:20-bookworm-slim

# Only the npm manifests, so the dependency layer below is rebuilt when they change and not on every edit.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
 && find . -type d -empty -delete

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1 \
    DO_NOT_TRACK=1 \
    CHECKPOINT_DISABLE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=manifests /src/ ./
# No install scripts, as on the project's machines: nothing the build or the runtime uses needs one (Prisma's
# client runs on its WASM query compiler; codegen is told where its schema engine is).
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# Codegen (ts-proto through the npm-shipped buf, the Prisma client) runs first as a dependency of build.
RUN npx turbo run build --output-logs=errors-only
# --omit=dev alone keeps "devOptional" packages: the Prisma CLI and TypeScript stay because @prisma/client
# names them as optional peers. Nothing at run time needs an optional or peer-only package (they are the
# Prisma CLI, platform binaries of build tools, and ssh2's native speed-ups), so all three go.
RUN npm prune --omit=dev --omit=optional --omit=peer --ignore-scripts --no-audit --no-fund \
 && rm -rf packages/*/src services/*/src packages/*/tsconfig*.json services/*/tsconfig*.json \
 && find packages services -name '*.tsbuildinfo*' -delete

FROM ${NODE_IMAGE} AS runtime
# tini is PID 1: it passes SIGTERM to node (which drains) and reaps any stray child.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root and read-only to the process; the chart mounts the root filesystem read-only too.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY --from=build /app/services ./services
# The image's own unprivileged "node" user, by number, so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 50051
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "services/campaign/dist/main.js"]
