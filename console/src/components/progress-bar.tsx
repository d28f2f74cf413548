/** A labelled progress bar; without a value it says it is waiting for the first report. */
export const ProgressBar = ({ label, percent }: { label: string; percent: number | undefined }) => {
  const rounded = percent === undefined ? undefined : Math.round(percent);
  return (
    <div class="progress">
      <div
        class="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={rounded}
        aria-valuetext={rounded === undefined ? 'starting' : `${rounded}%`}
      >
        <div class="progress-fill" style={{ width: `${rounded ?? 0}%` }} />
      </div>
      <span class="progress-text">{rounded === undefined ? 'starting…' : `${rounded}%`}</span>
    </div>
  );
};
