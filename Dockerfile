# One image for the three apps; the command picks which: `node bin/postventa.js run gateway`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY apps ./apps
COPY libs ./libs
COPY flows ./flows
COPY config ./config
USER node
EXPOSE 3000 3001 3002
ENTRYPOINT ["node", "bin/postventa.js"]
CMD ["run", "all"]
