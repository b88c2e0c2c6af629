// Pure parts of the PostgreSQL store: how it names its server in messages, and which failures
// it reports as "cannot take the request now" (no server needed).
import { describe, expect, it } from 'vitest';
import { UnavailableError } from '../errors';
import { PostgresEventStore, serverOf } from './postgres';

describe('serverOf', () => {
  it('names host and port, never user or password', () => {
    expect(serverOf('postgres://hub:secret@db.internal:6432/hub?sslmode=require')).toBe('db.internal:6432');
    expect(serverOf('postgresql://hub@10.0.0.5/hub')).toBe('10.0.0.5:5432');
    expect(serverOf('postgres://hub@/hub?host=/var/run/postgresql')).toBe('/var/run/postgresql:5432');
    expect(serverOf('not a url')).toBe('the configured server');
  });
});

describe('describeFailure', () => {
  // Constructing the store opens nothing (the pool connects on first use).
  const store = new PostgresEventStore({ connectionString: 'postgres://hub:secret@db:5432/hub' });
  const failure = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

  it('reports connection failures as unreachable, retriable, without the password', () => {
    for (const err of [failure('connect ECONNREFUSED 10.0.0.1:5432', 'ECONNREFUSED'), failure('Connection terminated unexpectedly'), failure('the database system is starting up', '57P03'), failure('terminating connection', '08006')]) {
      const described = store.describeFailure(err);
      expect(described).toBeInstanceOf(UnavailableError);
      expect((described as UnavailableError).retriable).toBe(true);
      expect((described as Error).message).not.toContain('secret');
    }
    expect((store.describeFailure(failure('connect ECONNREFUSED', 'ECONNREFUSED')) as Error).message).toBe('postgres at db:5432 unreachable: connect ECONNREFUSED');
    expect((store.describeFailure(failure('terminating connection', '08006')) as Error).message).toMatch(/^postgres at db:5432 unreachable: /);
  });

  it('reports an answer of a busy or stopping server as "cannot take the request now"', () => {
    expect((store.describeFailure(failure('canceling statement due to statement timeout', '57014')) as Error).message).toBe(
      'postgres at db:5432 cannot take the request now: canceling statement due to statement timeout',
    );
    expect(store.describeFailure(failure('sorry, too many clients already', '53300'))).toBeInstanceOf(UnavailableError);
    expect(store.describeFailure(failure('deadlock detected', '40P01'))).toBeInstanceOf(UnavailableError);
  });

  it('leaves other errors as they are', () => {
    for (const err of [failure('duplicate key value', '23505'), failure('syntax error', '42601'), new TypeError('bug')]) {
      expect(store.describeFailure(err)).toBe(err);
    }
  });
});
