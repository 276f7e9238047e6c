// The sellers' and partners' mailboxes: a local SMTP server, run only when the demo starts the
// service itself (it points SMTP_URL here).
import { parseMessage } from '../lib/mime.mjs';

export class SellerInbox {
  /** { to, subject, eventId } per recipient of every message */
  emails = [];
  /** Print e-mails as they arrive (once the story has been told). */
  announce = false;
  #server = null;
  url = '';

  /** Null when smtp-server is not installed (a production install without devDependencies). */
  static async start() {
    let SMTPServer;
    try {
      ({ SMTPServer } = await import('smtp-server'));
    } catch {
      return null;
    }
    const inbox = new SellerInbox();
    inbox.#server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => inbox.#receive(stream, session, callback),
    });
    await new Promise((resolve) => inbox.#server.listen(0, '127.0.0.1', resolve));
    inbox.url = `smtp://127.0.0.1:${inbox.#server.server.address().port}`;
    return inbox;
  }

  close() {
    this.#server?.close();
  }

  #receive(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const message = parseMessage(Buffer.concat(chunks).toString('utf8'));
      for (const { address } of session.envelope.rcptTo) {
        const email = { to: address, subject: message.subject, eventId: message.headers['x-event-id'] };
        this.emails.push(email);
        if (this.announce) console.log(`   ✉️  ${address} ← “${email.subject}”`);
      }
      callback();
    });
  }
}
