// Over-limit inbound mail and the server's memory (issue 23, item 7):
//
//   "Four 60 MB mails without SIZE= raised RSS from 732 to 945 MB; two of 200 MB to
//    1.38 GB, never released. Count bytes as they stream and stop at
//    TOUCHPOINT_MAIL_MAX_BYTES."
//
// Starts the real server (PGlite on disk, the default 10 MB limit), lets it settle, then
// sends those mails one after the other over a plain SMTP session that declares no size
// (MAIL FROM without SIZE=, as a sender that does not read EHLO's SIZE would), and reads
// the server's resident memory (VmRSS) from /proc before, at its peak, after each batch
// and after 10 s of rest. Every mail must be answered 552.
//
//   node bin/run-ts.js bench/mail-size.ts
//   BENCH_MAIL_SIZES=60,60,60,60 node bin/run-ts.js bench/mail-size.ts   # MB a mail, one batch
//
// Results are printed and written to bench/results/mail-size.md.

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fmtMiB, machineLine, memoryOf, rssSampler } from './lib/measure.ts';
import { cleanUpOnSignals, freePort, onCleanup, ROOT, runCleanups, sleep, startServer } from './lib/server.ts';

const MB = 1024 * 1024;
const BATCHES: number[][] = process.env.BENCH_MAIL_SIZES
  ? [process.env.BENCH_MAIL_SIZES.split(',').map(Number)]
  : [
      [60, 60, 60, 60],
      [200, 200],
    ];

/** A minimal SMTP client: replies are read whole (multi-line ones too), the message is streamed with back-pressure. */
async function sendWithoutSize(port: number, megabytes: number): Promise<{ reply: string; seconds: number }> {
  const socket = net.connect(port, '127.0.0.1');
  let buffered = '';
  const waiting: ((reply: string) => void)[] = [];
  const replies: string[] = [];
  socket.on('data', (chunk) => {
    buffered += chunk.toString();
    for (let m; (m = /^(\d{3}) .*\r\n/m.exec(buffered)); ) {
      const reply = buffered.slice(0, m.index + m[0].length).trim();
      buffered = buffered.slice(m.index + m[0].length);
      const next = waiting.shift();
      if (next) next(reply);
      else replies.push(reply);
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const reply = () => new Promise<string>((resolve) => (replies.length ? resolve(replies.shift()!) : waiting.push(resolve)));
  const expect = async (code: string) => {
    const r = await reply();
    if (!r.split('\r\n').at(-1)!.startsWith(code)) throw new Error(`expected ${code}, got: ${r}`);
  };
  const write = (data: string | Buffer) => new Promise<void>((resolve, reject) => socket.write(data, (err) => (err ? reject(err) : resolve())));

  await expect('220');
  await write('EHLO bench.example\r\n');
  await expect('250');
  await write('MAIL FROM:<bench@sender.example>\r\n');
  await expect('250');
  await write('RCPT TO:<support@help.example>\r\n');
  await expect('250');
  await write('DATA\r\n');
  await expect('354');
  const started = performance.now();
  await write(`From: bench@sender.example\r\nSubject: ${megabytes} MB\r\nContent-Type: text/plain\r\n\r\n`);
  const line = 'x'.repeat(998) + '\r\n';
  const chunk = Buffer.from(line.repeat(64));
  for (let sent = 0; sent < megabytes * MB; sent += chunk.length) {
    if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
  }
  await write('\r\n.\r\n');
  const answer = await reply();
  const seconds = (performance.now() - started) / 1000;
  await write('QUIT\r\n');
  await closed;
  return { reply: answer, seconds };
}

async function main() {
  cleanUpOnSignals('mail-size');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-mail-'));
  onCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const smtpPort = await freePort();
  const server = await startServer({ env: { TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_SMTP_PORT: String(smtpPort) } });
  await sleep(10_000); // the start-up jobs settle
  const rss = rssSampler(server.pid, 50);
  const rows: string[] = [];
  const at = (label: string) => {
    const m = memoryOf(server.pid)!;
    console.log(`${label}: RSS ${fmtMiB(m.rss)}`);
    return m.rss;
  };
  const idle = at('idle');
  rows.push(`| idle, after start-up | ${fmtMiB(idle)} | | |`);
  for (const batch of BATCHES) {
    rss.reset();
    const answers: string[] = [];
    const seconds: number[] = [];
    for (const megabytes of batch) {
      const { reply, seconds: s } = await sendWithoutSize(smtpPort, megabytes);
      if (!reply.startsWith('552')) throw new Error(`a ${megabytes} MB mail was answered: ${reply}`);
      answers.push(reply);
      seconds.push(s);
    }
    const after = at(`after ${batch.join(' + ')} MB`);
    const peak = rss.peak;
    await sleep(10_000);
    const rested = at('after 10 s of rest');
    rows.push(
      `| ${batch.length} × ${batch[0]} MB, one after the other | ${fmtMiB(after)} (${fmtMiB(rested)} after 10 s) | ${fmtMiB(peak)} | ${seconds.map((s) => s.toFixed(1)).join(', ')} s |`,
    );
    console.log(`peak ${fmtMiB(peak)}; answers: ${answers[0]}`);
  }
  rss.stop();
  await runCleanups('mail-size');

  const text = `## Over-limit inbound mail and memory (\`bench/mail-size.ts\`)

Machine: ${machineLine()}. The machine was shared with other work: the seconds are a floor, the memory figures are the server's own.

The real server (\`node bin/touchpoint.js start\`, PGlite on disk, \`TOUCHPOINT_MAIL_MAX_BYTES\` at its default of 10 MiB) after 10 s of rest; mails of \`x\` lines sent one after the other over a plain SMTP session that declares no size (\`MAIL FROM\` without \`SIZE=\`). Every mail was answered \`552\`. Resident memory (VmRSS) of the server's process, sampled every 50 ms for the peak.

| Mails | RSS after | Peak RSS | Seconds a mail (transfer to 552) |
|---|---|---|---|
${rows.join('\n')}

Reproduce: \`node bin/run-ts.js bench/mail-size.ts\` (\`BENCH_MAIL_SIZES=60,60\` for one batch of other sizes, in MB).
`;
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'mail-size.md'), text);
  console.log(`\n${text}`);
}

main().catch(async (err) => {
  console.error(err);
  await runCleanups('mail-size');
  process.exit(1);
});
