# syntax=docker/dockerfile:1
# Journey Ledger: multi-stage build. The build stage compiles TypeScript and builds better-sqlite3's native addon
# from source; the runtime stage holds only production dependencies, the compiled code, views and public assets,
# and runs as the unprivileged `node` user. Base: Node 26 LTS on Debian 12 (bookworm), the same Debian as CI.

FROM node:26-bookworm-slim AS build
WORKDIR /app
# Toolchain for better-sqlite3's native addon (node-gyp).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Scripts are skipped here (package.json's `prepare` would compile before the sources are copied);
# the one native addon is then built from source explicitly.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 --build-from-source
COPY tsconfig.json ./
COPY src ./src
COPY projections ./projections
COPY bench ./bench
RUN npx tsc -p tsconfig.json \
 && npm prune --omit=dev --ignore-scripts

FROM node:26-bookworm-slim AS runtime
# HOST=0.0.0.0: inside the container the server must answer on the container's interface (outside it, `journey
# serve` listens on 127.0.0.1 unless HOST or --host says otherwise).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    LEDGER_STORE=sqlite:/app/data/ledger.db \
    REPORTS_DIR=/app/data/reports
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node views ./views
COPY --chown=node:node public ./public
RUN mkdir -p /app/data/reports && chown -R node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# Node has fetch built in: no curl needed in the image.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/src/cli.js"]
CMD ["serve", "--port", "3000"]
