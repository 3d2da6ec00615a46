// A small SMTP server on a free port that keeps what it accepts, for the e-mail journeys (no TLS, no auth:
// the server under test reaches it with SMTP_URL=smtp://127.0.0.1:PORT).
import { createServer } from 'node:net';

/** Decodes a header's RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`). */
function decodeWords(value) {
  return value.replace(/\s*=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_, kind, text) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
}

/** A MIME part's body as text, whatever its transfer encoding (quoted-printable or base64). */
function decodePart(part) {
  const [head, ...rest] = part.split(/\r?\n\r?\n/);
  const body = rest.join('\r\n\r\n');
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The decoded subject, the decoded text of every part (`text`) and the raw message. */
function parse(raw) {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const header = (name) => head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(head)?.[1];
  const parts = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [raw];
  const text = parts.map((part) => decodePart(part.replace(/^\r?\n/, ''))).join('\n');
  return { subject: decodeWords(header('subject')), messageId: header('message-id'), text, raw };
}

/** @returns {Promise<{url: string, messages: Array<{to: string[], subject: string, messageId: string, raw: string}>, close: () => void}>} */
export function startSmtpSink() {
  const messages = [];
  const server = createServer((socket) => {
    let buffer = '';
    let to = [];
    let data = null;
    socket.write('220 sink.e2e ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            messages.push({ to, ...parse(data.join('\r\n')) });
            data = null;
            to = [];
            socket.write('250 OK\r\n');
          } else {
            data.push(line.startsWith('.') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.split(/[ :]/)[0].toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink.e2e\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        else if (verb === 'RCPT') { to.push(line.slice(line.indexOf('<') + 1, line.indexOf('>'))); socket.write('250 OK\r\n'); }
        else if (verb === 'DATA') { data = []; socket.write('354 Go\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 Bye\r\n'); }
        else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({ url: `smtp://127.0.0.1:${server.address().port}`, messages, close: () => server.close() });
    });
  });
}
