import { describe, expect, it } from 'vitest';
import { homeserverAddress } from '../../src/renderer/lib/view-models/session-view-model';

describe('homeserverAddress', () => {
  it('uses the address given, trimmed', () => {
    expect(homeserverAddress({ homeserver: ' https://matrix.bund.de ', username: '@erika:other.de' })).toBe('https://matrix.bund.de');
  });

  it("falls back to a full user id, whose server's .well-known names the homeserver", () => {
    expect(homeserverAddress({ homeserver: '', username: ' @erika:bund.de ' })).toBe('@erika:bund.de');
    expect(homeserverAddress({ homeserver: '  ', username: '@erika:matrix.bund.de:8448' })).toBe('@erika:matrix.bund.de:8448');
  });

  it('has nothing to go on with a plain user name or a malformed id', () => {
    for (const username of ['erika', '@erika', '@:bund.de', 'erika:bund.de', '@eri ka:bund.de', '']) {
      expect(homeserverAddress({ homeserver: '', username }), username).toBe('');
    }
  });
});
