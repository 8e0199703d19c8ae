import { describe, expect, it } from 'vitest';
import { federationScope, invitationRefusedServers, isServerAllowed, refusedServersOf, roomRoute, serverNameOf } from '../../src/renderer/lib/matrix/federation-scope';

const scope = federationScope('@erika:bund.de', ['Stadt.Example', 'land.example:8448', '[2001:db8::1]']);

describe('serverNameOf', () => {
  it.each([
    ['@erika:bund.de', 'bund.de'],
    ['#general:matrix.example.org:8448', 'matrix.example.org:8448'],
    ['!abc:[2001:db8::1]:8448', '[2001:db8::1]:8448'],
    ['!Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg', null],
    ['@nobody', null],
    ['@nobody:', null],
  ])('%s is on %s', (id, server) => {
    expect(serverNameOf(id)).toBe(server);
  });
});

describe('isServerAllowed', () => {
  it.each([
    ['stadt.example', true],
    ['STADT.EXAMPLE', true],
    ['stadt.example:8448', true],
    ['land.example:8448', true],
    ['land.example', false],
    ['land.example:443', false],
    ['[2001:db8::1]:443', true],
    ['[2001:DB8::1]', true],
    ['evil.example', false],
    ['sub.stadt.example', false],
    ['stadt.example.evil', false],
    ['bund.de', true],
    ['bund.de:8448', true],
    ['not a server', false],
    ['stadt.example:99999', false],
  ])('%s: %s', (server, allowed) => {
    expect(isServerAllowed(scope, server)).toBe(allowed);
  });

  it('allows every server when policy sets no list', () => {
    expect(isServerAllowed(federationScope('@erika:bund.de', undefined), 'anywhere.example')).toBe(true);
  });

  it('allows only the own homeserver with an empty list', () => {
    const onlyOwn = federationScope('@erika:bund.de', []);
    expect(isServerAllowed(onlyOwn, 'bund.de')).toBe(true);
    expect(isServerAllowed(onlyOwn, 'stadt.example')).toBe(false);
  });

  it('an own homeserver with a port is allowed only on that port', () => {
    const withPort = federationScope('@erika:localhost:8008', []);
    expect(isServerAllowed(withPort, 'localhost:8008')).toBe(true);
    expect(isServerAllowed(withPort, 'localhost')).toBe(false);
  });
});

describe('refusedServersOf', () => {
  it('names each refused server once, in the order given', () => {
    expect(refusedServersOf(scope, ['@a:evil.example', '@b:stadt.example', '@c:EVIL.example', '@d:other.example', '@e:bund.de'])).toEqual([
      'evil.example',
      'other.example',
    ]);
  });

  it('is empty when everyone is allowed', () => {
    expect(refusedServersOf(scope, ['@a:stadt.example', '@b:bund.de'])).toEqual([]);
  });
});

describe('roomRoute', () => {
  it('refuses an alias on a server outside the list', () => {
    expect(roomRoute(scope, '#general:evil.example')).toEqual({ allowed: false, servers: ['evil.example'] });
  });

  it('refuses a room id on a server outside the list, whatever the via servers', () => {
    expect(roomRoute(scope, '!abc:evil.example', ['stadt.example'])).toEqual({ allowed: false, servers: ['evil.example'] });
  });

  it('keeps only the allowed via servers', () => {
    expect(roomRoute(scope, '!abc:stadt.example', ['evil.example', 'stadt.example', 'bund.de'])).toEqual({ allowed: true, via: ['stadt.example', 'bund.de'] });
  });

  it('checks the via servers of a room id without a server (room version 12)', () => {
    expect(roomRoute(scope, '!Rqnc-F-dvnEYJTyHq', ['evil.example', 'other.example'])).toEqual({ allowed: false, servers: ['evil.example', 'other.example'] });
    expect(roomRoute(scope, '!Rqnc-F-dvnEYJTyHq', ['evil.example', 'land.example:8448'])).toEqual({ allowed: true, via: ['land.example:8448'] });
  });

  it('joins a room id without a server or via only through the own homeserver', () => {
    expect(roomRoute(scope, '!Rqnc-F-dvnEYJTyHq')).toEqual({ allowed: true, via: [] });
  });
});

describe('invitationRefusedServers', () => {
  it("names the inviter's server when it is outside the list", () => {
    expect(invitationRefusedServers(scope, '!room:bund.de', '@mallory:evil.example')).toEqual(['evil.example']);
  });

  it('names the room id server too, once', () => {
    expect(invitationRefusedServers(scope, '!room:evil.example', '@mallory:evil.example')).toEqual(['evil.example']);
    expect(invitationRefusedServers(scope, '!room:other.example', '@anna:stadt.example')).toEqual(['other.example']);
  });

  it('allows an invitation from an allowed server into a room id without a server', () => {
    expect(invitationRefusedServers(scope, '!Rqnc-F-dvnEYJTyHq', '@anna:stadt.example')).toEqual([]);
  });
});
