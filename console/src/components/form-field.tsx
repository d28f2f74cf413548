import type { ComponentChildren } from 'preact';

/** A labelled form control: the children are the control (with `id`) and any help text for it. */
export const FormField = ({
  id,
  label,
  children,
}: {
  id: string;
  label: string;
  children: ComponentChildren;
}) => (
  <div class="field">
    <label for={id}>{label}</label>
    {children}
  </div>
);
