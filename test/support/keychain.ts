/** Direct looks into the real keychain, bypassing the code under test. */
import keytar from 'keytar';
import { keychainService } from '../../src/main/core/services/secret-store';

export async function keychainEntries(profile: string): Promise<{ account: string; password: string }[]> {
  const all = await keytar.findCredentials(keychainService);
  return all.filter(({ account }) => account.startsWith(`${profile}/`));
}
