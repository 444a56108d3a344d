// Node entry: read the environment, start the server, stop cleanly on a signal.
import { ConfigError, loadConfig } from './config.js';
import { startBffServer } from './server.js';

try {
  const config = loadConfig(process.env);
  const server = await startBffServer(config);
  console.error(`identity-verify BFF listening on ${server.url}${server.metricsUrl ? ` (metrics on ${server.metricsUrl}/metrics)` : ''}`);
  // Said at every start, so a development BFF is never mistaken for a deployment.
  if (!config.production) console.error('IDV_MODE=development: local secrets may be generated and test settings are allowed; never deploy this.');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
