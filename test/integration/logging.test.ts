import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import log from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogging, type LogLevel } from '../../src/main/core/logging';
import { createRedactor } from '../../src/main/core/redaction';
import { createMemorySecretStore } from '../../src/main/core/services/secret-store';
import { createMainForTests } from '../support/main-for-tests';

const accessToken = 'syt_YWxpY2U_VkNqZWxzZXJhbmRvbXRva2Vu_1a2B3c';
const opaqueToken = 'opaque-homeserver-token-4711';
const bearerValue = 'bearer-credential-0815';
const storageKey = randomBytes(32).toString('base64');
const password = 'Tr0ub4dor&3-horse';
const recoveryKey = 'EsTc 8Ksd yFcE aLWJ 6hZ7 3mSJ ZEzM 2wQa nTy3 Ed8s NdKC u2Lm';

/** Texts that carry a secret the way it might really be logged. */
const carriers = [
  `GET https://hs.example.org/_matrix/client/v3/sync?since=s1&access_token=${opaqueToken}`,
  `session restored with ${accessToken}`,
  `request headers Authorization: Bearer ${bearerValue}`,
  `crypto store opened with ${storageKey}`,
  `body ${JSON.stringify({ type: 'm.login.password', identifier: { user: 'alice' }, password })}`,
  `recovery key entered: ${recoveryKey}`,
];
const secretFragments = [accessToken, opaqueToken, bearerValue, storageKey, password, recoveryKey, recoveryKey.replaceAll(' ', ''), 'EsTc 8Ksd', 'VkNqZWxz'];

let directory: string;
let loggers = 0;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'depesche-logging-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function setUp(level: LogLevel = 'debug', console = false) {
  loggers += 1;
  const logger = log.create({ logId: `logging-test-${loggers}` });
  const redactor = createRedactor();
  const logging = createLogging({ logger, directory, level, redactor, console });
  return { logger, redactor, logging };
}

const logText = () => readFile(join(directory, 'depesche.log'), 'utf8');

function expectNoSecrets(text: string) {
  for (const fragment of secretFragments) expect(text, `leaked ${fragment}`).not.toContain(fragment);
}

