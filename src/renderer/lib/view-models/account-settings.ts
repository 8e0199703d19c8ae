/**
 * The Account section of the settings: display name, picture and password. The profile
 * itself is shown by OwnProfile (which follows the change once the server has it); this
 * model sends the changes and says, as codes the UI translates, what went wrong.
 */
import { MatrixError, Method, type AuthDict, type MatrixClient } from 'matrix-js-sdk';
import { PasswordRejected, withPassword } from '../matrix/password-auth';
import { Observable } from './observable';

/** The homeserver's password rules (`GET /password_policy`, MSC2000, in the spec since v1.x as Synapse serves it). */
export interface PasswordRules {
  readonly minimumLength: number;
  readonly digit: boolean;
  readonly symbol: boolean;
  readonly uppercase: boolean;
  readonly lowercase: boolean;
}

export type AccountChange = 'name' | 'picture' | 'password';

/** Why a change failed, each a sentence in the catalogs (`settings.account.problem.*`). */
export type AccountProblem =
  | 'empty-name'
  | 'not-an-image'
  | 'image-too-large'
  | 'current-password-wrong'
  | 'passwords-differ'
  | 'M_PASSWORD_TOO_SHORT'
  | 'M_PASSWORD_NO_DIGIT'
  | 'M_PASSWORD_NO_SYMBOL'
  | 'M_PASSWORD_NO_UPPERCASE'
  | 'M_PASSWORD_NO_LOWERCASE'
  | 'M_PASSWORD_IN_DICTIONARY'
  | 'M_WEAK_PASSWORD'
  | 'rate-limited'
  | 'failed';

export interface AccountSettingsSnapshot {
  /** The change being sent, or null. */
  readonly busy: AccountChange | null;
  /** The last change's outcome, for the status line beside its form. */
  readonly outcome: { readonly change: AccountChange; readonly problem: AccountProblem | null } | null;
  /** Null until the server answered (or where it has no rules). */
  readonly rules: PasswordRules | null;
}

const passwordCodes = new Set<string>([
  'M_PASSWORD_TOO_SHORT',
  'M_PASSWORD_NO_DIGIT',
  'M_PASSWORD_NO_SYMBOL',
  'M_PASSWORD_NO_UPPERCASE',
  'M_PASSWORD_NO_LOWERCASE',
  'M_PASSWORD_IN_DICTIONARY',
  'M_WEAK_PASSWORD',
]);
/** Pictures other clients show as avatars. */
const pictureTypes = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
// An avatar is small everywhere it is shown; a bigger file is a mistake, not a picture of a face.
export const maxPictureBytes = 5 * 1024 * 1024;

type Client = Pick<MatrixClient, 'setDisplayName' | 'setAvatarUrl' | 'uploadContent' | 'setPassword' | 'getSafeUserId' | 'http'>;

export class AccountSettings extends Observable<AccountSettingsSnapshot> {
  constructor(private readonly client: Client) {
    super({ busy: null, outcome: null, rules: null });
  }

  async setDisplayName(name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) return this.finish('name', 'empty-name');
    await this.run('name', () => this.client.setDisplayName(trimmed));
  }

  async setPicture(picture: Blob): Promise<void> {
    if (!pictureTypes.has(picture.type)) return this.finish('picture', 'not-an-image');
    if (picture.size > maxPictureBytes) return this.finish('picture', 'image-too-large');
    await this.run('picture', async () => {
      const { content_uri: url } = await this.client.uploadContent(picture, { type: picture.type, includeFilename: false });
      await this.client.setAvatarUrl(url);
    });
  }

  /** Changes the password after the server checked the current one (UIA); optionally signs out every other session. */
  async changePassword(current: string, next: string, repeated: string, signOutOthers: boolean): Promise<boolean> {
    if (next !== repeated) {
      this.finish('password', 'passwords-differ');
      return false;
    }
    // The SDK sends no `auth` for the first, unauthenticated try; UIA answers with its session.
    return this.run('password', () => withPassword(this.client as MatrixClient, current, (auth) => this.client.setPassword(auth as AuthDict, next, signOutOthers)));
  }

  private async run(change: AccountChange, request: () => Promise<unknown>): Promise<boolean> {
    if (this.value.busy) return false;
    this.set({ ...this.value, busy: change, outcome: null });
    try {
      await request();
      this.finish(change, null);
      return true;
    } catch (error) {
      this.finish(change, problemOf(error));
      return false;
    }
  }

  private finish(change: AccountChange, problem: AccountProblem | null): void {
    if (!this.disposed) this.set({ ...this.value, busy: null, outcome: { change, problem } });
  }

  /** Asks the server for its rules, to show them before a password is typed (when the settings open). */
  async loadRules(): Promise<void> {
    try {
      const policy = await this.client.http.authedRequest<Record<string, unknown>>(Method.Get, '/password_policy');
      if (!this.disposed) this.set({ ...this.value, rules: rulesOf(policy) });
    } catch {
      // An older server without the endpoint: its refusals are still explained when they come.
    }
  }
}

function problemOf(error: unknown): AccountProblem {
  if (error instanceof PasswordRejected) return 'current-password-wrong';
  if (error instanceof MatrixError) {
    if (error.errcode && passwordCodes.has(error.errcode)) return error.errcode as AccountProblem;
    if (error.errcode === 'M_LIMIT_EXCEEDED') return 'rate-limited';
    if (error.errcode === 'M_TOO_LARGE') return 'image-too-large';
  }
  return 'failed';
}

/** The server's answer, each field checked; a server without rules answers `{}`. */
export function rulesOf(policy: Record<string, unknown>): PasswordRules | null {
  const flag = (key: string) => policy[key] === true;
  const length = policy['m.minimum_length'];
  const rules = {
    minimumLength: typeof length === 'number' && Number.isInteger(length) && length > 0 ? Math.min(length, 512) : 0,
    digit: flag('m.require_digit'),
    symbol: flag('m.require_symbol'),
    uppercase: flag('m.require_uppercase'),
    lowercase: flag('m.require_lowercase'),
  };
  return rules.minimumLength > 0 || rules.digit || rules.symbol || rules.uppercase || rules.lowercase ? rules : null;
}
