import base from './playwright.config';
const PORT = 3210;
export default {
  ...base,
  outputDir: '/tmp/ev-e2e-results',
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: {
    ...(base.webServer as object),
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    env: { ...((base.webServer as { env: Record<string, string> }).env), PORT: String(PORT), PLIMSOLL_WEB_PORT: String(PORT + 1) },
  },
};
