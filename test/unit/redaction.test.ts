import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/main/core/redaction';

const storageKey = 'q3Xz9Lr0vT2mB8cN5dK7wY1hJ4fG6sA0pE3uI9oR2tM=';
const recoveryKey = 'EsTc 8Ksd yFcE aLWJ 6hZ7 3mSJ ZEzM 2wQa nTy3 Ed8s NdKC u2Lm';

describe('redact: credentials in text', () => {
  const { redact } = createRedactor();

  it.each([
    ['https://hs.example.org/_matrix/client/v3/sync?access_token=opaque123&since=s1', 'https://hs.example.org/_matrix/client/v3/sync?access_token=[redacted]&since=s1'],
    ['/_matrix/media/v3/download/x/y?allow_redirect=true&access_token=opaque123', '/_matrix/media/v3/download/x/y?allow_redirect=true&access_token=[redacted]'],
    ['POST /_matrix/client/v3/refresh refresh_token=opaque456', 'POST /_matrix/client/v3/refresh refresh_token=[redacted]'],
    ['SSO redirect https://app.example/?loginToken=abcdef12', 'SSO redirect https://app.example/?loginToken=[redacted]'],
  ])('removes token query parameters: %s', (line, expected) => {
    expect(redact(line)).toBe(expected);
  });

  it.each(['access_token', 'refresh_token', 'password', 'new_password', 'recovery_key', 'storage_key', 'passphrase'])(
    'removes the JSON field "%s"',
    (field) => {
      const line = `body {"user":"@alice:example.org","${field}": "v4lue \\" with quote","device_id":"ABCDEF"}`;
      expect(redact(line)).toBe(`body {"user":"@alice:example.org","${field}": "[redacted]","device_id":"ABCDEF"}`);
    },
  );

  it('removes secret fields of JSON that was itself stringified into JSON', () => {
    const inner = JSON.stringify({ type: 'm.login.password', password: 'hunt"er22' });
    const outer = JSON.stringify({ body: inner });
    expect(redact(outer)).not.toContain('hunt');
    expect(redact(outer)).toContain('m.login.password');
  });

  it('removes a secret field whose value was cut off before its closing quote', () => {
    expect(redact('{"password":"correct horse battery')).toBe('{"password":"[redacted]');
  });

  it.each(['Authorization: Bearer opaque-token', 'AUTHORIZATION: bearer opaque-token', 'authorization:Bearer opaque-token', 'Authorization: opaque-token'])(
    'removes the Authorization header value in %j',
    (line) => {
      expect(redact(line)).not.toContain('opaque-token');
      expect(redact(line)).toMatch(/^authorization:/i);
    },
  );

  it('keeps a header that names only its scheme, so the credential in the next argument still follows "Bearer"', () => {
    expect(redact('Authorization: Bearer')).toBe('Authorization: Bearer');
    expect(redact('Authorization: Bearer opaque-token')).toBe('Authorization: Bearer [redacted]');
  });

  it('removes a bearer credential logged without its header name', () => {
    expect(redact('sending Bearer 0123456789abcdef to the server')).toBe('sending Bearer [redacted] to the server');
  });

  it('removes an Authorization entry of a JSON headers object', () => {
    expect(redact('{"Authorization":"Bearer abc"}')).toBe('{"Authorization":"[redacted]"}');
  });

  it.each(['syt_YWxpY2U_KjbVzAqoWqLdOsxXNaPM_3YsLsP', 'syr_YWxpY2U_hHjCQvnWbyNaTbuOZdPe_0FuFfE', 'mat_Zr2WJdOPtDa1nqPlAKm3VTcdg2KEXh_2tvJ7a', 'mar_1XMBHW3GzTGEPwW7LzeT6FzoQbLvDq_0FuPtZ'])(
    'removes the server token %s',
    (token) => {
      expect(redact(`logged in, token ${token}.`)).toBe('logged in, token [redacted].');
    },
  );

  it('removes a recovery key written in groups', () => {
    expect(redact(`your key is ${recoveryKey} keep it safe`)).toBe('your key is [redacted] keep it safe');
  });

  it('removes a recovery key written without spaces', () => {
    expect(redact(`key=${recoveryKey.replaceAll(' ', '')}`)).not.toContain('EsTc');
    expect(redact(`pasted ${recoveryKey.replaceAll(' ', '')}`)).toBe('pasted [redacted]');
  });

  it('removes a 32-byte storage key in base64', () => {
    expect(redact(`opening store with ${storageKey} now`)).toBe('opening store with [redacted] now');
  });

  it('removes every one of 20,000 random 32-byte keys, in standard and URL-safe base64', () => {
    const missed: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const key = randomBytes(32).toString(i % 2 === 0 ? 'base64' : 'base64url');
      if (redact(`k ${key} k`) !== 'k [redacted] k') missed.push(key);
    }
    expect(missed).toEqual([]);
  });

  it.each([
    ['no digit and few capitals', 'bfzhMuS-onznxqwkngCiWdvltFQi_grsxFWbB_xcslo'],
    ['no digit and few capitals, padded', 'yvqckzBypIjsmilshxUhoyjaLbZqcvaymUDqQEmutOo='],
    ['a token prefix inside it', 'sD0dTlDXEPX2Y4qL95TrJSqEIFcsTsasoZje-syr_JA'],
  ])('removes a whole random key with %s (found by the random test)', (_label, key) => {
    expect(redact(`k ${key} k`)).toBe('k [redacted] k');
  });

  it('removes longer key material such as a megolm session key', () => {
    const sessionKey = randomBytes(229).toString('base64').replace(/=+$/, '');
    expect(redact(`{"session_id":"abc","session_key":"${sessionKey}"}`)).not.toContain(sessionKey.slice(0, 20));
    expect(redact(`imported ${sessionKey}`)).toBe('imported [redacted]');
  });

  it('removes a JSON web token', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
    expect(redact(`id ${jwt}`)).toBe('id [redacted]');
  });

  it.each([
    ['a long word', 'a'.repeat(200_000)],
    ['repeated field starts', '"a":"'.repeat(40_000)],
    ['an unterminated secret of backslashes', `password: "${'\\'.repeat(200_000)}`],
    ['almost-keys', `${'aB3'.repeat(13)} `.repeat(5_000)],
    ['dash-joined JWT prefixes', 'eyJa-'.repeat(50_000)],
  ])('handles %s in linear time (a quadratic rule would exceed the test timeout)', (_name, line) => {
    expect(typeof redact(line)).toBe('string');
  });

  it.each([
    'Joined room !abcDEF123:example.org as @alice:example.org',
    'Alias #general:bund.de resolved to !OGEhHVWSdvArJzumhm:matrix.org',
    'GET https://matrix.example.org/_matrix/client/v3/rooms/!abc:example.org/messages?dir=b&limit=30 200',
    'POST /_matrix/client/v3/keys/signatures/upload 200 in 35 ms',
    'Sync since s72594_4483_1934 returned 12 events',
    'Event $abcdefghijklmnopqrstuvwxyz0123 sent',
    'Event $KpF3X1QD9cfVUO0V8tEmkd-qQxgl_kXOOQhLVXS7QvY redacted by sender',
    'Hashed room !KpF3X1QD9cfVUO0V8tEmkd-qQxgl_kXOOQhLVXS7QvY upgraded',
    'Keychain unavailable: the Secret Service could not be used',
    'Profile path /home/someuser/Documents/Projects/Department/Reports/Quarterly',
    'State event m.room.member with state_key @bob:example.org',
    'token refreshed, expires in 300 s',
    'ok',
    'DepescheSessionVaultRestoreFailedBecauseKeychainLocked',
  ])('leaves the ordinary line %j unchanged', (line) => {
    expect(redact(line)).toBe(line);
  });
});

