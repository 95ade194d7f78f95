# One image for the three apps; the command picks which: `docker run <image> run gateway`.
# The TypeScript is type-checked and compiled while the image is built (`tsc --noEmit`, then
# `npm run build`: nest build with SWC);
# the final stage holds the compiled JavaScript and the production dependencies only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
RUN npx tsc --noEmit -p tsconfig.build.json && npm run build

FROM node:20-bookworm-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY flows ./flows
COPY config ./config
USER node
EXPOSE 3000 3001 3002
ENTRYPOINT ["node", "dist/apps/cli/src/main.js"]
CMD ["run", "all"]
