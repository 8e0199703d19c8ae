import { describe, expect, it } from 'vitest';
import { parseMatrixToLink } from '../../src/renderer/lib/matrix/matrix-to-link';

describe('parseMatrixToLink', () => {
  it.each([
    ['https://matrix.to/#/%23general%3Abund.de', { kind: 'room', roomIdOrAlias: '#general:bund.de' }],
    ['https://matrix.to/#/#general:bund.de', { kind: 'room', roomIdOrAlias: '#general:bund.de' }],
    ['https://matrix.to/#/@erika:bund.de', { kind: 'user', userId: '@erika:bund.de' }],
    ['https://matrix.to/#/%40erika%3Abund.de', { kind: 'user', userId: '@erika:bund.de' }],
    [
      'https://matrix.to/#/!abc:bund.de/%24event?via=bund.de&via=stadt.example:8448',
      { kind: 'room', roomIdOrAlias: '!abc:bund.de', eventId: '$event', via: ['bund.de', 'stadt.example:8448'] },
    ],
    ['https://matrix.to/#/!Rqnc-F-dvnEYJTyHq?via=stadt.example', { kind: 'room', roomIdOrAlias: '!Rqnc-F-dvnEYJTyHq', via: ['stadt.example'] }],
    ['https://matrix.to/#/!abc:bund.de?via=not%20a%20server&via=bund.de', { kind: 'room', roomIdOrAlias: '!abc:bund.de', via: ['bund.de'] }],
  ])('reads %s', (url, expected) => {
    expect(parseMatrixToLink(url)).toEqual(expected);
  });

  it.each([
    ['another site', 'https://example.org/#/#general:bund.de'],
    ['plain http', 'http://matrix.to/#/#general:bund.de'],
    ['a look-alike host', 'https://matrix.to.evil.example/#/#general:bund.de'],
    ['no identifier', 'https://matrix.to/#/'],
    ['a group', 'https://matrix.to/#/+group:bund.de'],
    ['an event of a person', 'https://matrix.to/#/@erika:bund.de/$event'],
    ['a bidi override', 'https://matrix.to/#/#gen\u202Eeral:bund.de'],
    ['broken encoding', 'https://matrix.to/#/%E0%A4%A'],
    ['too many segments', 'https://matrix.to/#/!abc:bund.de/$event/more'],
  ])('is not a link to open in the app: %s', (_what, url) => {
    expect(parseMatrixToLink(url)).toBeNull();
  });
});
