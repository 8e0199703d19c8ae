import { describe, expect, it } from 'vitest';
import { connectSources, isConnectAllowed } from '../../src/shared/csp';

const app = 'app://depesche';

describe('isConnectAllowed', () => {
  const signedIn = connectSources({ activeHomeserverOrigin: 'https://matrix.bund.de', allowLoopbackHttp: true });
  const loginScreen = connectSources({ activeHomeserverOrigin: null, allowLoopbackHttp: true });
  const packagedLogin = connectSources({ activeHomeserverOrigin: null, allowLoopbackHttp: false });

  it('lets the page reach its own files and, signed in, only its homeserver', () => {
    expect(isConnectAllowed('app://depesche/assets/crypto.wasm', app, signedIn)).toBe(true);
    expect(isConnectAllowed('https://matrix.bund.de/_matrix/client/v3/sync', app, signedIn)).toBe(true);
    expect(isConnectAllowed('https://other.example/collect', app, signedIn)).toBe(false);
    expect(isConnectAllowed('https://matrix.bund.de:8448/_matrix', app, signedIn)).toBe(false);
    expect(isConnectAllowed('http://matrix.bund.de/_matrix', app, signedIn)).toBe(false);
    expect(isConnectAllowed('http://127.0.0.1:9000/', app, signedIn)).toBe(false);
  });

  it('on the login screen allows any https origin, and loopback http outside packaged builds', () => {
    expect(isConnectAllowed('https://any.example/.well-known/matrix/client', app, loginScreen)).toBe(true);
    expect(isConnectAllowed('http://127.0.0.1:8008/_matrix/client/versions', app, loginScreen)).toBe(true);
    expect(isConnectAllowed('http://localhost:8008/', app, loginScreen)).toBe(true);
    expect(isConnectAllowed('http://192.168.1.1/', app, loginScreen)).toBe(false);
    expect(isConnectAllowed('http://127.0.0.1:8008/', app, packagedLogin)).toBe(false);
    expect(isConnectAllowed('wss://any.example/', app, loginScreen)).toBe(false);
  });

  it('leaves local URLs alone and refuses what does not parse', () => {
    expect(isConnectAllowed('blob:app://depesche/1234', app, signedIn)).toBe(true);
    expect(isConnectAllowed('data:image/png;base64,AAAA', app, signedIn)).toBe(true);
    expect(isConnectAllowed('not a url', app, signedIn)).toBe(false);
  });
});
