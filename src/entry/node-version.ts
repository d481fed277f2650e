// Creditline needs Node 22.19 or newer: undici, under Slack's client, reads zlib's zstd support as it
// loads, and on an older Node fails with a TypeError from deep inside. This check says why instead.
// It imports nothing, so it runs on any Node; entries load it before anything else.

const MINIMUM = [22, 19, 0] as const;
const START_ONCE = 'npx -y node@22 --import tsx src/entry/node.ts';

/** The message for a Node too old to run Creditline, or undefined when `version` will do. */
export function nodeVersionProblem(version: string, runOnce = START_ONCE): string | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) return undefined;
  const parts = [Number(match[1]), Number(match[2]), Number(match[3])];
  for (const [index, minimum] of MINIMUM.entries()) {
    const part = parts[index] ?? 0;
    if (part > minimum) return undefined;
    if (part < minimum) {
      return (
        `Creditline needs Node 22 or newer (22.19 at least); this is Node ${version.replace(/^v?/, '')}.\n` +
        `Install it with nvm (\`nvm install 22\`) or from https://nodejs.org, or run once through npx: \`${runOnce}\`.`
      );
    }
  }
  return undefined;
}

export function exitUnlessNodeIsRecent(runOnce?: string): void {
  const problem = nodeVersionProblem(process.version, runOnce);
  if (!problem) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
