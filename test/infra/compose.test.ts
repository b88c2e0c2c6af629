// docker-compose.yml, checked without Docker: it parses, every hub process is built from the
// one Dockerfile with a configuration the hub accepts, dependencies and volumes resolve, the
// committee API runs as projector replicas on one shared PostgreSQL read model behind the proxy
// (infra/proxy/nginx.conf), and Prometheus scrapes every hub process.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { AGENCIES } from '../../services/kernel/agency';
import { SERVICE_NAMES, configSchema, parseConfig } from '../../services/kernel/config';
import { MAX_WAIT_SECONDS } from '../../services/projector/feed/params';
import { type ComposeService, environmentOf, hubServices, loadCompose, readComposeText, repoRoot } from './compose';

const compose = loadCompose();
const hub = hubServices(compose);
const KAFKA_NODES = ['kafka-1', 'kafka-2', 'kafka-3'];
/** The committee API replicas: every hub service that runs exactly `projector`. */
const replicas = hub.filter(([, s]) => environmentOf(s).HUB_SERVICES === 'projector');
const REPLICA_NAMES = ['projector-1', 'projector-2'];
const nginxConf = fs.readFileSync(path.join(repoRoot, 'infra/proxy/nginx.conf'), 'utf8').replace(/#[^\n]*/g, '');

/** The directives (name and arguments) directly inside the first `name [args] {` block of an nginx config. */
function nginxBlock(text: string, name: string, args = ''): Array<{ name: string; args: string[] }> {
  const head = new RegExp(`(^|[\\s;{}])${name}\\s+${args ? `${args.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*` : ''}\\{`).exec(text);
  if (!head) return [];
  let depth = 0;
  let body = '';
  for (let i = head.index + head[0].length; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{') depth++;
    if (c === '}' && depth-- === 0) break;
    body += depth === 0 && c !== '}' ? c : c === '}' && depth === 0 ? ';' : ' ';
  }
  return body.split(';').map((d) => d.trim().split(/\s+/)).filter((w) => w[0]).map(([n, ...a]) => ({ name: n!, args: a }));
}

/** nginx durations (`90s`, `2m`, `500ms`, `30`) in ms. */
function nginxMs(value: string): number {
  const m = /^(\d+)(ms|s|m|h)?$/.exec(value);
  if (!m) throw new Error(`not a duration: ${value}`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!;
}

function hostPortsOf(service: ComposeService): Array<{ hostIp?: string; published: string; target: string }> {
  return (service.ports ?? []).map((p) => {
    if (typeof p !== 'string') return { hostIp: p.host_ip, published: String(p.published), target: String(p.target) };
    const parts = p.split(':');
    const target = parts.pop()!;
    const published = parts.pop() ?? target;
    return { hostIp: parts.length ? parts.join(':') : undefined, published, target };
  });
}

function dependsOn(service: ComposeService): Record<string, string> {
  const d = service.depends_on;
  if (!d) return {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v.condition]));
}

describe('docker-compose.yml', () => {
  it('is valid YAML with a name and services', () => {
    expect(() => parse(readComposeText(), { merge: true, strict: true, uniqueKeys: true })).not.toThrow();
    expect(compose.name).toBe('safe-community-hub');
    for (const name of [...KAFKA_NODES, 'kafka-init', 'postgres', 'kurrentdb', 'recorder', ...REPLICA_NAMES, 'proxy', 'prometheus', 'grafana']) {
      expect(compose.services, name).toHaveProperty(name);
    }
  });

  it('builds every hub service from the one Dockerfile into one image, and runs its ENTRYPOINT as is', () => {
    expect(hub.length).toBe(8);
    const images = new Set<string | undefined>();
    for (const [name, s] of hub) {
      expect(s.build, name).toEqual({ context: '.', dockerfile: 'infra/Dockerfile' });
      expect(s.command, `${name} must not override the PID-1 node command`).toBeUndefined();
      expect(s.entrypoint, name).toBeUndefined();
      expect(s.init, `${name}: node handles SIGTERM itself`).toBeUndefined();
      expect(s.restart, name).toBe('unless-stopped');
      images.add(s.image);
    }
    expect([...images]).toEqual(['safe-community-hub:local']);
    expect(fs.existsSync(path.join(repoRoot, 'infra/Dockerfile'))).toBe(true);
    // Every service that is not ours uses a pinned upstream image.
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.build) continue;
      expect(s.image, name).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(s.image, name).not.toMatch(/:latest$/);
    }
  });

  it('gives every hub container a configuration the hub accepts (docs/api/configuration.md)', () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const [name, s] of hub) {
      const env = environmentOf(s);
      for (const key of Object.keys(env)) expect(known.has(key), `${name}: unknown variable ${key}`).toBe(true);
      for (const [key, value] of Object.entries(s.environment as Record<string, unknown>)) {
        expect(typeof value, `${name}: ${key} must be a quoted string`).toBe('string');
      }
      expect(() => parseConfig(env), name).not.toThrow();
      const config = parseConfig(env);
      expect(config.HUB_SERVICES.length, name).toBeGreaterThan(0);
      expect(env.HUB_SERVICES, `${name}: HUB_SERVICES set explicitly (the default is everything)`).toBeTruthy();
      for (const svc of config.HUB_SERVICES) expect(SERVICE_NAMES).toContain(svc);
      expect(env.HUB_AUTH_FILE, name).toBe('/etc/hub/auth.json');
      expect(env.HUB_DEMO, `${name}: HUB_DEMO set explicitly`).toMatch(/^[01]$/);
    }
  });

  it('runs each of the seven services in exactly one container, gateways one bureau each; only the projector in replicas', () => {
    const runs = hub.flatMap(([name, s]) => parseConfig(environmentOf(s)).HUB_SERVICES.map((svc) => [svc, name] as const));
    const single = runs.filter(([svc]) => svc !== 'projector');
    expect(single.map(([svc]) => svc).sort()).toEqual(SERVICE_NAMES.filter((svc) => svc !== 'projector').sort());
    // The projector alone shares its state through PostgreSQL (the lease picks its one writer).
    expect(runs.filter(([svc]) => svc === 'projector').map(([, name]) => name).sort()).toEqual(REPLICA_NAMES);
    for (const agency of AGENCIES) {
      const s = compose.services[`gateway-${agency}`];
      expect(s, agency).toBeDefined();
      expect(parseConfig(environmentOf(s!)).HUB_SERVICES).toEqual([agency]);
    }
  });

  it('wires gateways to Kafka only, the recorder to Kafka and PostgreSQL, the projector replicas to PostgreSQL', () => {
    const brokers = KAFKA_NODES.map((node) => {
      const internal = /INTERNAL:\/\/([^,:]+):(\d+)/.exec(environmentOf(compose.services[node]!).KAFKA_ADVERTISED_LISTENERS ?? '');
      expect(internal, node).not.toBeNull();
      expect(internal![1]).toBe(node);
      return `${internal![1]}:${internal![2]}`;
    }).join(',');
    const postgres = environmentOf(compose.services.postgres!);
    const database = /^postgres:\/\/([^:@/]+):([^@/]+)@([^:/?]+):(\d+)\/([^/?]+)$/;
    for (const [name, s] of hub) {
      const env = environmentOf(s);
      const services = parseConfig(env).HUB_SERVICES;
      const gatewaysOnly = services.every((svc) => (AGENCIES as readonly string[]).includes(svc));
      const deps = dependsOn(s);
      if (gatewaysOnly || services.includes('recorder')) {
        expect(env.KAFKA_BROKERS, name).toBe(brokers);
        for (const node of KAFKA_NODES) expect(deps[node], `${name} waits for ${node}`).toBe('service_healthy');
        expect(deps['kafka-init'], `${name}: topics exist before it starts`).toBe('service_completed_successfully');
      } else {
        expect(env.KAFKA_BROKERS, `${name} does not use the bus`).toBeUndefined();
      }
      expect(env.ESDB_URL, `${name}: KurrentDB is the alternative, not the default`).toBeUndefined();
      if (gatewaysOnly) {
        expect(env.DATABASE_URL, `${name}: a gateway needs no store`).toBeUndefined();
        expect(deps.postgres, name).toBeUndefined();
      } else {
        const m = database.exec(env.DATABASE_URL ?? '');
        expect(m, `${name}: DATABASE_URL`).not.toBeNull();
        expect([m![1], m![2], m![3], m![4], m![5]]).toEqual([postgres.POSTGRES_USER, postgres.POSTGRES_PASSWORD, 'postgres', '5432', postgres.POSTGRES_DB]);
        expect(deps.postgres, name).toBe('service_healthy');
        expect(deps.kurrentdb, name).toBeUndefined();
        const config = parseConfig(env);
        expect(config.HUB_DB_POOL_MAX, name).toBe(10);
        expect(config.HUB_DB_STATEMENT_TIMEOUT_MS, name).toBe(30_000);
      }
    }
    // The password and pool settings follow the operator's environment.
    const tuned = loadCompose({ env: { POSTGRES_PASSWORD: 's3cret', HUB_DB_POOL_MAX: '25' } });
    expect(environmentOf(tuned.services.recorder!).DATABASE_URL).toBe('postgres://hub:s3cret@postgres:5432/hub');
    expect(environmentOf(tuned.services.postgres!).POSTGRES_PASSWORD).toBe('s3cret');
    for (const name of REPLICA_NAMES) expect(parseConfig(environmentOf(tuned.services[name]!)).HUB_DB_POOL_MAX, name).toBe(25);
  });

  it('runs PostgreSQL from a pinned image, healthy only when it accepts connections, its data in a volume, no host port', () => {
    const s = compose.services.postgres!;
    expect(s.image).toMatch(/^postgres:1[5-9]\.\d+/);
    expect(JSON.stringify(s.healthcheck?.test)).toContain('pg_isready -U hub -d hub');
    expect(s.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(s.ports, 'reached on the compose network only').toBeUndefined();
    expect(s.restart).toBe('unless-stopped');
  });

  it('gives every hub process but the replicas its own port, published on the same host port, on 127.0.0.1 by default', () => {
    const ports = new Map<string, string>([['8080', 'proxy']]);
    for (const [name, s] of hub) {
      const port = environmentOf(s).PORT;
      expect(port, name).toMatch(/^\d+$/);
      if (REPLICA_NAMES.includes(name)) {
        // Reached through the proxy only: the committee API's default port, inside the network.
        expect(port, name).toBe('8080');
        expect(hostPortsOf(s), `${name} publishes no port`).toEqual([]);
        continue;
      }
      expect(ports.has(port!), `${name}: port ${port} taken by ${ports.get(port!)}`).toBe(false);
      ports.set(port!, name);
      expect(hostPortsOf(s), name).toEqual([{ hostIp: '127.0.0.1', published: port, target: port }]);
    }
    expect(hostPortsOf(compose.services.proxy!), 'the committee API keeps the default port').toEqual([{ hostIp: '127.0.0.1', published: '8080', target: '8080' }]);
    // HUB_BIND_ADDRESS opens them up deliberately.
    const open = loadCompose({ env: { HUB_BIND_ADDRESS: '0.0.0.0' } });
    expect(hostPortsOf(open.services.proxy!)[0]!.hostIp).toBe('0.0.0.0');
    expect(hostPortsOf(open.services.recorder!)[0]!.hostIp).toBe('0.0.0.0');
    // Infrastructure ports never leave the host.
    for (const name of [...KAFKA_NODES, 'postgres', 'kurrentdb', 'prometheus', 'grafana']) {
      for (const p of hostPortsOf(compose.services[name]!)) expect(p.hostIp, name).toBe('127.0.0.1');
    }
    const all = Object.values(compose.services).flatMap((s) => hostPortsOf(s).map((p) => p.published));
    expect(new Set(all).size, 'no host port published twice').toBe(all.length);
  });

  it('mounts the one auth file read-only into every hub container', () => {
    for (const [name, s] of hub) {
      const mount = (s.volumes ?? []).find((v) => typeof v !== 'string' && v.target === '/etc/hub/auth.json');
      expect(mount, name).toMatchObject({ type: 'bind', source: './infra/auth/auth.dev.json', read_only: true });
    }
    expect(fs.existsSync(path.join(repoRoot, 'infra/auth/auth.dev.json'))).toBe(true);
    const real = loadCompose({ env: { HUB_AUTH_SOURCE: './infra/auth/auth.json' } });
    const mount = (real.services.recorder!.volumes ?? []).find((v) => typeof v !== 'string' && v.target === '/etc/hub/auth.json');
    expect(mount).toMatchObject({ source: './infra/auth/auth.json' });
  });

  it('gives the projector replicas no data volume (the read model is in PostgreSQL) and shares no data volume between hub processes', () => {
    const owners = new Map<string, string>();
    for (const [name, s] of hub) {
      for (const v of s.volumes ?? []) {
        const source = typeof v === 'string' ? v.split(':')[0]! : v.source ?? '';
        const target = typeof v === 'string' ? v.split(':')[1]! : v.target;
        if (target === '/etc/hub/auth.json') continue;
        expect(owners.has(source), `${source} shared by ${owners.get(source)} and ${name}`).toBe(false);
        owners.set(source, name);
      }
    }
    for (const [name, s] of replicas) {
      const mounts = (s.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[1] : v.target));
      expect(mounts, `${name}: the auth file only`).toEqual(['/etc/hub/auth.json']);
      // With DATABASE_URL the read model and the feeds' access log live in PostgreSQL; the auth
      // file is mounted, so nothing the replica needs is written under HUB_DATA_DIR.
      const config = parseConfig(environmentOf(s));
      expect(config.DATABASE_URL, name).toBeTruthy();
      expect(config.HUB_AUTH_FILE, name).toBe('/etc/hub/auth.json');
      expect(config.HUB_DEMO, name).toBe(false);
    }
    expect(compose.volumes ?? {}).not.toHaveProperty('projector-data');
  });

  it('runs the committee API as two replicas of one projector configuration on one shared PostgreSQL read model', () => {
    expect(replicas.map(([name]) => name).sort()).toEqual(REPLICA_NAMES);
    const [first, second] = replicas.map(([, s]) => s);
    expect(first, 'the replicas differ only by name').toEqual(second);
    const env = environmentOf(first!);
    const config = parseConfig(env);
    expect(config.HUB_SERVICES).toEqual(['projector']);
    expect(config.DATABASE_URL).toBe(parseConfig(environmentOf(compose.services.recorder!)).DATABASE_URL);
    expect(config.ESDB_URL).toBeUndefined();
    expect(config.HUB_PROJECTOR_LEASE_RETRY_MS).toBe(1000);
    expect(dependsOn(first!).postgres).toBe('service_healthy');
    const tuned = loadCompose({ env: { HUB_PROJECTOR_LEASE_RETRY_MS: '250' } });
    for (const name of REPLICA_NAMES) expect(parseConfig(environmentOf(tuned.services[name]!)).HUB_PROJECTOR_LEASE_RETRY_MS).toBe(250);
  });

  it('puts the replicas behind one proxy on host port 8080: pinned nginx, its config mounted read-only, started without waiting for every replica to be healthy', () => {
    const proxy = compose.services.proxy!;
    expect(proxy.build, 'not a hub process').toBeUndefined();
    expect(proxy.image).toMatch(/^nginx:1\.(2[7-9]|[3-9]\d)\.\d+(-alpine)?$/); // `resolve` in upstreams needs 1.27.3+
    expect(proxy.restart).toBe('unless-stopped');
    expect(proxy.volumes).toEqual(['./infra/proxy/nginx.conf:/etc/nginx/nginx.conf:ro']);
    expect(hostPortsOf(proxy)).toEqual([{ hostIp: '127.0.0.1', published: '8080', target: '8080' }]);
    // One replica failing to start must not keep the API down.
    expect(dependsOn(proxy)).toEqual(Object.fromEntries(REPLICA_NAMES.map((n) => [n, 'service_started'])));
    expect(JSON.stringify(proxy.healthcheck?.test)).toContain('http://127.0.0.1:8080/healthz');
    expect(readComposeText()).toMatch(/^#\s+8080 proxy: committee API/m);
  });

  it('has the proxy spread requests round robin over exactly the replicas, retry on a failed connection and outwait a long poll', () => {
    const upstream = nginxBlock(nginxConf, 'upstream', 'committee_api');
    const servers = upstream.filter((d) => d.name === 'server');
    expect(servers.map((d) => d.args[0]).sort(), 'every replica, nothing else').toEqual(replicas.map(([name, s]) => `${name}:${environmentOf(s).PORT}`).sort());
    for (const d of servers) {
      expect(d.args, `${d.args[0]}: passive health`).toEqual(expect.arrayContaining([expect.stringMatching(/^max_fails=[1-9]\d*$/), expect.stringMatching(/^fail_timeout=\d+s$/)]));
      expect(d.args, `${d.args[0]}: found again when re-created`).toContain('resolve');
      expect(d.args.some((a) => a === 'backup' || a === 'down' || a.startsWith('weight=')), d.args[0]).toBe(false);
    }
    // Round robin: no other balancing method.
    for (const method of ['ip_hash', 'hash', 'least_conn', 'random', 'sticky']) expect(upstream.some((d) => d.name === method), method).toBe(false);
    expect(upstream.find((d) => d.name === 'zone'), '`resolve` needs a shared zone').toBeDefined();
    const http = nginxBlock(nginxConf, 'http');
    expect(http.find((d) => d.name === 'resolver')?.args[0], "Docker's DNS").toBe('127.0.0.11');
    // Idle upstream connections are dropped before the hub drops them.
    const keepalive = upstream.find((d) => d.name === 'keepalive_timeout');
    expect(keepalive).toBeDefined();
    expect(nginxMs(keepalive!.args[0]!)).toBeLessThan(parseConfig(environmentOf(replicas[0]![1])).HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS);

    const server = nginxBlock(nginxConf, 'server');
    const published = hostPortsOf(compose.services.proxy!)[0]!;
    expect(server.find((d) => d.name === 'listen')?.args).toEqual([published.target]);
    const location = nginxBlock(nginxConf, 'location', '/');
    const get = (name: string) => location.find((d) => d.name === name)?.args;
    expect(get('proxy_pass')).toEqual(['http://committee_api']);
    expect(get('proxy_http_version')).toEqual(['1.1']);
    expect(get('proxy_next_upstream')).toEqual(expect.arrayContaining(['error', 'timeout']));
    expect(get('proxy_next_upstream')).not.toContain('non_idempotent');
    expect(Number(get('proxy_next_upstream_tries')?.[0])).toBeGreaterThanOrEqual(2);
    // A feed waits up to MAX_WAIT_SECONDS before it answers: the proxy waits well beyond that.
    for (const name of ['proxy_read_timeout', 'proxy_send_timeout']) {
      expect(nginxMs(get(name)![0]!), name).toBeGreaterThanOrEqual((MAX_WAIT_SECONDS + 30) * 1000);
    }
  });

  it('resolves every dependency and health condition, and declares every named volume', () => {
    const dockerfile = fs.readFileSync(path.join(repoRoot, 'infra/Dockerfile'), 'utf8');
    const declared = new Set(Object.keys(compose.volumes ?? {}));
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [dep, condition] of Object.entries(dependsOn(s))) {
        const target = compose.services[dep];
        expect(target, `${name} depends on unknown ${dep}`).toBeDefined();
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') {
          const hasCheck = target!.healthcheck !== undefined || (target!.build !== undefined && /^HEALTHCHECK /m.test(dockerfile));
          expect(hasCheck, `${dep} needs a healthcheck for ${name}`).toBe(true);
        }
        if (condition === 'service_completed_successfully') expect(target!.restart, dep).toBe('no');
      }
      for (const v of s.volumes ?? []) {
        const source = typeof v === 'string' ? v.split(':')[0]! : v.type === 'volume' ? v.source! : undefined;
        if (source === undefined) continue;
        if (source.startsWith('.') || source.startsWith('/')) {
          expect(fs.existsSync(path.join(repoRoot, source)), `${name}: ${source}`).toBe(true);
        } else {
          expect(declared.has(source), `${name}: volume ${source} not declared`).toBe(true);
        }
      }
    }
  });

  it('runs Kafka as a three-node KRaft cluster without automatic topic creation, replicating 3 times with 2 in sync', () => {
    const envs = KAFKA_NODES.map((node) => environmentOf(compose.services[node]!));
    expect(new Set(envs.map((e) => e.KAFKA_NODE_ID))).toEqual(new Set(['1', '2', '3']));
    expect(new Set(envs.map((e) => e.CLUSTER_ID)).size, 'one cluster').toBe(1);
    for (const [i, env] of envs.entries()) {
      const node = KAFKA_NODES[i]!;
      expect(compose.services[node]!.image).toBe('apache/kafka:3.9.1');
      expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
      expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
      expect(env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS).toBe('0');
      expect(env.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe('3');
      expect(env.KAFKA_MIN_INSYNC_REPLICAS).toBe('2');
      expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('3');
      expect(env.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR).toBe('3');
      expect(env.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR).toBe('2');
      expect(env.KAFKA_LOG_DIRS).toBe('/var/lib/kafka/data');
      expect(env.CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/);
      // Every node votes in the same quorum of the three, on its controller listener.
      const voters = (env.KAFKA_CONTROLLER_QUORUM_VOTERS ?? '').split(',').map((v) => /^(\d+)@([^:]+):(\d+)$/.exec(v));
      expect(voters.map((v) => v?.[2])).toEqual(KAFKA_NODES);
      expect(voters.find((v) => v?.[2] === node)?.[1]).toBe(env.KAFKA_NODE_ID);
      expect(env.KAFKA_LISTENERS).toContain(`CONTROLLER://:${voters[0]?.[3]}`);
      expect(compose.services[node]!.healthcheck).toBeDefined();
      expect(compose.services[node]!.volumes).toEqual([`${node}-data:/var/lib/kafka/data`]);
    }
    const init = compose.services['kafka-init']!;
    const script = ([] as string[]).concat(init.command ?? []).join('\n');
    expect(script).toContain('for agency in police fire health transport safety; do');
    expect(script).toContain('"hub.events.$agency"'); // $$ in the file is a literal $
    expect(script).toContain('--topic hub.events.deadletter');
    expect(script).toContain('--if-not-exists');
    expect(script.match(/--replication-factor 3\b/g)).toHaveLength(2);
    expect(script.match(/min\.insync\.replicas=2\b/g)).toHaveLength(2);
    // The hub creates its topics the same way when kafka-init has not.
    for (const [name, s] of hub) {
      const config = parseConfig(environmentOf(s));
      expect([config.KAFKA_REPLICATION_FACTOR, config.KAFKA_MIN_INSYNC_REPLICAS], name).toEqual([3, 2]);
    }
  });

  it('gives every process that produces to Kafka a transactional id that survives re-creating its container', () => {
    const ids = new Map<string, string>();
    for (const [name, s] of hub) {
      const env = environmentOf(s);
      if (!env.KAFKA_BROKERS) continue;
      const id = env.HUB_KAFKA_TRANSACTIONAL_ID;
      expect(id, `${name}: HUB_KAFKA_TRANSACTIONAL_ID`).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(ids.has(id!), `${name} shares ${id} with ${ids.get(id!)}`).toBe(false);
      ids.set(id!, name);
    }
    expect(ids.size).toBe(6);
  });

  it('keeps KurrentDB as the alternative store: its own profile, and an override file pointing the recorder and the replicas at it', () => {
    const s = compose.services.kurrentdb!;
    expect(s.profiles).toEqual(['kurrentdb']);
    const override = parse(fs.readFileSync(path.join(repoRoot, 'infra/compose/kurrentdb.yml'), 'utf8'), { strict: true, uniqueKeys: true }) as {
      services: Record<string, ComposeService>;
    };
    expect(Object.keys(override.services).sort()).toEqual([...REPLICA_NAMES, 'recorder']);
    for (const [name, o] of Object.entries(override.services)) {
      // What compose makes of the two files: the override's variables over the main file's.
      const env = { ...environmentOf(compose.services[name]!), ...environmentOf(o) };
      const m = /^esdb:\/\/([^:/?]+):(\d+)\?tls=false$/.exec(env.ESDB_URL ?? '');
      expect(m, name).not.toBeNull();
      expect(m![1]).toBe('kurrentdb');
      expect(m![2]).toBe(environmentOf(s).KURRENTDB_NODE_PORT);
      expect(parseConfig(env).ESDB_URL, name).toBe(env.ESDB_URL);
      expect(dependsOn(o).kurrentdb, name).toBe('service_healthy');
      // The read model, its lease and the access log stay PostgreSQL's (services/hub/compose.ts).
      if (REPLICA_NAMES.includes(name)) {
        expect(parseConfig(env).DATABASE_URL, name).toBeTruthy();
        expect(dependsOn(compose.services[name]!).postgres, name).toBe('service_healthy');
      }
    }
    expect(readComposeText()).toContain('-f infra/compose/kurrentdb.yml --profile kurrentdb');
  });

  it('runs KurrentDB as an insecure single dev node reachable by the hub', () => {
    const s = compose.services.kurrentdb!;
    expect(s.image).toMatch(/^docker\.kurrent\.io\/kurrent-latest\/kurrentdb:\d/);
    const env = environmentOf(s);
    expect(env.KURRENTDB_INSECURE).toBe('true');
    expect(env.KURRENTDB_CLUSTER_SIZE).toBe('1');
    expect(env.KURRENTDB_NODE_PORT).toBe('2113');
    expect(JSON.stringify(s.healthcheck?.test)).toContain('/health/live');
  });

  it('has Prometheus scrape every hub process on its own port, labelled with what it runs', () => {
    const prom = parse(fs.readFileSync(path.join(repoRoot, 'infra/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ job_name: string; metrics_path?: string; static_configs: Array<{ targets: string[]; labels?: Record<string, string> }> }>;
    };
    const job = prom.scrape_configs.find((j) => j.job_name === 'hub');
    expect(job).toBeDefined();
    expect(job!.metrics_path ?? '/metrics').toBe('/metrics');
    const targets = new Map(job!.static_configs.flatMap((sc) => sc.targets.map((t) => [t, sc.labels ?? {}] as const)));
    for (const [name, s] of hub) {
      const env = environmentOf(s);
      const target = `${name}:${env.PORT}`;
      expect(targets.has(target), `${target} not scraped`).toBe(true);
      expect(targets.get(target)!.service).toBe(parseConfig(env).HUB_SERVICES.join(','));
    }
    expect(targets.size, 'no stale targets').toBe(hub.length);
    // Prometheus reads its config from the mounted folder.
    const mounts = compose.services.prometheus!.volumes ?? [];
    expect(mounts).toContain('./infra/prometheus:/etc/prometheus:ro');
    expect(compose.services.prometheus!.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
  });
});
