/**
 * Live keys set by the machine policy, seen from the page: what main does with
 * a link, a notification and a file the page hands it over the bridge.
 */
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness';

describe('machine policy keys over the bridge', () => {
  let harness: Harness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  async function appWith(machinePolicy: Record<string, unknown>): Promise<Harness> {
    harness = await startHarness({ secretStorage: 'memory', machinePolicy });
    await harness.page.goto(harness.url);
    await harness.page.getByRole('button', { name: 'Sign in' }).waitFor();
    return harness;
  }

  it('links.allowedDomains: opens links to the listed domain and its subdomains only', async () => {
    const { page, adapters, internalErrors } = await appWith({ 'links.allowedDomains': ['bund.example'] });
    const open = (url: string) => page.evaluate((target) => window.depesche.links.openExternal({ url: target, text: target }), url);

    expect(await open('https://www.bund.example/lage')).toMatchObject({ ok: true });
    expect(await open('mailto:poststelle@bund.example')).toMatchObject({ ok: true });
    const refused = { ok: false, error: { code: 'link-refused', message: expect.stringContaining('not allowed by your administrator') } };
    expect(await open('https://bund.example.evil.example/')).toMatchObject(refused);
    expect(await open('mailto:someone@example.org')).toMatchObject(refused);
    expect(adapters.openedLinks).toEqual(['https://www.bund.example/lage', 'mailto:poststelle@bund.example']);
    expect(internalErrors).toEqual([]);
  });

  it('notifications.content: a notification shows the sender only, neither room nor text', async () => {
    const { page, adapters } = await appWith({ 'notifications.content': 'sender' });
    const shown = await page.evaluate(() =>
      window.depesche.notifications.show({ roomId: '!room:localhost', roomName: 'Lagezentrum', sender: 'Erika', body: 'Die Sitzung beginnt.' }),
    );
    expect(shown).toEqual({ ok: true, value: undefined });
    expect(adapters.notifications.map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'Erika', body: 'New message' }]);
  });

  it('downloads.enabled: saving a file and exporting the logs are refused, and nothing is written', async () => {
    const { page, adapters } = await appWith({ 'downloads.enabled': false });
    const answers = await page.evaluate(async () => ({
      save: await window.depesche.files.save({ suggestedName: 'bericht.txt', bytes: new Uint8Array([68, 101, 112]) }),
      logs: await window.depesche.log.export(),
    }));
    expect(answers.save).toMatchObject({ ok: false, error: { code: 'policy-forbidden' } });
    expect(answers.logs).toMatchObject({ ok: false, error: { code: 'policy-forbidden' } });
    expect(await readdir(adapters.saveDirectory)).toEqual([]);
  });
});
