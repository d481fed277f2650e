import { processIo, runCli } from './main.ts';

runCli(process.argv.slice(2), process.env, processIo).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
