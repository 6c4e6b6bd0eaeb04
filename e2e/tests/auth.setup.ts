import { expect, test as setup } from '@playwright/test';

import { DEMO_PASSWORD, SRE_STORAGE_STATE } from '../support/run-env.js';

// Tests that only need to be signed in reuse one SRE session instead of each signing in through
// the form: sign-in is rate-limited, and the form itself has its own tests in shell.spec.ts.
setup('sign in as the demo SRE through the API', async ({ request }) => {
  const response = await request.post('/api/v1/auth/login', {
    data: { username: 'sre', password: DEMO_PASSWORD },
  });
  expect(response.status()).toBe(200);
  await request.storageState({ path: SRE_STORAGE_STATE });
});
