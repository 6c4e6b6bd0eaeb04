import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

// The `@/` alias of tsconfig.json, so unit tests import modules as the app does.
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
});
