// @ts-check
/**
 * `npm run test:browser`: the dashboard in a real browser (Chromium through playwright-core) on
 * the real apps and services. Same compilation and service set-up as the e2e project.
 */
const root = require('../../jest.config.js');
const e2e = root.projects.find((project) => project.displayName === 'e2e');

/** @type {import('jest').Config} */
module.exports = {
  ...e2e,
  rootDir: '../..',
  displayName: 'browser',
  testMatch: ['<rootDir>/test/browser/**/*.browser.ts'],
  testTimeout: 300000,
  maxWorkers: 1,
};
