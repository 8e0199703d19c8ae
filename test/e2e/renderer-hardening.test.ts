import { MsgType, Preset } from 'matrix-js-sdk';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildMetaContentSecurityPolicy, connectSources } from '../../src/shared/csp';
import { startHarness, type Harness } from '../support/harness';
import { signIn } from '../support/login-screen';
import { pagePerFile } from '../support/page-per-file';
import { startPeer } from '../support/peer-client';
import { registerUser, uniqueLocalpart, type RegisteredUser } from '../support/synapse';
import { chooseFromUserMenu, openSettings } from '../support/user-menu';

const synapse = inject('synapse');

async function logText(harness: Harness): Promise<string> {
  const files = await harness.logFiles();
  return (await Promise.all(files.map((file) => readFile(file, 'utf8')))).join('\n');
}

describe('the renderer under the app CSP and the bridge', () => {
  let harness: Harness;
  const cspComplaints: string[] = [];
  beforeAll(async () => {
    harness = await startHarness({ secretStorage: 'memory' });
    harness.page.on('console', (message) => {
      if (/Content Security Policy|Content-Security-Policy/.test(message.text())) cspComplaints.push(message.text());
    });
    await harness.page.goto(harness.url);
    await harness.page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });
  afterAll(async () => {
    expect(harness.internalErrors).toEqual([]);
    await harness.close();
  });

  it('carries the built CSP in its meta tag as well, and Chromium accepts every source in it', async () => {
    const meta = await harness.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBe(buildMetaContentSecurityPolicy(connectSources({ activeHomeserverOrigin: null, allowLoopbackHttp: true })));
    expect(cspComplaints).toEqual([]);
  });

  it('blocks an injected inline script and reports the violation to the main-process log', async () => {
    const ran = await harness.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => logText(harness)).toContain('Content Security Policy blocked an inline resource (script-src-elem)');
  });

  it('does not load remote images', async () => {
    const loaded: string[] = [];
    const blocked: string[] = [];
    harness.page.on('requestfinished', (request) => void loaded.push(request.url()));
    harness.page.on('requestfailed', (request) => void blocked.push(`${request.url()} ${request.failure()?.errorText}`));
    await harness.page.evaluate(() => {
      const image = document.createElement('img');
      image.src = 'https://tracker.example/pixel.png';
      document.body.append(image);
    });
    await expect.poll(() => logText(harness)).toContain('blocked https://tracker.example/pixel.png (img-src)');
    expect(loaded.filter((url) => url.includes('tracker.example'))).toEqual([]);
    // Chromium refuses it before any network access; Playwright reports the reason as "csp".
    expect(blocked).toEqual(['https://tracker.example/pixel.png csp']);
  });

  it('shows no data: image and starts no worker from a blob: URL', async () => {
    const outcome = await harness.page.evaluate(async () => {
      const image = new Image();
      const settled = new Promise<string>((resolve) => {
        image.onload = () => resolve('loaded');
        image.onerror = () => resolve('refused');
      });
      // A 1×1 GIF.
      image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACwAAAAAAQABAAA=';
      document.body.append(image);
      const script = URL.createObjectURL(new Blob(['postMessage("ran")'], { type: 'text/javascript' }));
      let worker: string;
      try {
        const started = new Worker(script);
        worker = await new Promise<string>((resolve) => {
          started.onmessage = () => resolve('ran');
          started.onerror = () => resolve('refused');
        });
      } catch (error) {
        worker = `refused: ${(error as Error).name}`;
      }
      return { image: await settled, worker };
    });
    expect(outcome.image).toBe('refused');
    expect(outcome.worker).toMatch(/^refused/);
    await expect.poll(() => logText(harness)).toContain('blocked data (img-src)');
    await expect.poll(() => logText(harness)).toContain('blocked blob (worker-src)');
  });

  it('offers only the contract’s calls and answers bad arguments with typed errors', async () => {
    const answers = await harness.page.evaluate(async () => {
      const bridge = window.depesche as unknown as Record<string, Record<string, (a?: unknown) => Promise<unknown>>>;
      return {
        namespaces: Object.keys(bridge).sort(),
        rawChannel: typeof (window as unknown as { __depescheInvoke?: unknown }).__depescheInvoke,
        wrongType: await bridge.homeserver!.discover!(42),
        oversized: await bridge.log!.write!({ level: 'info', message: 'x'.repeat(3000) }),
        extraField: await bridge.links!.openExternal!({ url: 'https://bund.de', target: '_blank' }),
        refusedLink: await bridge.links!.openExternal!({ url: 'javascript:alert(1)' }),
      };
    });
    expect(answers.namespaces).toEqual(['app', 'clipboard', 'files', 'homeserver', 'links', 'log', 'notifications', 'on', 'policy', 'records', 'session']);
    expect(answers.rawChannel).toBe('undefined');
    expect(answers.wrongType).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(answers.oversized).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(answers.extraField).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(answers.refusedLink).toMatchObject({ ok: false, error: { code: 'link-refused' } });
    expect(harness.adapters.openedLinks).toEqual([]);
  });

  it('refuses bridge calls that come from a subframe, even a same-origin one', async () => {
    const answers = await harness.page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.srcdoc = '<p>embedded</p>';
      const loaded = new Promise((resolve) => frame.addEventListener('load', resolve));
      document.body.append(frame);
      await loaded;
      const embedded = frame.contentWindow as unknown as Window;
      const answer = await embedded.depesche.app.info();
      frame.remove();
      return { fromFrame: answer, fromTop: await window.depesche.app.info() };
    });
    expect(answers.fromFrame).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(answers.fromTop).toMatchObject({ ok: true, value: { name: 'Depesche' } });
  });

  it('saves bytes from the page through the save dialog under a neutralised name', async () => {
    const result = await harness.page.evaluate(() =>
      window.depesche.files.save({ suggestedName: '../../evil\u202Etxt.exe', bytes: new Uint8Array([68, 101, 112]) }),
    );
    expect(result).toEqual({ ok: true, value: 'saved' });
    expect(await readFile(`${harness.adapters.saveDirectory}/_.._evil_txt.exe`, 'utf8')).toBe('Dep');
  });

  it('copies a secret to the clipboard through main, which keeps it out of every log line from then on', async () => {
    const secret = 'EsTc 8Ksd 7BnQ qvWx 3mYb PuhE 9fRz aGk4 LwNt 2cVj HsDp 6yXo';
    const answers = await harness.page.evaluate(async (text) => {
      const copied = await window.depesche.clipboard.writeSecret({ text });
      await window.depesche.log.write({ level: 'info', message: `pasted ${text} somewhere` });
      return copied;
    }, secret);
    expect(answers).toEqual({ ok: true, value: undefined });
    expect(harness.adapters.clipboard.text).toBe(secret);
    await expect.poll(() => logText(harness)).toContain('pasted [redacted] somewhere');
    expect(await logText(harness)).not.toContain(secret);
  });

  it('delivers a notification click to the page as the room to open', async () => {
    await harness.page.evaluate(() => {
      (window as unknown as { clicked: string[] }).clicked = [];
      window.depesche.on('notificationClicked', ({ roomId }) => (window as unknown as { clicked: string[] }).clicked.push(roomId));
    });
    const shown = await harness.page.evaluate(() =>
      window.depesche.notifications.show({ roomId: '!room:localhost', roomName: 'Lage', sender: 'Erika', body: 'Hallo' }),
    );
    expect(shown).toEqual({ ok: true, value: undefined });
    expect(harness.adapters.notifications.map(({ title, body }) => ({ title, body }))).toEqual([{ title: 'Lage', body: 'Erika: Hallo' }]);

    harness.adapters.notifications[0]!.onClick();
    await expect.poll(() => harness.page.evaluate(() => (window as unknown as { clicked: string[] }).clicked)).toEqual(['!room:localhost']);
    expect(harness.adapters.focusCount).toBe(1);
  });
});

