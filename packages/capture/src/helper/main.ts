/** Entry point of the capture helper process (spawned by HelperClient; see helper.ts). */
import { CaptureHelper } from './helper.js';

const helper = new CaptureHelper(process.stdin, process.stdout);
process.on('SIGINT', () => helper.stop('stopped')); // a terminal's Ctrl-C reaches the whole group
process.on('SIGTERM', () => helper.stop('stopped'));
const code = await helper.run();
process.exitCode = code;
process.stdin.destroy();
