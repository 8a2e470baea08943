import { SMTPServer } from "smtp-server";
import { freePort } from "../../server/testing/portal-process.ts";

/** A real SMTP server on a loopback port that keeps what it receives (the email e2e specs). */
export interface Received {
  to: string[];
  raw: string;
}

export interface MailSink {
  port: number;
  received: Received[];
  /** The first message to `to`, waiting up to `timeoutMs`; `log` explains a timeout. */
  waitFor(to: string, log: () => string, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
}

export async function startMailSink(): Promise<MailSink> {
  const port = await freePort();
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    port,
    received,
    async waitFor(to, log, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((m) => m.to.includes(to));
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no email to ${to}; log:\n${log().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decodeQuotedPrintable(value: string): string {
  const soft = value.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i] ?? "", "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The text/html part of a message nodemailer sent (quoted-printable or plain). */
export function htmlPart(raw: string): string {
  const start = raw.search(/Content-Type: text\/html/i);
  const body = raw
    .slice(start)
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join("\n\n");
  const end = body.search(/\r?\n--/);
  const part = end >= 0 ? body.slice(0, end) : body;
  return /Content-Transfer-Encoding: quoted-printable/i.test(raw.slice(start, start + 300))
    ? decodeQuotedPrintable(part)
    : part;
}
