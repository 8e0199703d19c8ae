/**
 * Links to a room, an event in it or a person: `depesche://` links from main, matrix.to links
 * in messages. A joined room opens (at the event); a room the person is not in is offered for
 * joining; a person's direct chat opens, or is offered. federation.allowedServers is checked
 * before anything is sent, and a link that cannot be opened is explained.
 */
import { EventType, KnownMembership, MatrixError, type MatrixClient, type Room } from 'matrix-js-sdk';
import { invitationRefusedServers, refusedServersOf, roomRoute, serverNameOf, type FederationScope } from '../matrix/federation-scope';
import { existingDirectChat } from '../matrix/room-actions';
import { Observable } from './observable';

export type LinkTarget =
  | { readonly kind: 'room'; readonly roomIdOrAlias: string; readonly eventId?: string; readonly via?: readonly string[] }
  | { readonly kind: 'user'; readonly userId: string };

/** What the person is asked to confirm. `target` is the alias or id as the link gave it. */
export type LinkOffer =
  | { readonly kind: 'join'; readonly target: string; readonly roomId: string; readonly via: readonly string[]; readonly eventId?: string }
  | { readonly kind: 'direct'; readonly userId: string };

export type LinkFailure =
  | { readonly reason: 'not-allowed'; readonly servers: readonly string[]; readonly about: 'people' | 'room' }
  /** `unknown-room`: no such room (or alias); `forbidden`: not public and no invitation. */
  | { readonly reason: 'unknown-room' | 'forbidden' | 'failed'; readonly target: string };

export interface RoomLinksSnapshot {
  readonly offer: LinkOffer | null;
  readonly failure: LinkFailure | null;
  readonly busy: boolean;
}

/** What the workspace does for a link: the WorkspaceViewModel. */
export interface LinkHost {
  federationScope(): Promise<FederationScope>;
  showRoom(roomId: string, eventId?: string): void;
  startDirectChat(userId: string): Promise<void>;
}

type Outcome = Pick<RoomLinksSnapshot, 'offer' | 'failure'>;

const nothing: Outcome = { offer: null, failure: null };

export class RoomLinks extends Observable<RoomLinksSnapshot> {
  private opened = 0;

  constructor(
    private readonly client: MatrixClient,
    private readonly host: LinkHost,
  ) {
    super({ ...nothing, busy: false });
  }

  /** Follows a link; a later link replaces an earlier one still being looked at. */
  async open(link: LinkTarget): Promise<void> {
    const opening = ++this.opened;
    this.set({ ...nothing, busy: true });
    const outcome = await this.follow(link).catch((error: unknown) => failure(error, link.kind === 'room' ? link.roomIdOrAlias : link.userId));
    if (opening === this.opened) this.set({ ...outcome, busy: false });
  }

  /** Does what the offer said: joins the room (and opens it) or starts the direct chat. */
  async confirm(): Promise<void> {
    const offer = this.value.offer;
    if (!offer || this.value.busy) return;
    if (offer.kind === 'direct') {
      this.dismiss();
      return this.host.startDirectChat(offer.userId);
    }
    const opening = ++this.opened;
    this.set({ offer, failure: null, busy: true });
    const outcome = await this.join(offer).catch((error: unknown) => failure(error, offer.target));
    if (opening === this.opened) this.set({ ...outcome, busy: false });
  }

  /** No to the offer, or the explanation read. */
  dismiss(): void {
    this.opened += 1;
    this.set({ ...nothing, busy: false });
  }

  override dispose(): void {
    this.opened += 1;
    super.dispose();
  }