describe('signed in, with a message whose link text names another place than its target', () => {
  const app = pagePerFile();
  const target = 'https://example.org/anmeldung';
  const shown = 'https://bund.de';
  let alice: RegisteredUser;

  beforeAll(async () => {
    alice = await registerUser(synapse, uniqueLocalpart('alice'));
    const peer = await startPeer(synapse.baseUrl, alice);
    const { room_id: roomId } = await peer.createRoom({ preset: Preset.PrivateChat, name: 'Hinweise' });
    await peer.sendMessage(roomId, {
      msgtype: MsgType.Text,
      body: `Bitte hier anmelden: ${shown}`,
      format: 'org.matrix.custom.html',
      formatted_body: `Bitte hier anmelden: <a href="${target}">${shown}</a>`,
    });
    peer.stopClient();
    const { page } = app();
    await signIn(page, { homeserver: synapse.baseUrl, username: alice.localpart, password: alice.password });
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'Hinweise' }).click();
  });

  it('asks with the shown text however it is activated, and never opens a page of its own', async () => {
    const { page, context, adapters } = app();
    adapters.confirmLinks = false;
    const opened: string[] = [];
    context.on('page', (extra) => void opened.push(extra.url()));
    const appUrl = page.url();
    const link = page.getByRole('log').getByRole('link', { name: shown });
    await link.waitFor();
    const asked = () => adapters.linkConfirmations.length;

    // The middle button would open a new window, which in Electron reaches main without the text.
    await link.click({ button: 'middle' });
    await expect.poll(asked).toBe(1);
    await link.click({ modifiers: ['Control'] });
    await expect.poll(asked).toBe(2);
    await link.click({ modifiers: ['Shift'] });
    await expect.poll(asked).toBe(3);
    await link.focus();
    await page.keyboard.press('Enter');
    await expect.poll(asked).toBe(4);
    await link.click();
    await expect.poll(asked).toBe(5);

    expect(adapters.linkConfirmations).toEqual(Array.from({ length: 5 }, () => ({ url: target, text: shown })));
    expect(adapters.openedLinks).toEqual([]);
    expect(opened).toEqual([]);
    expect(context.pages()).toHaveLength(1);
    expect(page.url()).toBe(appUrl);
  });

  it('forgets on sign-out which room was open, with everything else the account kept in local storage', async () => {
    const { page } = app();
    const kept = () => page.evaluate((userId) => Object.keys(localStorage).filter((key) => key.includes(userId)), alice.userId);
    expect(await kept()).toContain(`depesche:selected-room:${alice.userId}`);
    // The person's own privacy and notification choices are kept per account too.
    const settings = await openSettings(page, 'Privacy');
    await settings.getByRole('checkbox', { name: 'Send typing notifications' }).click();
    await settings.getByRole('tab', { name: 'Notifications', exact: true }).click();
    await settings.getByRole('radio', { name: 'Only who wrote' }).check();
    await expect.poll(kept).toEqual(
      expect.arrayContaining([`depesche:privacy:${alice.userId}`, `depesche:notification-content:${alice.userId}`]),
    );
    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'hidden' });
    await chooseFromUserMenu(page, 'Sign out');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await kept()).toEqual([]);
  });
});
