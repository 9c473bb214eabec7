// Node module hook: `import ... from 'electron'` resolves to the stub beside this file, so the built
// main-process bundle can run in plain Node (the Electron binary cannot be installed on these machines).
import { register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url));
