import base from './playwright.config';
// Same suite on other ports, while other helpers' runs hold 3100/3101 (remove after use).
const PORT = 3230;
export default {
  ...base,
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: {
    ...(base.webServer as object),
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    env: { ...(base.webServer as { env: Record<string, string> }).env, PORT: String(PORT), PLIMSOLL_WEB_PORT: String(PORT + 1) },
  },
};
