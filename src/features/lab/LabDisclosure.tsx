import { useState, type ReactNode } from 'react';

/**
 * One of the Lab's further experiments, folded under its title. The Lab step holds the guided
 * lesson, the comparison and four experiments; all open it measured 2,670 px at 1366x768, over
 * the three screens (2,304 px) a step may take, so each experiment opens when a student asks,
 * and by itself while it runs (`forceOpen`).
 */
export function LabDisclosure({
  title,
  label,
  testId,
  forceOpen = false,
  children,
}: {
  title: string;
  label: string;
  testId: string;
  forceOpen?: boolean;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="lab-disclosure"
      aria-label={label}
      data-testid={testId}
      open={open || forceOpen}
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="lab-disclosure-summary" data-testid={`${testId}-toggle`}>
        {title}
      </summary>
      <div className="lab-disclosure-body">{children}</div>
    </details>
  );
}
