# syntax=docker/dockerfile:1
# Build stage: install everything, compile, train the intent model into dist/model.json.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY knowledge ./knowledge
RUN npm ci --no-audit --no-fund
RUN npm prune --omit=dev

# Runtime stage: only what serving needs, as a non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 STATE_STORE=/data/state.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json manifest.json ./
COPY knowledge ./knowledge
COPY appPackage ./appPackage
# State is private to the bot's user: a new named volume takes this folder's owner and mode.
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Probes where serve listens: PORT (empty means 3000, as in the config) and HOST when it names one address.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "const h=(process.env.HOST||'').trim(),p=(process.env.PORT||'').trim()||3000,a=['','0.0.0.0','::'].includes(h)?'127.0.0.1':h.includes(':')?'['+h+']':h;fetch('http://'+a+':'+p+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Exec form: node gets SIGTERM directly and shuts down gracefully.
CMD ["node", "dist/src/cli.js", "serve"]
