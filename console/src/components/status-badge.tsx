const tone = (status: string): string => {
  if (['available', 'success', 'started', 'enabled'].includes(status)) return 'good';
  if (['error', 'fail', 'error-deleting'].includes(status)) return 'bad';
  if (['protecting', 'in_progress', 'restoring', 'deleting', 'copying'].includes(status)) return 'busy';
  return 'neutral';
};

const words: Readonly<Record<string, string>> = {
  in_progress: 'in progress',
  fail: 'failed',
  'error-deleting': 'delete failed',
};

export const StatusBadge = ({ status }: { status: string }) => (
  <span class={`badge badge-${tone(status)}`}>{words[status] ?? status}</span>
);
