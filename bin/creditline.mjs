#!/usr/bin/env node
// The `creditline` command. Creditline runs its TypeScript directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/run.ts');
