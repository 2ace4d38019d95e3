// Preloaded into a measured process (node --require): prints its own peak RSS and CPU time at exit.
process.on("exit", () => {
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  process.stderr.write(`\nBENCH_MAXRSS_KB ${maxRSS}\nBENCH_CPU_MS ${((userCPUTime + systemCPUTime) / 1000).toFixed(1)}\n`);
});
