/** The command line for what the console does, folded away until asked for. */
export const CliEquivalent = ({ command }: { command: string }) => (
  <details class="cli">
    <summary>Command line</summary>
    <pre>
      <code>{command}</code>
    </pre>
  </details>
);