describe('redact: remembered secrets', () => {
  it('removes a remembered secret embedded in a larger string, every time it occurs', () => {
    const redactor = createRedactor();
    redactor.remember('opaque-homeserver-token-42');
    expect(redactor.redact('a=opaque-homeserver-token-42;b=xopaque-homeserver-token-42x')).toBe('a=[redacted];b=x[redacted]x');
  });

  it('removes a remembered secret in its URL-encoded and JSON-escaped forms', () => {
    const redactor = createRedactor();
    const secret = 'p@ss "word" / 1';
    redactor.remember(secret);
    expect(redactor.redact(`q=${encodeURIComponent(secret)}`)).toBe('q=[redacted]');
    expect(redactor.redact(`{"x":${JSON.stringify(secret)}}`)).toBe('{"x":"[redacted]"}');
  });

  it('only removes what it was told once remember() is called', () => {
    const redactor = createRedactor();
    expect(redactor.redact('plain-secret-value')).toBe('plain-secret-value');
    redactor.remember('plain-secret-value');
    expect(redactor.redact('plain-secret-value')).toBe('[redacted]');
  });

  it('ignores remembered secrets shorter than 8 characters, which would hit ordinary words', () => {
    const redactor = createRedactor();
    redactor.remember('room');
    redactor.remember('1234567');
    expect(redactor.redact('room 1234567')).toBe('room 1234567');
  });
});

