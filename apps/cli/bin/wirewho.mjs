#!/usr/bin/env node
// Launcher for installs that run the CLI from source: registers the TypeScript loader, then starts it.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
