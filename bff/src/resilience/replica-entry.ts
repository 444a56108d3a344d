// One BFF replica as its own OS process, for the resilience suite: the real server (startBffServer)
// from the environment, with the crash point the environment names armed, and one JSON line on
// stdout once it listens ({"ready":true,"url":…}), which the suite waits for instead of sleeping.
import { ConfigError, loadConfig } from '../config.js';
import { startBffServer } from '../server.js';
import { armCrashPoint } from './crash-point.js';

try {
  const config = loadConfig(process.env);
  armCrashPoint(config.testCrashAt);
  const server = await startBffServer(config);
  process.stdout.write(`${JSON.stringify({ ready: true, url: server.url, pid: process.pid })}\n`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
