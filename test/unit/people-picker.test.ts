import { afterEach, describe, expect, it, vi } from 'vitest';
import { federationScope } from '../../src/renderer/lib/matrix/federation-scope';
import { PeoplePicker } from '../../src/renderer/lib/view-models/people-picker';
import { FakeMatrixClient } from '../support/fake-matrix-client';

type Profile = { displayname?: string; avatar_url?: string };

/** The fake client with a user directory and profiles; a directory answer takes as long as the test says. */
class DirectoryClient extends FakeMatrixClient {
  readonly searches: string[] = [];
  answerAfterMs = new Map<string, number>();

  constructor(private readonly people: Record<string, Profile>) {
    super('@alice:example.org');
  }

  async searchUserDirectory({ term }: { term: string }) {
    this.searches.push(term);
    await new Promise((resolve) => setTimeout(resolve, this.answerAfterMs.get(term) ?? 0));
    const results = Object.entries(this.people)
      .filter(([userId, profile]) => `${userId} ${profile.displayname ?? ''}`.toLowerCase().includes(term.toLowerCase()))
      .map(([userId, profile]) => ({ user_id: userId, display_name: profile.displayname, avatar_url: profile.avatar_url }));
    return { results, limited: false };
  }

  override async getProfileInfo(userId?: string): Promise<Profile> {
    const profile = userId ? this.people[userId] : undefined;
    if (!profile) throw Object.assign(new Error('Profile not found'), { httpStatus: 404, errcode: 'M_NOT_FOUND' });
    return profile;
  }
}

const people: Record<string, Profile> = {
  '@alice:example.org': { displayname: 'Alice' },
  '@bob:example.org': { displayname: 'Bob Beispiel', avatar_url: 'mxc://example.org/bob' },
  '@bobby:stadt.example': { displayname: 'Bobby Stadt' },
  '@carol:example.org': { displayname: 'Carol' },
};

function picker(client: DirectoryClient, options: { allowed?: string[] | null; single?: boolean; required?: boolean; exclude?: string[] } = {}) {
  return new PeoplePicker(client.asClient, {
    scope: federationScope('@alice:example.org', options.allowed ?? null),
    neutraliseName: (name) => name.trim(),
    single: options.single,
    required: options.required,
    exclude: options.exclude,
    delayMs: 100,
  });
}

afterEach(() => vi.useRealTimers());

describe('PeoplePicker', () => {
  it('searches once typing pauses, marks people of other servers and never offers the person themselves', async () => {
    vi.useFakeTimers();
    const client = new DirectoryClient(people);
    const model = picker(client);
    model.setQuery('b');
    model.setQuery('bo');
    expect(model.value.searching).toBe(true);
    await vi.advanceTimersByTimeAsync(150);
    expect(client.searches).toEqual(['bo']);
    expect(model.value.suggestions.map(({ userId, remote, name }) => ({ userId, remote, name }))).toEqual([
      { userId: '@bob:example.org', remote: false, name: 'Bob Beispiel' },
      { userId: '@bobby:stadt.example', remote: true, name: 'Bobby Stadt' },
    ]);
    model.setQuery('Alic');
    await vi.advanceTimersByTimeAsync(150);
    expect(client.searches).toEqual(['bo', 'Alic']);
    expect(model.value.suggestions).toEqual([]);
    model.dispose();
  });

  it('drops the answer to a query the person has typed past', async () => {
    vi.useFakeTimers();
    const client = new DirectoryClient(people);
    client.answerAfterMs.set('bo', 1000);
    const model = picker(client);
    model.setQuery('bo');
    await vi.advanceTimersByTimeAsync(150);
    model.setQuery('carol');
    await vi.advanceTimersByTimeAsync(2000);
    expect(client.searches).toEqual(['bo', 'carol']);
    expect(model.value.suggestions.map(({ userId }) => userId)).toEqual(['@carol:example.org']);
    model.dispose();
  });

  it('chooses several people as chips, without offering them again, and removes them', async () => {
    const client = new DirectoryClient(people);
    const model = picker(client, { exclude: ['@carol:example.org'] });
    model.setQuery('@bob:example.org');
    await vi.waitFor(() => expect(model.value.suggestions).toHaveLength(1));
    expect(model.choose('@bob:example.org')).toBe(true);
    expect(model.value.query).toBe('');
    model.setQuery('https://matrix.to/#/@bobby:stadt.example');
    await vi.waitFor(() => expect(model.value.suggestions).toHaveLength(1));
    model.choose('@bobby:stadt.example');
    expect(model.chosenIds).toEqual(['@bob:example.org', '@bobby:stadt.example']);
    model.setQuery('@bob:example.org');
    model.setQuery('@carol:example.org');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(model.value.suggestions).toEqual([]);
    model.remove('@bob:example.org');
    expect(model.chosenIds).toEqual(['@bobby:stadt.example']);
    model.dispose();
  });

  it('holds one person for a direct chat, and asks for one when there is none', async () => {
    const client = new DirectoryClient(people);
    const model = picker(client, { single: true, required: true });
    expect(await model.submitted()).toBeNull();
    expect(model.value.problem).toEqual({ kind: 'nobody' });
    for (const userId of ['@bob:example.org', '@carol:example.org']) {
      model.setQuery(userId);
      await vi.waitFor(() => expect(model.value.suggestions).toHaveLength(1));
      model.choose(userId);
    }
    expect(model.chosenIds).toEqual(['@carol:example.org']);
    model.dispose();
  });

  it('explains an id that cannot exist and one the server does not know, and sends nothing for the first', async () => {
    const client = new DirectoryClient(people);
    const getProfile = vi.spyOn(client, 'getProfileInfo');
    const model = picker(client);
    model.setQuery('@erika');
    expect(model.value.problem).toEqual({ kind: 'malformed', text: '@erika' });
    expect(getProfile).not.toHaveBeenCalled();
    model.setQuery('@nobody:example.org');
    await vi.waitFor(() => expect(model.value.problem).toEqual({ kind: 'unknown', userId: '@nobody:example.org' }));
    expect(await model.submitted()).toBeNull();
    expect(model.chosenIds).toEqual([]);
    model.dispose();
  });

  it('takes a typed id on submit once its profile has answered', async () => {
    const client = new DirectoryClient(people);
    const model = picker(client);
    model.setQuery('@bob:example.org');
    expect(await model.submitted()).toEqual(['@bob:example.org']);
    model.setQuery('bob');
    expect(await model.submitted()).toBeNull();
    expect(model.value.problem).toEqual({ kind: 'unchosen' });
    model.dispose();
  });

  it('refuses people on servers policy does not allow before anything is sent', async () => {
    vi.useFakeTimers();
    const client = new DirectoryClient(people);
    const getProfile = vi.spyOn(client, 'getProfileInfo');
    const model = picker(client, { allowed: [] });
    model.setQuery('@bobby:stadt.example');
    expect(model.value.problem).toEqual({ kind: 'refused', servers: ['stadt.example'] });
    expect(getProfile).not.toHaveBeenCalled();
    model.setQuery('bob');
    await vi.advanceTimersByTimeAsync(150);
    expect(model.choose('@bobby:stadt.example')).toBe(false);
    expect(model.value.problem).toEqual({ kind: 'refused', servers: ['stadt.example'] });
    expect(model.choose('@bob:example.org')).toBe(true);
    expect(model.chosenIds).toEqual(['@bob:example.org']);
    model.dispose();
  });
});
