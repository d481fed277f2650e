import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from '../../../src/entry/node-version.ts';

describe('the Node version check the entries run first', () => {
  it('stops Node 20 with what to do instead', () => {
    expect(nodeVersionProblem('v20.20.2')).toBe(
      'Creditline needs Node 22 or newer (22.19 at least); this is Node 20.20.2.\n' +
        'Install it with nvm (`nvm install 22`) or from https://nodejs.org, or run once through npx: ' +
        '`npx -y node@22 --import tsx src/entry/node.ts`.',
    );
  });

  it('stops a Node 22 older than 22.19, whose zlib lacks what undici loads', () => {
    expect(nodeVersionProblem('v22.12.0')).toMatch(
      /^Creditline needs Node 22 or newer \(22\.19 at least\); this is Node 22\.12\.0\./,
    );
    expect(nodeVersionProblem('v22.18.9', 'npx -y node@22 bin/creditline.mjs ...')).toMatch(
      /run once through npx: `npx -y node@22 bin\/creditline\.mjs \.\.\.`\.$/,
    );
  });

  it('lets 22.19 and every later version through', () => {
    for (const version of ['v22.19.0', 'v22.23.3', 'v23.0.0', 'v24.11.1', 'v26.0.0'])
      expect(nodeVersionProblem(version)).toBeUndefined();
  });
});
