#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx's loader, so there is
// no build step to forget and no stale output to confuse a newcomer.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
