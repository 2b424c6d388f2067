// Usage per day as bar charts drawn in SVG on the server (no chart library, no inline style for
// the CSP to refuse), each with its numbers in a table for screen readers and for copying.
import { Table, cellClass } from './ui';

type Day = { day: string; users: number; activeUsers: number; apiRequests: number };

const W = 720;
const H = 160;

function Bars({ days, value, label }: { days: Day[]; value: (d: Day) => number; label: string }) {
  const max = Math.max(1, ...days.map(value));
  const step = W / Math.max(days.length, 1);
  const total = days.reduce((n, d) => n + value(d), 0);
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="text-sm font-medium">
        {label}: peak {max.toLocaleString('en')}, total {total.toLocaleString('en')}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${label} per day from ${days[0]?.day} to ${days.at(-1)?.day}; peak ${max}`}
        className="h-40 w-full rounded-md border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
        preserveAspectRatio="none"
      >
        {days.map((d, i) => {
          const h = Math.round((value(d) / max) * (H - 10));
          return (
            <rect key={d.day} x={i * step + 1} y={H - h} width={Math.max(step - 2, 1)} height={h} className="fill-blue-700 dark:fill-blue-400">
              <title>{`${d.day}: ${value(d)}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="flex justify-between text-xs text-slate-700 dark:text-slate-300" aria-hidden="true">
        <span>{days[0]?.day}</span>
        <span>{days.at(-1)?.day}</span>
      </div>
    </figure>
  );
}

export function UsageCharts({ days }: { days: Day[] }) {
  if (days.length === 0)
    return (
      <p role="status" className="rounded-md border border-dashed border-slate-400 p-6 text-center text-slate-700 dark:text-slate-300">
        No usage has been rolled up for this period yet: the daily rollup writes each finished day.
      </p>
    );
  return (
    <div className="flex flex-col gap-6">
      <Bars days={days} value={(d) => d.apiRequests} label="API requests" />
      <Bars days={days} value={(d) => d.users} label="Users" />
      <Bars days={days} value={(d) => d.activeUsers} label="Users who signed in" />
      <details>
        <summary className="cursor-pointer font-medium">The numbers</summary>
        <div className="mt-2">
          <Table caption="Usage per day" columns={['Day', 'API requests', 'Users', 'Signed in']}>
            {days.map((d) => (
              <tr key={d.day}>
                <td className={cellClass}>{d.day}</td>
                <td className={cellClass}>{d.apiRequests.toLocaleString('en')}</td>
                <td className={cellClass}>{d.users.toLocaleString('en')}</td>
                <td className={cellClass}>{d.activeUsers.toLocaleString('en')}</td>
              </tr>
            ))}
          </Table>
        </div>
      </details>
    </div>
  );
}
