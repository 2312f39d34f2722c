import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** One way of getting a message to an address. Both channels throw when the message did not go out. */
export interface DeliveryChannel {
  send(address: string, subject: string, text: string): Promise<void>;
}

/** E-mail over SMTP (`SMTP_URL`, e.g. `smtp://user:pass@mail.example.com:587`). */
export class SmtpChannel implements DeliveryChannel {
  private readonly transport: Transporter;

  constructor(url: string, private readonly from: string, timeoutMs: number) {
    this.transport = createTransport({ url, connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs } as SMTPTransport.Options);
  }

  async send(address: string, subject: string, text: string): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: address, subject, text });
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * A group robot's webhook (WeChat Work 企业微信, DingTalk 钉钉 and the like take the same text
 * message): a JSON POST; anything but a 2xx, or a robot's non-zero `errcode`, is a failure.
 */
export class WebhookChannel implements DeliveryChannel {
  constructor(private readonly timeoutMs: number) {}

  async send(address: string, subject: string, text: string): Promise<void> {
    const response = await fetch(address, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ msgtype: 'text', text: { content: `${subject}\n${text}` } }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`webhook answered ${response.status}: ${body.slice(0, 200)}`);
    const errcode = /"errcode"\s*:\s*(-?\d+)/.exec(body)?.[1];
    if (errcode && errcode !== '0') throw new Error(`webhook refused the message: ${body.slice(0, 200)}`);
  }
}
