import { parseArgs } from 'node:util';
import { generateApiKey, storeApiKey } from '../auth/apiKeys.js';
import { ConfigError, loadConfig } from '../config.js';
import { createStore, startServer, systemClock, type ServerMode } from '../server.js';

const USAGE = `usage: jobs-api <command> [options]

commands:
  serve                     API and worker in one process (the default)
  api                       API only (scale out: any number, one database)
  worker                    worker only (scale out: any number, one database)
  migrate                   apply the database migrations and exit
  keys create --org <id> [--name <name>] [--json]
                            create an API key for an organization (shown once)
  keys list [--json]        list the keys (prefix, organization, status)
  keys revoke <prefix|id>   revoke the keys whose prefix or id starts with this
  help                      this text

Configuration comes from the environment (DATA_DIR, DATABASE_URL, PORT, …: see the README).`;

/** Runs one CLI command; answers the exit code. Long-running modes resolve when stopped by a signal. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const [command = 'serve', ...rest] = argv;
    switch (command) {
      case 'serve':
      case 'api':
      case 'worker':
        return await serve(command, env);
      case 'migrate': {
        const store = await createStore(loadConfig(env));
        await store.migrate();
        await store.close();
        console.log('migrations applied');
        return 0;
      }
      case 'keys':
        return await keys(rest, env);
      case '-h':
      case '--help':
      case 'help':
        console.log(USAGE);
        return 0;
      default:
        console.error(`unknown command "${command}"\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
      console.error(`jobs-api: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

async function serve(mode: ServerMode, env: NodeJS.ProcessEnv): Promise<number> {
  const server = await startServer({ mode, env, createFirstKey: mode !== 'worker' });
  if (server.url) {
    console.log(`Jobs API listening on ${server.url} (${server.store.engine}, data in ${server.config.dataDir})`);
    console.log(`  API reference: ${server.url}/docs   spec: ${server.url}/openapi.yaml   dashboard: ${server.url}/dashboard/`);
    if (server.firstApiKey) {
      console.log(`  A first API key was created for ${server.config.defaultOrganizationId}; it is shown only this once:`);
      console.log(`    Api-Key: ${server.firstApiKey}`);
    } else if (server.config.bootstrapApiKey) {
      console.log(`  Api-Key: the key in JOBS_API_KEY (organization ${server.config.defaultOrganizationId})`);
    } else {
      console.log('  Use an existing key (`jobs-api keys list`), or create one with `jobs-api keys create --org <id>`.');
    }
  } else {
    console.log(`Jobs API worker ${server.worker?.id} running (${server.store.engine})`);
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`${signal}: stopping (running jobs get ${server.config.shutdownGraceMs} ms to finish)`);
      server.close().then(resolve, (error: unknown) => {
        console.error(error);
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

async function keys(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { org: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const store = await createStore(loadConfig(env));
  await store.migrate();
  try {
    switch (action) {
      case 'create': {
        if (!values.org) {
          console.error('keys create needs --org <organization id>');
          return 2;
        }
        const key = generateApiKey();
        const record = await storeApiKey(store, key, values.org, systemClock.now(), values.name ?? null);
        if (values.json) console.log(JSON.stringify({ id: record.id, organization_id: record.organizationId, prefix: record.prefix, key }));
        else console.log(`${key}\n(organization ${record.organizationId}, id ${record.id}; the key is shown only this once)`);
        return 0;
      }
      case 'list': {
        const keys = await store.listApiKeys();
        if (values.json) {
          console.log(
            JSON.stringify(
              keys.map((k) => ({
                id: k.id,
                organization_id: k.organizationId,
                prefix: k.prefix,
                name: k.name,
                created_at: k.createdAt,
                revoked_at: k.revokedAt,
              })),
            ),
          );
        } else {
          for (const k of keys) {
            console.log(`${k.id}  ${k.prefix}…  ${k.organizationId}  ${k.revokedAt ? 'revoked' : 'active'}  ${k.name ?? ''}`);
          }
        }
        return 0;
      }
      case 'revoke': {
        const prefix = positionals[0];
        if (!prefix || prefix.length < 4) {
          console.error('keys revoke needs a key prefix or id (at least 4 characters)');
          return 2;
        }
        const n = await store.revokeApiKeys(prefix, systemClock.now());
        console.log(`${n} key${n === 1 ? '' : 's'} revoked`);
        return n > 0 ? 0 : 1;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } finally {
    await store.close();
  }
}
