import type { OfficeCalendar } from '@tatalaman/working-time';
import { countdown, type CountdownInput } from '../lib/countdown';
import { workingDuration } from '../lib/format';
import { t } from '../i18n';

/**
 * Working time left on a step, coloured by urgency; the text says the urgency too
 * (colour is never the only signal).
 */
export function CountdownBadge({
  input,
  calendar,
}: {
  input: CountdownInput;
  calendar: OfficeCalendar | undefined;
}) {
  if (!calendar) return <span className="badge">…</span>;
  const c = countdown(input, calendar);
  let text: string;
  switch (c.urgency) {
    case 'none':
      text = t('countdown.none');
      break;
    case 'paused':
      text = t('countdown.paused');
      break;
    case 'breached':
      text = t('countdown.breached', { time: workingDuration(Math.abs(c.remainingMs ?? 0), calendar) });
      break;
    default:
      text = t(c.urgency === 'near' ? 'countdown.near' : 'countdown.left', {
        time: workingDuration(c.remainingMs ?? 0, calendar),
      });
  }
  return (
    <span className={`badge urgency-${c.urgency}`} data-urgency={c.urgency}>
      {text}
    </span>
  );
}
