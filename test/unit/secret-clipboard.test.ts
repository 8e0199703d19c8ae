import { describe, expect, it } from 'vitest';
import { createSecretClipboard, secretClipboardMs, type ClipboardPort, type Schedule } from '../../src/main/core/services/secret-clipboard';

/** A clipboard and a clock the test moves by hand. */
function setup(clipboardFails = false) {
  const clipboard: ClipboardPort & { text: string; writes: string[] } = {
    text: 'vorher kopiert',
    writes: [],
    async writeText(text) {
      clipboard.text = text;
      clipboard.writes.push(text);
    },
    async readText() {
      if (clipboardFails) throw new Error('no clipboard owner');
      return clipboard.text;
    },
    async clear() {
      clipboard.text = '';
      clipboard.writes.push('(cleared)');
    },
  };
  let now = 0;
  let timers: { at: number; task: () => void }[] = [];
  const schedule: Schedule = (task, ms) => {
    const timer = { at: now + ms, task };
    timers.push(timer);
    return () => void (timers = timers.filter((candidate) => candidate !== timer));
  };
  /** Moves the clock and lets the clearing that fell due finish. */
  const advance = async (ms: number) => {
    now += ms;
    const due = timers.filter((timer) => timer.at <= now);
    timers = timers.filter((timer) => timer.at > now);
    for (const timer of due) timer.task();
    await new Promise((settled) => setImmediate(settled));
  };
  const failures: unknown[] = [];
  const secrets = createSecretClipboard(clipboard, schedule, (error) => void failures.push(error));
  return { clipboard, secrets, advance, failures, pending: () => timers.length };
}

const recoveryKey = 'EsTc 8Ksd VkNq ZWxz';

describe('the secret clipboard', () => {
  it('holds the secret for a minute, then clears it', async () => {
    const { clipboard, secrets, advance } = setup();
    await secrets.write(recoveryKey);
    expect(clipboard.text).toBe(recoveryKey);
    await advance(secretClipboardMs - 1);
    expect(clipboard.text).toBe(recoveryKey);
    await advance(1);
    expect(clipboard.text).toBe('');
    expect(secretClipboardMs).toBe(60_000);
  });

  it('leaves alone what the person copied in the meantime', async () => {
    const { clipboard, secrets, advance } = setup();
    await secrets.write(recoveryKey);
    clipboard.text = 'Aktenzeichen 4711';
    await advance(secretClipboardMs);
    expect(clipboard.text).toBe('Aktenzeichen 4711');
    expect(clipboard.writes).toEqual([recoveryKey]);
  });

  it('counts the minute from the latest copy and waits with one timer only', async () => {
    const { clipboard, secrets, advance, pending } = setup();
    await secrets.write(recoveryKey);
    await advance(secretClipboardMs / 2);
    await secrets.write(recoveryKey);
    expect(pending()).toBe(1);
    await advance(secretClipboardMs / 2);
    expect(clipboard.text).toBe(recoveryKey);
    await advance(secretClipboardMs / 2);
    expect(clipboard.text).toBe('');
  });

  it('clears a second secret copied over the first', async () => {
    const { clipboard, secrets, advance } = setup();
    await secrets.write(recoveryKey);
    await secrets.write('EsAb cdef ghij');
    await advance(secretClipboardMs);
    expect(clipboard.writes).toEqual([recoveryKey, 'EsAb cdef ghij', '(cleared)']);
  });

  it('reports a clipboard that cannot be read at clearing time instead of throwing', async () => {
    const { secrets, advance, failures } = setup(true);
    await secrets.write(recoveryKey);
    await advance(secretClipboardMs);
    expect(failures).toEqual([new Error('no clipboard owner')]);
  });
});

describe('createSecretClipboard on quitting', () => {
  it('clears a copied secret at once, as the minute will not come', async () => {
    const { clipboard, secrets, pending } = setup();
    await secrets.write('EsTc 8Ksd');
    await secrets.clearNow();
    expect(clipboard.text).toBe('');
    expect(pending()).toBe(0);
  });

  it('leaves what the person copied since, and does nothing once the minute has cleared it', async () => {
    const { clipboard, secrets, advance } = setup();
    await secrets.write('EsTc 8Ksd');
    clipboard.text = 'eine Adresse';
    await secrets.clearNow();
    expect(clipboard.text).toBe('eine Adresse');

    await secrets.write('EsTc 9Ksd');
    await advance(secretClipboardMs);
    clipboard.text = 'später kopiert';
    await secrets.clearNow();
    expect(clipboard.text).toBe('später kopiert');
  });
});
