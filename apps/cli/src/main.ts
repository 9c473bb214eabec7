#!/usr/bin/env node
/** Entry point of the `wirewho` command. */
import { main } from './program.js';

await main(process.argv);
