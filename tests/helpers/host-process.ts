// Runs the browser host in its own process, for tests whose failure mode is a crash of the
// host (a crash inside the test worker would take the whole test file down with it).
// Usage: node tests/helpers/host-process.ts <dataDir> <rendererDir> <token>
// Prints one line of JSON ({"port": N}) once listening, then serves until killed.
import { Backend } from '../../electron/backend/backend.ts';
import { startHost } from '../../electron/host/http.ts';

const [dataDir = '', rendererDir = '', token = ''] = process.argv.slice(2);
const backend = await Backend.open({ dataDir });
const host = await startHost({ backend, rendererDir, token });
process.stdout.write(`${JSON.stringify({ port: host.port })}\n`);
process.on('SIGTERM', () => {
  void host.close().then(() => {
    backend.close();
    process.exit(0);
  });
});
