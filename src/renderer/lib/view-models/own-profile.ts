/**
 * The signed-in person as the user menu shows them: display name and picture from
 * the account's profile, kept current when they change it (here or elsewhere).
 */
import { EventType, RoomStateEvent, type MatrixClient, type MatrixEvent } from 'matrix-js-sdk';
import { coalesce } from './coalesce';
import { Observable } from './observable';

export interface OwnProfileSnapshot {
  /** The display name, neutralised like every other name; the user id where there is none. */
  readonly name: string;
  /** The picture's mxc URL, null for none. */
  readonly avatar: string | null;
}

// A profile change reaches every room as a membership event of one's own: one fetch for the lot.
const refetchDelayMs = 500;

export class OwnProfile extends Observable<OwnProfileSnapshot> {
  private readonly userId: string;
  /** The profile as the server gave it, to tell a changed membership event from an unchanged one. */
  private raw: { readonly displayName: string | null; readonly avatar: string | null };
  private readonly refetch = coalesce(() => void this.fetch(), refetchDelayMs);

  constructor(
    private readonly client: MatrixClient,
    private readonly neutraliseName: (name: string) => string,
  ) {
    const userId = client.getSafeUserId();
    // Until the server answers (or while offline): what the client knows already.
    const known = client.getUser(userId);
    const raw = { displayName: known?.displayName ?? null, avatar: known?.avatarUrl ?? null };
    super(snapshot(userId, raw, neutraliseName));
    this.userId = userId;
    this.raw = raw;
    this.listen(client, RoomStateEvent.Events, this.onState);
    this.disposables.add(() => this.refetch.cancel());
    void this.fetch();
  }

  private readonly onState = (event: MatrixEvent): void => {
    if (event.getType() !== EventType.RoomMember || event.getStateKey() !== this.userId) return;
    const content = event.getContent();
    if (content.membership !== 'join') return;
    if ((content.displayname ?? null) !== this.raw.displayName || (content.avatar_url ?? null) !== this.raw.avatar) this.refetch.schedule();
  };

  private async fetch(): Promise<void> {
    try {
      const profile = await this.client.getProfileInfo(this.userId);
      if (this.disposed) return;
      this.raw = { displayName: stringOrNull(profile.displayname), avatar: stringOrNull(profile.avatar_url) };
      this.set(snapshot(this.userId, this.raw, this.neutraliseName));
    } catch {
      // Offline or refused: the name shown so far stays; the next membership change asks again.
    }
  }
}

function snapshot(userId: string, raw: { displayName: string | null; avatar: string | null }, neutraliseName: (name: string) => string): OwnProfileSnapshot {
  return { name: (raw.displayName && neutraliseName(raw.displayName)) || userId, avatar: raw.avatar?.startsWith('mxc://') ? raw.avatar : null };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
