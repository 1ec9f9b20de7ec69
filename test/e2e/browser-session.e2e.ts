import type { Browser } from 'playwright-core';
import { demoEmail } from '../support/api';
import { launchChromium, signInAs } from '../support/browser';
import { platformInfo } from '../support/platform-info';

// The console's session belongs to the browser, not the tab: signed in once, every tab is
// signed in; the refresh token is a cookie no script can read; signing out ends it for all.

const office = 'kpu-prov-jateng';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

it('shares one HttpOnly session between tabs, and signing out in one ends it in all', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'id-ID' });
  try {
    const first = await context.newPage();
    await signInAs(first, demoEmail(office, 'web-admin'), `/${office}/tugas`);
    const cookies = await context.cookies(platformInfo().gatewayUrl + '/api/v1/auth');
    const refresh = cookies.find((c) => c.name === 'tl_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    // Nothing the page's script can read holds the refresh token.
    const visible = await first.evaluate(
      () => (globalThis as unknown as { document: { cookie: string } }).document.cookie,
    );
    expect(visible).not.toContain('tl_refresh');
    expect(visible).not.toContain(refresh!.value);
    const stored = await first.evaluate(() => {
      const g = globalThis as unknown as {
        sessionStorage: { length: number };
        localStorage: { length: number; key(i: number): string | null };
      };
      const keys: string[] = [];
      for (let i = 0; i < g.localStorage.length; i++) keys.push(g.localStorage.key(i) ?? '');
      return { session: g.sessionStorage.length, local: keys };
    });
    expect(stored.session).toBe(0);
    expect(stored.local.join()).not.toMatch(/refresh|token/i);

    // A second tab opens signed in: no sign-in form, the same person.
    const second = await context.newPage();
    await second.goto(`${platformInfo().gatewayUrl}/${office}/tugas`);
    await second.getByTestId('sign-out').waitFor();
    expect(await second.locator('input[name=password]').count()).toBe(0);
    expect(await second.getByTestId('user-name').textContent()).toBe(
      await first.getByTestId('user-name').textContent(),
    );

    // Signing out in the second tab ends the session: the first one is signed out on its next load.
    await second.getByTestId('sign-out').click();
    await second.locator('input[name=password]').waitFor();
    await first.reload();
    await first.locator('input[name=password]').waitFor();
  } finally {
    await context.close();
  }
});
