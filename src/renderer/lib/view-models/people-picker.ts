/**
 * The people picker behind every place a person is chosen (invite, direct chat, new room):
 * searches the homeserver's user directory as the person types (debounced; an answer to an
 * older query is dropped), takes a pasted user id or matrix.to link after looking up its
 * profile, explains what cannot be anyone, and keeps the people chosen so far.
 * federation.allowedServers is applied before anything is sent: a person on a server policy
 * does not allow is neither looked up nor chosen.
 */
import type { MatrixClient } from 'matrix-js-sdk';
import { refusedServersOf, type FederationScope } from '../matrix/federation-scope';
import { candidateOf, mergeCandidates, parsePersonInput, type PersonCandidate } from '../matrix/person-input';
import { Observable } from './observable';

export interface PersonSuggestion extends PersonCandidate {
  /** Their server is not the person's own: shown with the server's name. */
  readonly remote: boolean;
}

export type PickerProblem =
  | { readonly kind: 'malformed'; readonly text: string }
  | { readonly kind: 'unknown'; readonly userId: string }
  | { readonly kind: 'refused'; readonly servers: readonly string[] }
  | { readonly kind: 'search-failed' }
  /** Words were typed but nobody was chosen from the suggestions. */
  | { readonly kind: 'unchosen' }
  /** The form needs someone and nobody is chosen. */
  | { readonly kind: 'nobody' };

export interface PeoplePickerSnapshot {
  readonly query: string;
  /** `searching` while the directory or a profile is asked. */
  readonly searching: boolean;
  readonly suggestions: readonly PersonSuggestion[];
  readonly chosen: readonly PersonSuggestion[];
  readonly problem: PickerProblem | null;
}

export interface PeoplePickerOptions {
  readonly scope: FederationScope;
  readonly neutraliseName: (name: string) => string;
  /** The form needs at least one person (invite, direct chat). */
  readonly required?: boolean;
  /** Only one person (a direct chat): choosing another replaces them. */
  readonly single?: boolean;
  /** People not to offer (members of the room already); the person themselves never is. */
  readonly exclude?: readonly string[];
  /** How long typing must pause before the directory is asked. */
  readonly delayMs?: number;
}

const searchLimit = 20;
const defaultDelayMs = 250;

export class PeoplePicker extends Observable<PeoplePickerSnapshot> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts queries, so an answer to one the person has typed past is dropped. */
  private generation = 0;
  private readonly hidden: readonly string[];
  /** The profile lookup of a typed id, until it has answered. */
  private lookup: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: MatrixClient,
    private readonly options: PeoplePickerOptions,
  ) {
    super({ query: '', searching: false, suggestions: [], chosen: [], problem: null });
    this.hidden = [client.getSafeUserId(), ...(options.exclude ?? [])];
    this.disposables.add(() => clearTimeout(this.timer));
  }

  get chosenIds(): string[] {
    return this.value.chosen.map((person) => person.userId);
  }

  setQuery(text: string): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    const generation = ++this.generation;
    const input = parsePersonInput(text);
    const base = { ...this.value, query: text, suggestions: [], problem: null, searching: false };
    if (input.kind === 'empty') return this.set(base);
    if (input.kind === 'malformed') return this.set({ ...base, problem: { kind: 'malformed', text: input.text } });
    if (input.kind === 'id') {
      const refused = this.refusedServer(input.userId);
      if (refused) return this.set({ ...base, problem: { kind: 'refused', servers: [refused] } });
      this.set({ ...base, searching: true });
      this.lookup = this.lookUp(generation, input.userId);
      return;
    }
    this.set({ ...base, searching: true });
    this.timer = setTimeout(() => void this.search(generation, input.term), this.options.delayMs ?? defaultDelayMs);
  }

  /** Adds a suggested person (or, for a direct chat, makes them the one); refused ones are explained instead. */
  choose(userId: string): boolean {
    const person = this.value.suggestions.find((suggestion) => suggestion.userId === userId);
    if (!person || this.disposed) return false;
    const refused = this.refusedServer(userId);
    if (refused) {
      this.set({ ...this.value, problem: { kind: 'refused', servers: [refused] } });
      return false;
    }
    const chosen = this.options.single ? [person] : [...this.value.chosen, person];
    this.generation++;
    clearTimeout(this.timer);
    this.set({ query: '', searching: false, suggestions: [], chosen, problem: null });
    return true;
  }

  /**
   * What the form sends: the people chosen, where a typed id the server knows counts as chosen
   * without picking it first. Null (and explained) while something typed is not someone chosen.
   */
  async submitted(): Promise<string[] | null> {
    const input = parsePersonInput(this.value.query);
    if (input.kind === 'empty') {
      if (this.options.required && this.chosenIds.length === 0) return this.explain({ kind: 'nobody' });
      return this.chosenIds;
    }
    if (input.kind === 'id') {
      await this.lookup;
      if (this.choose(input.userId)) return this.chosenIds;
    }
    return this.explain(this.value.problem ?? { kind: 'unchosen' });
  }

  private explain(problem: PickerProblem): null {
    this.set({ ...this.value, problem });
    return null;
  }

  remove(userId: string): void {
    this.set({ ...this.value, chosen: this.value.chosen.filter((person) => person.userId !== userId) });
  }

  private async search(generation: number, term: string): Promise<void> {
    try {
      const { results } = await this.client.searchUserDirectory({ term, limit: searchLimit });
      const found = results.map((user) => this.suggestion(candidateOf(user.user_id, user.display_name, user.avatar_url, this.options.neutraliseName)));
      this.answer(generation, { suggestions: this.merged(null, found) });
    } catch {
      this.answer(generation, { problem: { kind: 'search-failed' } });
    }
  }

  /** A typed id is offered once the server knows a profile for it; a 404 means nobody has that id. */
  private async lookUp(generation: number, userId: string): Promise<void> {
    try {
      const profile = await this.client.getProfileInfo(userId);
      const exact = this.suggestion(candidateOf(userId, profile.displayname, profile.avatar_url, this.options.neutraliseName));
      this.answer(generation, { suggestions: this.merged(exact, []) });
    } catch (error) {
      if ((error as { httpStatus?: number }).httpStatus === 404) return this.answer(generation, { problem: { kind: 'unknown', userId } });
      // Some servers do not show profiles to strangers: the id may still be someone's.
      this.answer(generation, { suggestions: this.merged(this.suggestion(candidateOf(userId, null, null, this.options.neutraliseName)), []) });
    }
  }

  private answer(generation: number, change: Partial<PeoplePickerSnapshot>): void {
    if (generation !== this.generation || this.disposed) return;
    this.set({ ...this.value, searching: false, ...change });
  }

  private merged(exact: PersonSuggestion | null, found: readonly PersonSuggestion[]): PersonSuggestion[] {
    return mergeCandidates(exact, found, [...this.hidden, ...this.chosenIds]);
  }

  private suggestion(candidate: PersonCandidate): PersonSuggestion {
    return { ...candidate, remote: candidate.server.toLowerCase() !== this.options.scope.ownServer.toLowerCase() };
  }

  private refusedServer(userId: string): string | null {
    return refusedServersOf(this.options.scope, [userId])[0] ?? null;
  }
}