describe('createLogging', () => {
  it('at a kiosk (no directory) writes no file and keeps redacted lines in memory for the export', async () => {
    loggers += 1;
    const redactor = createRedactor();
    redactor.remember(accessToken);
    const logging = createLogging({ logger: log.create({ logId: `logging-test-${loggers}` }), directory: null, level: 'info', redactor, console: false });
    logging.info(`session restored with ${accessToken}`);
    logging.debug('below the level');
    logging.warn('Sync failed');
    await new Promise((done) => setTimeout(done, 50));
    expect(await readdir(directory)).toEqual([]);
    expect(await logging.logFiles()).toEqual([]);
    const text = await logging.exportText();
    expect(text).toMatch(/^\[\d{4}-\d\d-\d\dT[^\]]+Z\] \[info\] \(main\) session restored with \[redacted\]\n\[[^\]]+\] \[warn\] \(main\) Sync failed\n$/);
    expectNoSecrets(text);
  });

  it('writes messages to depesche.log with an ISO timestamp, the level and the scope', async () => {
    const { logging } = setUp();
    logging.info('Sync started', { rooms: 3 });
    logging.fromRenderer('warn', 'CSP blocked https://evil.example/x.js');
    const text = await logText();
    expect(text).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] \[info\] \(main\) Sync started \{ rooms: 3 \}$/m);
    expect(text).toMatch(/^\[[^\]]+Z\] \[warn\] \(renderer\) CSP blocked https:\/\/evil\.example\/x\.js$/m);
  });

  it('writes no secret to the file or the export, whichever method, form or argument carries it', async () => {
    const { logging } = setUp();
    logging.remember(storageKey);
    for (const method of ['error', 'warn', 'info', 'debug'] as const) {
      for (const carrier of carriers) {
        logging[method](carrier);
        logging[method]('context', { request: carrier, nested: [{ deeper: carrier }] });
        logging[method]('credentials', { accessToken, password, storageKey, headers: { authorization: `Bearer ${bearerValue}` }, recoveryKey });
        logging[method]('failed', new Error(`failed: ${carrier}`));
        logging[method](`%s failed`, carrier);
      }
      logging[method]('Authorization: Bearer', bearerValue);
    }
    for (const level of ['error', 'warn', 'info'] as const) for (const carrier of carriers) logging.fromRenderer(level, carrier);

    const text = await logText();
    expect(text.match(/\[redacted\]/g)?.length).toBeGreaterThan(200);
    expect(text).toContain('session restored with [redacted]');
    expect(text).toContain('(renderer) request headers Authorization: Bearer [redacted]');
    expectNoSecrets(text);
    expectNoSecrets(await logging.exportText());
  });

  it('redacts for every transport, not only the file', () => {
    const { logger, logging } = setUp('debug', true);
    const written: unknown[] = [];
    logger.transports.console.writeFn = ({ message }) => void written.push(message.data);
    for (const carrier of carriers) logging.warn('seen', { carrier }, new Error(carrier));
    const text = JSON.stringify(written);
    expect(text).toContain('seen');
    expectNoSecrets(text);
  });

  it('redacts the export again with secrets learned after they were written', async () => {
    const { logging } = setUp();
    logging.info('device passphrase-like value later-learned-value-42');
    logging.remember('later-learned-value-42');
    expect(await logText()).toContain('later-learned-value-42');
    const exported = await logging.exportText();
    expect(exported).toContain('device passphrase-like value [redacted]');
    expect(exported).not.toContain('later-learned-value-42');
  });

  it('writes only messages at or above the configured level', async () => {
    const { logging } = setUp('info');
    logging.debug('debug line');
    logging.info('info line');
    logging.error('error line');
    const text = await logText();
    expect(text).not.toContain('debug line');
    expect(text).toContain('info line');
    expect(text).toContain('error line');
  });

  it('writes only errors at level error', async () => {
    const { logging } = setUp('error');
    logging.warn('warn line');
    logging.error('error line');
    const text = await logText();
    expect(text).not.toContain('warn line');
    expect(text).toContain('error line');
  });

  it('keeps a renderer message on one line and at most 2,000 characters', async () => {
    const { logging } = setUp();
    logging.fromRenderer('error', `boom\n[2025-01-01T00:00:00.000Z] [info] (main) forged\r\n${'x'.repeat(5000)}`);
    const lines = (await logText()).split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const message = lines[0]!.replace(/^.*?\(renderer\) /, '');
    expect(message.startsWith('boom [2025-01-01T00:00:00.000Z] [info] (main) forged ')).toBe(true);
    expect(message).toHaveLength(2000);
  });

  it('rotates past 5 MiB into depesche.old.log and lists and exports both files, oldest first', async () => {
    const { logging } = setUp();
    const filler = 'lorem ipsum dolor sit amet '.repeat(2500); // 67.5 kB a line: 5 MiB after 78 lines
    for (let line = 0; line < 70; line++) logging.info(`line ${line} ${filler}`);
    expect(await readdir(directory)).toEqual(['depesche.log']);
    for (let line = 70; line < 90; line++) logging.info(`line ${line} ${filler}`);
    expect((await readdir(directory)).sort()).toEqual(['depesche.log', 'depesche.old.log']);
    expect((await stat(join(directory, 'depesche.old.log'))).size).toBeGreaterThan(5 * 1024 * 1024);
    expect(await logging.logFiles()).toEqual([join(directory, 'depesche.old.log'), join(directory, 'depesche.log')]);
    const exported = await logging.exportText();
    expect(exported.indexOf('line 0 ')).toBeGreaterThanOrEqual(0);
    expect(exported.indexOf('line 0 ')).toBeLessThan(exported.indexOf('line 89 '));
  });

  it('lists no files and exports nothing before anything was logged', async () => {
    const { logging } = setUp();
    await rm(directory, { recursive: true, force: true });
    expect(await logging.logFiles()).toEqual([]);
    expect(await logging.exportText()).toBe('');
  });
});

describe("renderer lines through main's bridge", () => {
  it('writes a minute of lines per window at most, then one line saying how many were dropped', async () => {
    const clock = { now: Date.parse('2026-01-05T08:00:00Z') };
    const main = await createMainForTests({ secretStore: createMemorySecretStore(), profile: 'log-budget', now: () => clock.now });
    const write = (windowId: number, message: string) => main.dispatch('depesche:log.write', { level: 'info', message }, { windowId });
    for (let i = 0; i < 70; i++) expect(await write(1, `flood ${i}`)).toEqual({ ok: true, value: undefined });
    await write(2, 'the other window still writes');
    clock.now += 60_000;
    await write(1, 'a minute later');

    const text = await readFile(join(main.logDirectory, 'depesche.log'), 'utf8');
    expect(text.match(/\(renderer\) flood \d+$/gm)).toHaveLength(60);
    expect(text).toContain('(renderer) the other window still writes');
    expect(text.match(/renderer log lines dropped/g)).toEqual(['renderer log lines dropped']);
    expect(text).toMatch(/\(main\) 10 renderer log lines dropped\n.*\(renderer\) a minute later\n$/);
    await rm(main.logDirectory, { recursive: true, force: true });
  });

  it('lets a window copy the recovery key a few times a minute, not in a loop that would grow the list of secrets to redact', async () => {
    const clock = { now: 0 };
    const main = await createMainForTests({ secretStore: createMemorySecretStore(), profile: 'clipboard-budget', now: () => clock.now });
    const copy = (windowId: number) =>
      main.dispatch('depesche:clipboard.writeSecret', { text: 'EsTc 8Ksd 7BnQ qvWx 3mYb PuhE 9fRz aGk4 LwNt 2cVj HsDp 6yXo' }, { windowId });
    for (let i = 0; i < 10; i++) expect(await copy(1)).toEqual({ ok: true, value: undefined });
    expect(await copy(1)).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    expect(await copy(2)).toEqual({ ok: true, value: undefined });
    clock.now += 60_000;
    expect(await copy(1)).toEqual({ ok: true, value: undefined });
  });
});
