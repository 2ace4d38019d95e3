# syntax=docker/dockerfile:1
# ButlerSPB bot: build with the toolchain better-sqlite3 needs, run on a slim image as a non-root user.

FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native addon from source.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Build the addon from source against this image's Node headers: no prebuilt binary, no header download.
ENV npm_config_build_from_source=true \
    npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` (the build) needs the sources, copied below; the addon is built explicitly.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    DATABASE_PATH=/app/data/bot.db \
    CONTENT_DIR=/app/content
WORKDIR /app
# CONTENT_REPO (posts from the blog's git repository) runs the git binary: https needs the CA bundle, ssh the client.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates openssh-client \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node content ./content
RUN mkdir -p /app/data && chown node:node /app/data
# The database, its lock and data/backups/ live here: mount a volume, or they go with the container.
VOLUME ["/app/data"]
USER node
EXPOSE 8080
# /readyz, not /healthz: healthy means Telegram answered and updates are taken, not merely "the process is up".
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exit codes: 0 clean stop, 1 fix the configuration (token refused, bad variable), 70 other failures.
# node directly, not npm: npm does not forward SIGTERM and wait, so the clean stop would be cut off.
CMD ["node", "dist/main.js"]
