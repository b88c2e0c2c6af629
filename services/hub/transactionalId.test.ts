import { describe, expect, it } from 'vitest';
import { transactionalIdFor } from './transactionalId';

const base = { services: ['police'], host: 'gw-1', port: 8081, unique: 'u1' };

describe('the transactional id of a process', () => {
  it('is the configured one when the deployment names it', () => {
    expect(transactionalIdFor({ ...base, configured: 'hub-gateway-police' })).toBe('hub-gateway-police');
  });

  it('is the same across restarts of a process on a fixed port', () => {
    expect(transactionalIdFor({ ...base, unique: 'first-run' })).toBe(transactionalIdFor({ ...base, unique: 'second-run' }));
    expect(transactionalIdFor(base)).toBe('hub-police-gw-1-8081');
  });

  it('differs between processes that run at the same time', () => {
    const ids = new Set([
      transactionalIdFor(base),
      transactionalIdFor({ ...base, port: 8082 }),
      transactionalIdFor({ ...base, host: 'gw-2' }),
      transactionalIdFor({ ...base, services: ['police', 'fire'] }),
    ]);
    expect(ids.size).toBe(4);
  });

  it('is per run when the port is chosen at random (PORT=0), since nothing else identifies the process', () => {
    expect(transactionalIdFor({ ...base, port: 0, unique: 'a' })).not.toBe(transactionalIdFor({ ...base, port: 0, unique: 'b' }));
  });

  it('keeps to the characters Kafka ids allow', () => {
    expect(transactionalIdFor({ ...base, host: 'gw 1/α' })).toMatch(/^[A-Za-z0-9._-]+$/);
  });
});
