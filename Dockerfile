# Aduan's production images, built from the repository root:
#   docker build -t aduan .                         Telegram only: no browser in the image
#   docker build --target whatsapp -t aduan:wa .    adds Debian's Chromium for WhatsApp
# Nothing comes from outside the npm registry and Debian: install scripts are skipped (no
# Puppeteer browser, no Prisma engine download) and the Prisma client is generated offline.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json .puppeteerrc.cjs ./
COPY scripts ./scripts
COPY prisma ./prisma
RUN npm ci --ignore-scripts --no-audit --no-fund && node scripts/prisma-generate.mjs
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY test/support ./test/support
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim AS base
ENV NODE_ENV=production \
    DATA_DIR=/app/data \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY prisma/migrations ./prisma/migrations
COPY flows ./flows
COPY config ./config
# Code and configuration stay root-owned and read-only to the service; only data is writable.
# (Volumes mounted here start with this ownership.)
RUN mkdir -p /app/data/whatsapp && chown -R node:node /app/data
VOLUME /app/data
EXPOSE 3000
USER node
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["--role", "all"]

# The WhatsApp channel drives a real browser: Debian's Chromium, never a downloaded one.
FROM base AS whatsapp
USER root
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-noto-color-emoji \
  && rm -rf /var/lib/apt/lists/*
USER node
ENV WHATSAPP_ENABLED=true \
    WHATSAPP_CHROMIUM_PATH=/usr/bin/chromium

# The default target: last, so a plain `docker build` gives the image without a browser.
FROM base AS telegram
