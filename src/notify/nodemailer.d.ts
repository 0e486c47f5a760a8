// The part of nodemailer's API used here (the package ships no types; @types/nodemailer is not installed).
declare module 'nodemailer' {
  export interface SentMessageInfo { messageId: string; accepted: unknown[]; rejected: unknown[] }
  export interface Transporter {
    sendMail(m: { from: string; to: string; subject: string; text: string }): Promise<SentMessageInfo>;
    close(): void;
  }
  export function createTransport(urlOrOptions: string | Record<string, unknown>): Transporter;
  const nodemailer: { createTransport: typeof createTransport };
  export default nodemailer;
}
