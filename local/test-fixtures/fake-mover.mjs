// Fixture mover: `<verb> <job>`; job "fail" exits 3 after writing to stderr, any other job
// must match KARBOR_JOB (set through the container override's Environment) and exits 0.
const [verb, job] = process.argv.slice(2);
if (job === 'fail') {
  process.stderr.write('reading volume\nfirst problem\nlast words: device vanished\n');
  process.exit(3);
}
if (verb !== 'backup' || job !== process.env.KARBOR_JOB) {
  process.stderr.write(`unexpected invocation ${verb} ${job} (KARBOR_JOB=${process.env.KARBOR_JOB})\n`);
  process.exit(2);
}
process.stdout.write(`moved ${job}\n`);
