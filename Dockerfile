# One image for every stage; docker-compose.yml picks the process with `command`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json biome.json ./
COPY packages ./packages
COPY apps ./apps
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production NEWSFLOW_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
# The archive folder exists in the image, owned by the non-root user: Docker fills a new named
# volume mounted here (docker-compose.yml) from it, ownership included, so the stages can write.
RUN mkdir -p /data/archive && chown -R node:node /data
USER node
VOLUME ["/data"]
ENTRYPOINT ["node"]
CMD ["apps/cli/dist/main.js", "--help"]
