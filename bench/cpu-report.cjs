// Preloaded into a measured process (node --require): prints its own CPU time at exit, so a figure
// can be read that a busy machine disturbs less than the wall clock.
process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nBENCH_CPU_MS ${((user + system) / 1000).toFixed(1)}\n`);
});
