import { expect, test } from '@playwright/test';

import { expectNoSeriousA11yViolations } from '../support/axe.js';
import { DEMO_PASSWORD, SRE_STORAGE_STATE } from '../support/run-env.js';
import { expectView, signInWithForm } from '../support/shell.js';

test.describe.configure({ timeout: 120_000 });

type Quota = {
  namespace: string;
  name: string;
  resources: Array<{ resource: string; used: string; hard: string }>;
};

test.describe('quota requests', () => {
  test("a tenant admin asks for more and an SRE's edited approval changes the quota in the cluster", async ({
    browser,
  }, testInfo) => {
    // --- The tenant admin's path ---------------------------------------------------------------
    const adminContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const admin = await adminContext.newPage();
    await admin.goto('/login');
    await signInWithForm(admin, 'acme-admin', DEMO_PASSWORD);
    await admin.waitForURL((url) => !url.pathname.startsWith('/login'));

    await admin.goto('/tenants');
    const tenants = admin.getByRole('table', { name: 'Tenants' });
    await expect(tenants.getByRole('link', { name: 'acme', exact: true })).toBeVisible();
    await expect(tenants.getByRole('link', { name: 'globex', exact: true })).toHaveCount(0);

    await admin.goto('/quota-requests?quota=acme-prod%2Fnot-best-effort');
    await expectView(admin, 'Quota requests');
    const form = admin.getByRole('form', { name: 'New quota request' });
    await expect(form.getByRole('combobox', { name: 'Quota' })).toHaveValue(
      'acme-prod/not-best-effort',
    );
    // Only acme's quotas are offered.
    await expect(form.getByRole('option', { name: /globex/ })).toHaveCount(0);
    await expect(form.getByRole('meter').first()).toBeVisible();
    await form.getByLabel('pods', { exact: true }).fill('64');
    await form.getByLabel('Reason').fill('Spring sale: twice the checkout replicas');
    await form.getByRole('button', { name: 'Send request' }).click();
    await expect(admin).toHaveURL(/request=\d+/);
    const id = /request=(\d+)/.exec(admin.url())![1]!;
    const trail = admin.getByRole('list', { name: 'Audit trail' });
    await expect(trail.getByText('requested')).toBeVisible();
    await expect(
      admin.getByRole('list', { name: 'Quota requests' }).getByText(`#${id}`),
    ).toBeVisible();
    await admin.screenshot({
      path: testInfo.outputPath('quota-requests-tenant-admin.png'),
      fullPage: true,
    });
    await adminContext.close();

    // --- The SRE's path ------------------------------------------------------------------------
    const sreContext = await browser.newContext({ storageState: SRE_STORAGE_STATE });
    const sre = await sreContext.newPage();
    await sre.goto('/quota-requests');
    await expectView(sre, 'Quota requests');
    const item = sre
      .getByRole('list', { name: 'Request queue' })
      .getByRole('listitem', { name: `Request ${id}` });
    await expect(item).toBeVisible();
    // The approver sees what is used now beside the ask.
    await expect(item).toContainText(/pods \S+ → 64 \(used now \d+\)/);
    await sre.screenshot({
      path: testInfo.outputPath('quota-requests-sre-queue.png'),
      fullPage: true,
    });
    await item.getByRole('button', { name: 'Approve…' }).click();
    const approveForm = item.getByRole('form', { name: `Approve request ${id}` });
    await approveForm.getByLabel('pods').fill('60');
    await approveForm
      .getByLabel('Comment (optional)')
      .fill('60 is enough for the sale; ask again if not');
    await approveForm.getByRole('button', { name: 'Approve edited limits' }).click();
    await expect(item).toHaveCount(0);

    // The decided list shows what was applied, and what had been asked.
    const decided = sre.getByRole('list', { name: 'Decided requests' });
    await expect(decided).toContainText(/pods \S+ → 60 \(asked 64\)/);
    await decided.getByText(`#${id}`).click();
    const sreTrail = sre.getByRole('list', { name: 'Audit trail' });
    await expect(sreTrail.getByText('applied to the cluster')).toBeVisible();
    await expect(sreTrail.getByText(/edited by the approver/)).toBeVisible();

    // The cluster has the new limit (read back through the API, which reads the collector's watch).
    await expect
      .poll(
        async () => {
          const res = await sre.request.get('/api/v1/clusters/sim/quotas?namespace=acme-prod');
          const body = (await res.json()) as { quotas: Quota[] };
          return body.quotas
            .find((q) => q.name === 'not-best-effort')
            ?.resources.find((r) => r.resource === 'pods')?.hard;
        },
        { timeout: 20_000 },
      )
      .toBe('60');
    // The quota's history chart marks where the limit changed.
    await sre.goto('/quotas?quota=acme-prod%2Fnot-best-effort&hours=24');
    await expect(async () => {
      await sre.reload();
      await expect(
        sre
          .getByRole('img', { name: /Usage of acme-prod\/not-best-effort over time/ })
          .getByText(/^pods \S+ → 60$/),
      ).toBeVisible({ timeout: 3_000 });
    }).toPass({ timeout: 30_000 });
    await sre.goto('/quota-requests');
    await sre.screenshot({
      path: testInfo.outputPath('quota-requests-sre-decided.png'),
      fullPage: true,
    });
    await sre.mouse.move(0, 0);
    await expectNoSeriousA11yViolations(sre, 'the quota requests view (SRE)');
    await sreContext.close();
  });
});
