import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A real SMTP server on loopback that keeps every mail it is given (where SMTP_URL points in tests). */
export async function startSmtpCatcher(): Promise<{ url: string; caught: ParsedMail[]; close(): Promise<void> }> {
  const caught: ParsedMail[] = [];
  const catcher = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((m) => {
        caught.push(m);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => catcher.listen(0, '127.0.0.1', resolve));
  const port = (catcher.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, caught, close: () => new Promise<void>((resolve) => catcher.close(() => resolve())) };
}
