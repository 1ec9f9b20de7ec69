import type { ReactNode } from 'react';
import { t } from '../i18n';

/**
 * The admin screens' list table: a scrolling wrapper, column headers, and (with
 * `actions`) a last column for row buttons whose header only screen readers hear.
 */
export function DataTable({
  headers,
  actions = false,
  children,
}: {
  headers: ReactNode[];
  actions?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