  private async follow(link: LinkTarget): Promise<Outcome> {
    if (link.kind === 'user') return this.person(link.userId);
    const joined = this.joinedRoom(link.roomIdOrAlias);
    if (joined) return this.show(joined.roomId, link.eventId);
    const scope = await this.host.federationScope();
    const route = roomRoute(scope, link.roomIdOrAlias, link.via);
    if (!route.allowed) return { offer: null, failure: { reason: 'not-allowed', servers: route.servers, about: 'room' } };
    if (!link.roomIdOrAlias.startsWith('#')) return this.offerJoin(scope, link.roomIdOrAlias, link.roomIdOrAlias, route.via, link.eventId);

    // Our homeserver asks the alias's server (allowed, checked above); the join then goes
    // through that server and the others it names, as far as policy allows them.
    const resolved = await this.client.getRoomIdForAlias(link.roomIdOrAlias);
    const aliasRoute = roomRoute(scope, link.roomIdOrAlias, [serverNameOf(link.roomIdOrAlias)!, ...resolved.servers]);
    const alreadyJoined = this.joinedRoom(resolved.room_id);
    if (alreadyJoined) return this.show(alreadyJoined.roomId, link.eventId);
    return this.offerJoin(scope, link.roomIdOrAlias, resolved.room_id, aliasRoute.allowed ? aliasRoute.via : [], link.eventId);
  }

  private offerJoin(scope: FederationScope, target: string, roomId: string, via: readonly string[], eventId: string | undefined): Outcome {
    const room = this.client.getRoom(roomId);
    if (room?.getMyMembership() === KnownMembership.Invite) {
      const inviter = room.currentState.getStateEvents(EventType.RoomMember, this.client.getSafeUserId())?.getSender() ?? null;
      const servers = invitationRefusedServers(scope, roomId, inviter);
      if (servers.length > 0) return { offer: null, failure: { reason: 'not-allowed', servers, about: 'room' } };
    }
    return { offer: { kind: 'join', target, roomId, via, ...(eventId ? { eventId } : {}) }, failure: null };
  }

  private async join(offer: Extract<LinkOffer, { kind: 'join' }>): Promise<Outcome> {
    // Policy may have changed while the question was open.
    const route = roomRoute(await this.host.federationScope(), offer.target, offer.via);
    if (!route.allowed) return { offer: null, failure: { reason: 'not-allowed', servers: route.servers, about: 'room' } };
    await this.client.joinRoom(offer.roomId, route.via.length > 0 ? { viaServers: [...route.via] } : {});
    return this.show(offer.roomId, offer.eventId);
  }

  private async person(userId: string): Promise<Outcome> {
    if (userId === this.client.getSafeUserId()) return nothing;
    const servers = refusedServersOf(await this.host.federationScope(), [userId]);
    if (servers.length > 0) return { offer: null, failure: { reason: 'not-allowed', servers, about: 'people' } };
    const roomId = await existingDirectChat(this.client, userId);
    return roomId ? this.show(roomId) : { offer: { kind: 'direct', userId }, failure: null };
  }

  private show(roomId: string, eventId?: string): Outcome {
    this.host.showRoom(roomId, eventId);
    return nothing;
  }

  /** A joined room by id, or by one of its aliases as this client knows them. */
  private joinedRoom(roomIdOrAlias: string): Room | null {
    const joined = (room: Room | null | undefined): room is Room => room?.getMyMembership() === KnownMembership.Join;
    if (!roomIdOrAlias.startsWith('#')) {
      const room = this.client.getRoom(roomIdOrAlias);
      return joined(room) ? room : null;
    }
    const alias = roomIdOrAlias.toLowerCase();
    const hasAlias = (room: Room) => [room.getCanonicalAlias(), ...room.getAltAliases()].some((candidate) => candidate?.toLowerCase() === alias);
    return this.client.getRooms().find((room) => joined(room) && hasAlias(room)) ?? null;
  }
}

/** A failed lookup or join, in terms the person can act on. */
function failure(error: unknown, target: string): Outcome {
  const code = error instanceof MatrixError ? error.errcode : undefined;
  const status = error instanceof MatrixError ? error.httpStatus : undefined;
  const reason = code === 'M_FORBIDDEN' ? 'forbidden' : code === 'M_NOT_FOUND' || status === 404 ? 'unknown-room' : 'failed';
  return { offer: null, failure: { reason, target } };
}
