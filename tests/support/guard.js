// Runs a command and stops it when this process's stdin closes.
//
// The test that starts a server holds the write end of our stdin. However the test process ends
// (a panic, a timeout, even SIGKILL) the kernel closes that end, and we take the server down with
// us: SIGTERM to our process group (the test spawns us as a group leader, and the server and
// anything it forks inherit the group), then SIGKILL after a grace period.
//
// Usage: node tests/support/guard.js <command> [args...]
'use strict';

const { spawn } = require('child_process');

const GRACE_MS = 3000;
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: guard.js <command> [args...]');
  process.exit(2);
}

// The group's SIGTERM is for the server; we stay to send SIGKILL if it is ignored.
process.on('SIGTERM', () => {});

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.on('error', (error) => {
  console.error(`guard: could not start ${command}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  process.exit(code === null ? 128 + (signal === 'SIGKILL' ? 9 : 15) : code);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(-process.pid, 'SIGTERM');
  } catch (_) {
    child.kill('SIGTERM');
  }
  setTimeout(() => {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch (_) {
      child.kill('SIGKILL');
      process.exit(137);
    }
  }, GRACE_MS).unref();
}

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
