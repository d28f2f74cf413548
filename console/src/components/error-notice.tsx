import { describeError } from '../api/api-error.js';

/** An error in plain words, the server's explanation, and the request id to quote. */
export const ErrorNotice = ({ error, context }: { error: unknown; context?: string }) => {
  if (error === undefined || error === null) return null;
  const { summary, detail, requestId } = describeError(error);
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>{context ? `${context}: ` : ''}</strong>
        {summary}
      </p>
      {detail && <p class="notice-detail">{detail}</p>}
      {requestId && (
        <p class="notice-request-id">
          Request id: <code>{requestId}</code>
        </p>
      )}
    </div>
  );
};
