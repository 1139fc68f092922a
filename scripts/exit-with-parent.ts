// Preloaded into child processes (`node --import`): ends the child when the process that started
// it is gone, even after a `kill -9` that gave the parent no chance to clean up. Without this an
// orphaned server keeps its port and the next start fails.
const startedBy = process.ppid;
setInterval(() => {
  if (process.ppid !== startedBy) process.exit(0);
}, 1000).unref();

export {};
