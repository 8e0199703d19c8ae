import { MatrixError, type AuthDict, type MatrixClient } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { confirmPassword, PasswordNotChecked, PasswordRejected } from '../../src/renderer/lib/matrix/password-auth';

/** A client whose "sign out no sessions" answers as a homeserver configured one way or another would. */
function client(answer: (auth: AuthDict | undefined) => void): MatrixClient {
  return {
    getSafeUserId: () => '@erika:bund.de',
    deleteMultipleDevices: async (_devices: string[], auth?: AuthDict) => answer(auth),
  } as unknown as MatrixClient;
}

const askFirst = (accepts: (password: string) => boolean) => (auth: AuthDict | undefined) => {
  if (!auth) throw new MatrixError({ flows: [{ stages: ['m.login.password'] }], session: 's1' }, 401);
  if (!accepts((auth as { password: string }).password)) throw new MatrixError({ errcode: 'M_FORBIDDEN' }, 401);
};

describe('confirmPassword', () => {
  it('passes when the homeserver asked for the password and accepted it', async () => {
    await expect(confirmPassword(client(askFirst((password) => password === 'richtig')), 'richtig')).resolves.toBeUndefined();
  });

  it('says the password was rejected when the homeserver refused it', async () => {
    await expect(confirmPassword(client(askFirst(() => false)), 'falsch')).rejects.toBeInstanceOf(PasswordRejected);
  });

  it('does not count a homeserver that skipped the password step as a check', async () => {
    await expect(confirmPassword(client(() => {}), 'irgendwas')).rejects.toBeInstanceOf(PasswordNotChecked);
  });
});
