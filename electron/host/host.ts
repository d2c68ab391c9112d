import { runCli } from './cli.ts';

// Entry of dist/host/host.cjs: the browser host and the command line share this binary.
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