describe('redactValue', () => {
  const redactor = createRedactor();
  redactor.remember('remembered-secret-value');

  it('redacts strings inside nested arrays and objects', () => {
    const value = { list: ['remembered-secret-value', { deeper: `key ${storageKey}` }], count: 3 };
    expect(redactor.redactValue(value)).toEqual({ list: ['[redacted]', { deeper: 'key [redacted]' }], count: 3 });
  });

  it('redacts values of keys named like token, password, secret, key or authorization, in any case', () => {
    const value = {
      accessToken: 'opaque1',
      PASSWORD: 'opaque2',
      clientSecret: 'opaque3',
      storageKey: 'opaque4',
      headers: { Authorization: 'Bearer opaque5' },
      keys: { one: 'opaque6' },
      room: '!a:b',
    };
    expect(redactor.redactValue(value)).toEqual({
      accessToken: '[redacted]',
      PASSWORD: '[redacted]',
      clientSecret: '[redacted]',
      storageKey: '[redacted]',
      headers: { Authorization: '[redacted]' },
      keys: '[redacted]',
      room: '!a:b',
    });
  });

  it('keeps numbers and flags under secret-sounding names, which reveal nothing', () => {
    expect(redactor.redactValue({ tokenExpiresIn: 300, hasRecoveryKey: true, key: null })).toEqual({ tokenExpiresIn: 300, hasRecoveryKey: true, key: null });
  });

  it('redacts message and stack of errors and keeps their class and own fields', () => {
    class MatrixError extends Error {
      httpStatus = 401;
      url = 'https://hs.example/_matrix/client/v3/sync?access_token=opaque';
    }
    const error = new MatrixError('failed with remembered-secret-value');
    const copy = redactor.redactValue(error) as MatrixError;
    expect(copy).toBeInstanceOf(MatrixError);
    expect(copy.message).toBe('failed with [redacted]');
    expect(copy.stack).toContain('failed with [redacted]');
    expect(copy.stack).not.toContain('remembered-secret-value');
    expect(copy.httpStatus).toBe(401);
    expect(copy.url).toBe('https://hs.example/_matrix/client/v3/sync?access_token=[redacted]');
  });

  it('redacts the cause of an error', () => {
    const error = new Error('outer', { cause: new Error('inner remembered-secret-value') });
    const copy = redactor.redactValue(error) as Error;
    expect((copy.cause as Error).message).toBe('inner [redacted]');
  });

  it('never mutates its input', () => {
    const error = new Error('remembered-secret-value');
    const input = { password: 'x1', nested: { text: 'remembered-secret-value', list: ['remembered-secret-value'] }, error };
    const before = structuredClone({ ...input, error: undefined });
    const stack = error.stack;
    redactor.redactValue(input);
    expect({ ...input, error: undefined }).toEqual(before);
    expect(error.message).toBe('remembered-secret-value');
    expect(error.stack).toBe(stack);
  });

  it('works on frozen input', () => {
    const input = Object.freeze({ list: Object.freeze(['remembered-secret-value']) });
    expect(redactor.redactValue(input)).toEqual({ list: ['[redacted]'] });
  });

  it('survives cycles', () => {
    const node: Record<string, unknown> = { name: 'remembered-secret-value' };
    node.self = node;
    node.list = [node];
    expect(redactor.redactValue(node)).toEqual({ name: '[redacted]', self: '[circular]', list: ['[circular]'] });
  });

  it('keeps a value shared by two fields in both places', () => {
    const shared = { a: 1 };
    expect(redactor.redactValue({ x: shared, y: shared })).toEqual({ x: { a: 1 }, y: { a: 1 } });
  });

  it('stops below 20 levels of nesting', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = { next: deep };
    const text = JSON.stringify(redactor.redactValue(deep));
    expect(text).toContain('[too deep]');
    expect(text).not.toContain('bottom');
    let shallow: unknown = 'bottom';
    for (let i = 0; i < 20; i++) shallow = { next: shallow };
    expect(JSON.stringify(redactor.redactValue(shallow))).toContain('bottom');
  });

  it('never throws, even on hostile getters and revoked proxies', () => {
    const hostile = {
      get boom(): string {
        throw new Error('getter');
      },
      fine: 'remembered-secret-value',
    };
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(redactor.redactValue(hostile)).toEqual({ boom: '[unreadable]', fine: '[redacted]' });
    expect(redactor.redactValue([proxy])).toEqual(['[unreadable]']);
  });

  it('replaces binary data by its size, since key bytes survive every text rule', () => {
    expect(redactor.redactValue({ bytes: new Uint8Array(32) })).toEqual({ bytes: '[binary data, 32 bytes]' });
    expect(redactor.redactValue(Buffer.from('abc'))).toBe('[binary data, 3 bytes]');
  });

  it('keeps a "__proto__" key as data rather than a prototype', () => {
    const input = JSON.parse('{"__proto__":{"polluted":"remembered-secret-value"}}') as object;
    const copy = redactor.redactValue(input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: '[redacted]' });
  });

  it('redacts URLs, maps and sets', () => {
    const value = {
      url: new URL('https://hs.example/x?access_token=opaque'),
      map: new Map([['token', 'opaque'], ['room', 'remembered-secret-value']]),
      set: new Set(['remembered-secret-value']),
    };
    expect(redactor.redactValue(value)).toEqual({
      url: 'https://hs.example/x?access_token=[redacted]',
      map: new Map([['token', '[redacted]'], ['room', '[redacted]']]),
      set: new Set(['[redacted]']),
    });
  });

  it('leaves primitives other than strings as they are', () => {
    expect(redactor.redactValue(42)).toBe(42);
    expect(redactor.redactValue(undefined)).toBe(undefined);
    expect(redactor.redactValue(null)).toBe(null);
    expect(redactor.redactValue(true)).toBe(true);
  });
});
