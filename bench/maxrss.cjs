// Preloaded (`node -r bench/maxrss.cjs ...`) into a process the benchmarks time: at exit it writes the
// process's peak resident set (process.resourceUsage().maxRSS, KiB) to the file named by
// EKSNET_BENCH_MAXRSS, since /usr/bin/time -v is not on every machine.
const fs = require('node:fs');

process.on('exit', () => {
  const file = process.env.EKSNET_BENCH_MAXRSS;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
});
