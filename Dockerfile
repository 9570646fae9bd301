# The flux-ts controller image (`flux-ts install` deploys it as `flux-ts controller ...`).
# Two stages: build the esbuild bundle with dev dependencies, then ship only the bundle, the
# launcher and the production node_modules the bundle still requires at run time on a slim,
# non-root Node 20 base.
# Build: docker build -t ghcr.io/flux-ts/flux-ts:v$(node -p "require('./package.json').version") .

FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.mjs scripts/build.mjs
COPY src src
COPY bin bin
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-slim
ENV NODE_ENV=production HOME=/tmp
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
# The `node` user (uid 1000) of the base image; the Deployment also sets runAsNonRoot and a
# read-only root filesystem with /tmp as an emptyDir.
USER 1000:1000
EXPOSE 8080 9440
ENTRYPOINT ["node", "/app/bin/flux-ts"]
CMD ["controller"]
