#!/usr/bin/env node
// The `creditline` command. Creditline runs its TypeScript directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
// First, before any dependency loads: a clear message on too old a Node.
const { exitUnlessNodeIsRecent } = await import('../src/entry/node-version.ts');
exitUnlessNodeIsRecent('npx -y node@22 bin/creditline.mjs ...');
await import('../src/cli/run.ts');
