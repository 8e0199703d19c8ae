import { describe, expect, it } from 'vitest';
import { parseDeepLink } from '../../src/main/core/deep-link';

describe('parseDeepLink', () => {
  it.each([
    ['depesche://room/!abcDEF:example.org', { kind: 'room', roomIdOrAlias: '!abcDEF:example.org' }],
    ['depesche://room/%23general:bund.de', { kind: 'room', roomIdOrAlias: '#general:bund.de' }],
    ['depesche://room/#general:bund.de', { kind: 'room', roomIdOrAlias: '#general:bund.de' }],
    ['depesche://room/%23b%C3%BCrgeramt:stadt.example', { kind: 'room', roomIdOrAlias: '#bürgeramt:stadt.example' }],
    ['depesche://room/!abc:example.org/$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg', { kind: 'room', roomIdOrAlias: '!abc:example.org', eventId: '$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg' }],
    ['depesche://room/!abc:example.org/%24ev%2Bent', { kind: 'room', roomIdOrAlias: '!abc:example.org', eventId: '$ev+ent' }],
    ['depesche://room/%21abc%3Aexample.org', { kind: 'room', roomIdOrAlias: '!abc:example.org' }],
    ['depesche://room/!abc:matrix.example.org:8448', { kind: 'room', roomIdOrAlias: '!abc:matrix.example.org:8448' }],
    ['depesche://room/!abc:192.168.1.10', { kind: 'room', roomIdOrAlias: '!abc:192.168.1.10' }],
    ['depesche://room/!abc:[2001:db8::1]:8448', { kind: 'room', roomIdOrAlias: '!abc:[2001:db8::1]:8448' }],
    ['depesche://room/!abc:example.org/', { kind: 'room', roomIdOrAlias: '!abc:example.org' }],
    ['DEPESCHE://ROOM/!abc:example.org', { kind: 'room', roomIdOrAlias: '!abc:example.org' }],
  ])('reads %s', (url, expected) => {
    expect(parseDeepLink(url)).toEqual(expected);
  });

  it('accepts ids of 255 characters', () => {
    const roomId = `!${'a'.repeat(242)}:example.org`;
    expect(roomId).toHaveLength(255);
    expect(parseDeepLink(`depesche://room/${roomId}`)).toEqual({ kind: 'room', roomIdOrAlias: roomId });
  });

  it.each([
    ['javascript: URL', 'javascript:alert(1)//depesche://room/!a:b.org'],
    ['file URL', 'file:///etc/passwd'],
    ['https URL', 'https://room/!a:b.org'],
    ['scheme without slashes', 'depesche:room/!a:b.org'],
    ['empty authority', 'depesche:///room/!a:b.org'],
    ['leading space', ' depesche://room/!a:b.org'],
    ['another host', 'depesche://evil.com/room/!a:b.org'],
    ['host with port', 'depesche://room:80/!a:b.org'],
    ['credentials', 'depesche://user:pass@room/!a:b.org'],
    ['host only', 'depesche://room'],
    ['no room', 'depesche://room/'],
    ['encoded path traversal', 'depesche://room/..%2f'],
    ['traversal after a room id', 'depesche://room/!a:b.org/../../etc'],
    ['encoded slash in a room id', 'depesche://room/!a%2Fb:b.org'],
    ['encoded slash in an event id', 'depesche://room/!a:b.org/$ev%2F..'],
    ['backslash', 'depesche://room/!a\\b:b.org'],
    ['extra path segment', 'depesche://room/!a:b.org/$event/more'],
    ['two trailing slashes', 'depesche://room/!a:b.org//'],
    ['query string', 'depesche://room/!a:b.org?via=evil.com'],
    ['query after an event', 'depesche://room/!a:b.org/$ev?x=1'],
    ['fragment', 'depesche://room/!a:b.org#frag'],
    ['fragment after an event', 'depesche://room/!a:b.org/$ev#frag'],
    ['double-encoded alias', 'depesche://room/%2523alias:b.org'],
    ['double-encoded slash', 'depesche://room/!a%252Fb:b.org'],
    ['malformed encoding', 'depesche://room/!a%E0%A4%A:b.org'],
    ['NUL', 'depesche://room/!a%00b:b.org'],
    ['raw NUL', 'depesche://room/!a\u0000b:b.org'],
    ['bidi override', 'depesche://room/!a\u202Egro.b:b.org'],
    ['encoded bidi override', 'depesche://room/%23abc%E2%80%AE:b.org'],
    ['zero-width space', 'depesche://room/#ad\u200Bmin:b.org'],
    ['newline', 'depesche://room/!a:b.org%0A'],
    ['raw newline', 'depesche://room/!a:b.org\n'],
    ['space', 'depesche://room/!a b:b.org'],
    ['encoded space', 'depesche://room/%23a%20b:b.org'],
    ['no sigil', 'depesche://room/abc:b.org'],
    ['user id', 'depesche://room/@alice:b.org'],
    ['event id as room', 'depesche://room/$event'],
    ['alias without server', 'depesche://room/%23abc'],
    ['empty localpart', 'depesche://room/!:b.org'],
    ['empty server', 'depesche://room/!a:'],
    ['server with underscore', 'depesche://room/!a:b_c.org'],
    ['unicode server name', 'depesche://room/!a:bünd.de'],
    ['port out of range', 'depesche://room/!a:b.org:70000'],
    ['port zero', 'depesche://room/!a:b.org:0'],
    ['non-numeric port', 'depesche://room/!a:b.org:http'],
    ['broken IPv6', 'depesche://room/!a:[2001:db8::1'],
    ['event without $', 'depesche://room/!a:b.org/event'],
    ['empty event', 'depesche://room/!a:b.org/$'],
    ['room id over 255 characters', `depesche://room/!${'a'.repeat(243)}:example.org`],
    ['3,000-character input', `depesche://room/!a:b.org/$${'e'.repeat(3000)}`],
  ])('refuses %s', (_name, url) => {
    expect(parseDeepLink(url)).toBeNull();
  });

  it('refuses values that are not strings', () => {
    expect(parseDeepLink(undefined as unknown as string)).toBeNull();
    expect(parseDeepLink({ toString: () => 'depesche://room/!a:b.org' } as unknown as string)).toBeNull();
  });
});

describe('parseDeepLink: room version 12 ids', () => {
  it('accepts a room id that is only a hash, with or without an event', () => {
    const id = '!W1Tg3e7ABCpBt9xyKS1OoSIeHlsY8CVIrtpUoWpuDl0';
    expect(parseDeepLink(`depesche://room/${id}`)).toEqual({ kind: 'room', roomIdOrAlias: id });
    expect(parseDeepLink(`depesche://room/${id}/$event1`)).toEqual({ kind: 'room', roomIdOrAlias: id, eventId: '$event1' });
  });
});
