import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';

function capture(level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, base: { services: 'recorder' }, write: (line) => lines.push(line) });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

describe('structured logs', () => {
  it('writes one JSON object per line with ISO time, level word, msg, base and fields', () => {
    const { logger, lines, entries } = capture();
    logger.info('hub listening', { port: 8080 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [entry] = entries();
    expect(entry).toMatchObject({ level: 'info', msg: 'hub listening', services: 'recorder', port: 8080 });
    expect(new Date(entry!.time).toISOString()).toBe(entry!.time);
  });

  it('drops lines below the level', () => {
    const { logger, entries } = capture('info');
    logger.debug('noise');
    logger.warn('kept');
    expect(entries().map((e) => e.msg)).toEqual(['kept']);
  });

  it('logs an error with its name, message, code, stack and cause chain', () => {
    const { logger, entries } = capture();
    const root = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });
    const err = new TypeError('cannot publish', { cause: root });
    logger.error('publish failed', { err });
    const [entry] = entries();
    expect(entry!.err).toMatchObject({ name: 'TypeError', message: 'cannot publish', cause: { name: 'Error', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9092' } });
    expect(entry!.err.stack).toContain('logger.test.ts');
    expect(entry!.err.cause.stack).toContain('Error: connect ECONNREFUSED');
  });

  it('child loggers add their fields to every line', () => {
    const { logger, entries } = capture();
    logger.child({ service: 'projector' }).child({ region: '610902' }).warn('slow');
    expect(entries()[0]).toMatchObject({ services: 'recorder', service: 'projector', region: '610902', msg: 'slow' });
  });

  it('never writes a token, an authorization header or a password', () => {
    const { logger, lines } = capture();
    logger.info('request', { token: 'tok-secret-1', headers: { authorization: 'Bearer tok-secret-2' }, client: { password: 'pw-secret-3' } });
    expect(lines[0]).not.toMatch(/tok-secret|pw-secret/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ token: '[redacted]', headers: { authorization: '[redacted]' }, client: { password: '[redacted]' } });
  });

  it('writes bigints as strings', () => {
    const { logger, entries } = capture();
    logger.info('position', { position: 12345678901234567890n });
    expect(entries()[0]!.position).toBe('12345678901234567890');
  });
});
