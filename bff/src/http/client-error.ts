// Requests Node's HTTP server refuses before the app sees them (a malformed request line, headers
// too large, a request not whole within requestTimeout) are answered as JSON in the API's error
// shape, when the socket can still take an answer, instead of Node's bare status line.
import type { Socket } from 'node:net';
import { API_ERRORS, type ApiErrorCode } from '@identity-verify/contract/errors';

const CODES: Record<string, ApiErrorCode> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
  HPE_HEADER_OVERFLOW: 'validation_failed',
};

export function clientErrorResponse(code: ApiErrorCode, message?: string): string {
  const { status } = API_ERRORS[code];
  const body = JSON.stringify({ error: { code, message: message ?? API_ERRORS[code].message } });
  const reason = code === 'request_timeout' ? 'Request Timeout' : 'Bad Request';
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** The server's 'clientError' listener. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset, or a response already begun on this socket (the app is answering): nothing to add.
  const answering = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (error.code === 'ECONNRESET' || !socket.writable || answering) {
    socket.destroy();
    return;
  }
  const code = CODES[error.code ?? ''] ?? 'validation_failed';
  const message = error.code === 'HPE_HEADER_OVERFLOW' ? 'The request headers are too large.' : code === 'validation_failed' ? 'The request is not valid HTTP.' : undefined;
  socket.end(clientErrorResponse(code, message));
}
