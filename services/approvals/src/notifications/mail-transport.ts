import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Where e-mails leave the platform; the SMTP implementation is the only one. */
export interface MailTransport {
  send(mail: Mail): Promise<void>;
  close(): void;
}

const DEFAULT_FROM = 'Tata Laman <no-reply@tatalaman.local>';

/**
 * SMTP from `SMTP_URL`: `smtp://[user:pass@]host[:port]` (STARTTLS when the
 * server offers it) or `smtps://…` (TLS from the start). A `from` query
 * parameter sets the sender: `smtp://mail.kpu.go.id:587/?from=Tata%20Laman%20%3Cno-reply%40kpu.go.id%3E`.
 */
export function smtpTransport(url: string): MailTransport {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  const options: SMTPTransport.Options = {
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const from = u.searchParams.get('from') || DEFAULT_FROM;
  const transporter: Transporter<SMTPTransport.SentMessageInfo> = createTransport(options);
  return {
    async send(mail) {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transporter.close();
    },
  };
}
