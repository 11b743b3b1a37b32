import nodemailer from "nodemailer";
import type { Logger } from "pino";
import type { Config } from "./config.ts";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * SMTP through nodemailer when SMTP_URL is set. Without it, the message (with its link) is written to the
 * log so the administrator can pass it on; nothing fails.
 */
export function createMailer(config: Config, log: Logger): Mailer {
  if (!config.SMTP_URL) {
    return {
      async send(mail) {
        log.warn(
          { to: mail.to, subject: mail.subject, body: mail.text },
          "SMTP_URL is not set: email not sent, logged instead",
        );
      },
    };
  }
  const transport = nodemailer.createTransport(config.SMTP_URL);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.SMTP_FROM, ...mail });
    },
  };
}
